package otb.baseline.model;

import java.util.LinkedHashMap;
import java.util.Map;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;
import otb.dissect.Protocols;

/**
 * Folds the fact of an approved alert into a baseline, so the same departure is normal from
 * then on. A fact is a small map of strings (see {@link otb.baseline.alert.Alert#fold()}) with
 * a {@code type}: {@code asset}, {@code ip_conversation}, {@code conversation},
 * {@code function}, {@code range} or {@code value}. Facts travel through the store in the text
 * form of {@link #encode}.
 */
public final class Folding {
    private Folding() {
    }

    /** A fact that does not describe a baseline object. */
    public static final class FoldException extends Exception {
        private static final long serialVersionUID = 1L;

        public FoldException(String message) {
            super(message);
        }
    }

    /**
     * Adds the fact to the baseline.
     *
     * @return false when the fact is empty (the alert's kind has no baseline object to add)
     */
    public static boolean apply(Baseline baseline, Map<String, String> fact) throws FoldException {
        String type = fact.get("type");
        if (type == null) {
            return false;
        }
        try {
            long nanos = Long.parseLong(fact.getOrDefault("nanos", "0"));
            switch (type) {
                case "asset" -> {
                    Asset asset = baseline.asset(IpAddress.parse(fact.get("address")), fact.get("cell"), nanos);
                    if (asset != null) {
                        asset.addMac(Long.parseLong(fact.getOrDefault("mac", "0")));
                    }
                }
                case "ip_conversation" -> ipConversation(baseline, fact, nanos);
                case "conversation" -> {
                    if (fact.containsKey("code")) {
                        function(baseline, fact, nanos);
                    } else {
                        conversation(baseline, fact, nanos);
                    }
                }
                case "function" -> function(baseline, fact, nanos);
                case "range" -> {
                    FunctionUse function = function(baseline, fact, nanos);
                    if (function != null) {
                        function.ranges.computeIfAbsent(fact.get("space"), space -> new RangeSet())
                                .add(Long.parseLong(fact.get("start")), Long.parseLong(fact.get("count")));
                    }
                }
                case "value" -> {
                    PointKey key = new PointKey(IpAddress.parse(fact.get("server")), protocolOf(fact),
                            Integer.parseInt(fact.get("unit")), fact.get("space"), Long.parseLong(fact.get("address")));
                    ValueSummary summary = baseline.points.computeIfAbsent(key, k -> new ValueSummary());
                    summary.add(Double.parseDouble(fact.get("value")), nanos);
                }
                default -> throw new FoldException("unknown fact type " + type);
            }
        } catch (RuntimeException e) {
            throw new FoldException("fact " + encode(fact) + " is incomplete: " + e);
        }
        return true;
    }

    private static IpConversation ipConversation(Baseline baseline, Map<String, String> fact, long nanos) {
        IpAddress client = IpAddress.parse(fact.get("client"));
        IpAddress server = IpAddress.parse(fact.get("server"));
        String clientCell = fact.get("client_cell");
        String serverCell = fact.get("server_cell");
        baseline.asset(client, clientCell, nanos);
        baseline.asset(server, serverCell, nanos);
        IpConversationKey key = new IpConversationKey(client, server, Transport.valueOf(fact.get("transport")),
                Integer.parseInt(fact.get("port")));
        IpConversation conversation = baseline.ipConversations.get(key);
        if (conversation == null) {
            conversation = new IpConversation(key, fact.getOrDefault("service", Services.guess(key.transport(),
                    key.serverPort())), clientCell, serverCell);
            conversation.flows = 1;
            conversation.firstSeenNanos = nanos;
            conversation.lastSeenNanos = nanos;
            baseline.ipConversations.put(key, conversation);
            baseline.cell(serverCell).newObject(nanos);
        }
        return conversation;
    }

    private static Conversation conversation(Baseline baseline, Map<String, String> fact, long nanos) {
        Protocol protocol = protocolOf(fact);
        Map<String, String> ip = new LinkedHashMap<>(fact);
        ip.put("service", protocol.wireName());
        ipConversation(baseline, ip, nanos);
        ConversationKey key = new ConversationKey(IpAddress.parse(fact.get("client")), IpAddress.parse(fact.get("server")),
                protocol, Integer.parseInt(fact.get("unit")));
        Conversation conversation = baseline.conversations.get(key);
        if (conversation == null) {
            conversation = new Conversation(key, Transport.valueOf(fact.get("transport")),
                    Integer.parseInt(fact.get("port")), fact.get("client_cell"), fact.get("server_cell"));
            conversation.firstSeenNanos = nanos;
            conversation.lastSeenNanos = nanos;
            baseline.conversations.put(key, conversation);
            baseline.cell(conversation.serverCell).newObject(nanos);
        }
        return conversation;
    }

    private static Protocol protocolOf(Map<String, String> fact) {
        String name = fact.containsKey("protocol") ? fact.get("protocol") : fact.get("service");
        return Protocols.named(name).orElseThrow(() -> new IllegalArgumentException("no industrial protocol " + name));
    }

    private static FunctionUse function(Baseline baseline, Map<String, String> fact, long nanos) {
        Conversation conversation = conversation(baseline, fact, nanos);
        int code = Integer.parseInt(fact.get("code"));
        String name = fact.get("name");
        FunctionUse function = conversation.function(code, name);
        if (function == null) {
            function = conversation.addFunction(code, name, OperationClass.valueOf(fact.get("operation")));
            if (function == null) {
                return null;
            }
            baseline.cell(conversation.serverCell).newObject(nanos);
        }
        function.requests = Math.max(1, function.requests);
        conversation.requests = Math.max(1, conversation.requests);
        // "space start count" triples, separated by blanks
        String[] ranges = fact.getOrDefault("ranges", "").trim().split(" ");
        for (int i = 0; i + 2 < ranges.length; i += 3) {
            if (function.ranges.containsKey(ranges[i]) || function.ranges.size() < FunctionUse.MAX_SPACES) {
                function.ranges.computeIfAbsent(ranges[i], space -> new RangeSet())
                        .add(Long.parseLong(ranges[i + 1]), Long.parseLong(ranges[i + 2]));
            }
        }
        return function;
    }

    /** {@code key=value} pairs separated by tabs; backslash, tab and newline escaped. */
    public static String encode(Map<String, String> fact) {
        StringBuilder text = new StringBuilder();
        // In key order: an alert keeps its fact in an immutable map whose order changes from one
        // JVM to the next, and the database must not.
        for (Map.Entry<String, String> entry : new java.util.TreeMap<>(fact).entrySet()) {
            if (text.length() > 0) {
                text.append('\t');
            }
            escape(text, entry.getKey());
            text.append('=');
            escape(text, entry.getValue());
        }
        return text.toString();
    }

    private static void escape(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '=' -> text.append("\\e");
                default -> text.append(c);
            }
        }
    }

    public static Map<String, String> decode(String text) {
        Map<String, String> fact = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return fact;
        }
        for (String pair : text.split("\t", -1)) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                continue;
            }
            fact.put(unescape(pair.substring(0, equals)), unescape(pair.substring(equals + 1)));
        }
        return fact;
    }

    private static String unescape(String value) {
        StringBuilder text = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                text.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'e' -> '=';
                    default -> next;
                });
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
