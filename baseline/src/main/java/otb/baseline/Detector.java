package otb.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.dissect.FlowEnded;
import otb.dissect.FlowStarted;
import otb.dissect.Malformed;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.PointRange;
import otb.dissect.PointValue;
import otb.dissect.Protocol;

/**
 * Compares dissection events, in capture order, with a baseline and raises de-duplicated alerts
 * to sinks. Reads the baseline, never changes it. All timing is capture time. Memory grows with
 * the baseline (runtime state per learned point and signature), the open flows and bounded sets
 * of novelties, never with the input's length.
 *
 * <p>Call {@link #accept} for every event, then {@link #finish} at the end of input.
 */
public final class Detector implements Consumer<OtEvent> {
    private static final long SECOND = 1_000_000_000L;
    /** Robust standard deviation from a MAD, for normally distributed jitter. */
    private static final double MAD_TO_SIGMA = 1.4826;
    /** Enumerations with at most this many values accept no other value, even within their span. */
    private static final int STRICT_ENUMERATION = 4;
    /** Conversations whose transaction ids stayed below this have a small id space. */
    private static final long SMALL_TRANSACTION_ID_SPACE = 256;
    /** Function-name words that mark program transfer, CPU start/stop and restarts. */
    private static final List<String> PROGRAM_OR_STOP_WORDS = List.of("stop", "start", "restart", "download",
            "upload", "firmware", "program", "reset", "reboot", "listen_only", "plc_control", "pi_service", "cold", "warm");

    private final Cells cells;
    private final Baseline baseline;
    private final DetectionConfig config;
    private final List<AlertSink> sinks;
    private final AlertWindows windows;
    private AlertSink.AlertSinkException sinkFailure;

    private final Map<Flow, FlowState> flows = new IdentityHashMap<>();
    private final Map<ConversationKey, ConversationState> conversations = new HashMap<>();
    /** Signatures seen in this input, checked for silence on every second of capture time. */
    private final Set<SignatureState> activeSignatures = new LinkedHashSet<>();
    private final Bounded<String> noticed;
    private final Bounded<Long> recentCommands;
    private final LinkedHashMap<IpAddress, ScanState> scans;

    private long clock;
    private long nextTickNanos = Long.MIN_VALUE;
    private long alertsRaised;

    public Detector(Cells cells, Baseline baseline, DetectionConfig config, List<? extends AlertSink> sinks) {
        this.cells = cells;
        this.baseline = baseline;
        this.config = config;
        this.sinks = new ArrayList<>(sinks);
        this.windows = new AlertWindows(config.dedupWindowNanos(), config.maxEvidenceFrames());
        this.noticed = new Bounded<>(config.maxNoticed());
        this.recentCommands = new Bounded<>(config.maxNoticed());
        this.scans = new LinkedHashMap<>(64, 0.75f, true);
    }

    /** A set that forgets its least recently added entries past a bound. */
    private static final class Bounded<K> extends LinkedHashMap<K, long[]> {
        private static final long serialVersionUID = 1L;
        private final int max;

        Bounded(int max) {
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, long[]> eldest) {
            return size() > max;
        }
    }

    // ---------------------------------------------------------------- runtime state

    private static final class FlowState {
        String clientCell;
        String serverCell;
        long connection;
        boolean ipConversationKnown;
        ConversationState conversation;
        /** Frame of an unknown conversation on an industrial port, judged when its messages come; 0 when none. */
        long pendingFrame;
        long pendingNanos;
        String pendingInput;
    }

    private static final class ConversationState {
        final ConversationKey key;
        final Conversation learned;
        final String clientCell;
        final String serverCell;
        long second = Long.MIN_VALUE;
        long requestsThisSecond;
        long unanswered;
        long firstUnansweredNanos;
        long firstUnansweredFrame;
        boolean noResponseRaised;
        long exceptionWindowStart = Long.MIN_VALUE;
        long exceptionsInWindow;
        long responsesInWindow;
        boolean exceptionBurstRaised;
        final Map<RequestSignature, SignatureState> signatures = new IdentityHashMap<>();
        final PointShapes pointShapes = new PointShapes();
        final Map<PointKey, PointState> points = new HashMap<>();

        /**
         * True when learning saw the client send the same command bytes on several connections:
         * it reconnects and repeats itself by habit.
         */
        final boolean repeatsAcrossConnections;

        ConversationState(ConversationKey key, Conversation learned, String clientCell, String serverCell) {
            this.key = key;
            this.learned = learned;
            this.clientCell = clientCell;
            this.serverCell = serverCell;
            this.repeatsAcrossConnections = learned != null && learned.functions().stream()
                    .anyMatch(f -> f.commands.values().stream().anyMatch(c -> c[0] == FunctionUse.SEVERAL_CONNECTIONS));
        }
    }

    private static final class SignatureState {
        final ConversationState conversation;
        final FunctionUse function;
        final RequestSignature learned;
        final long medianNanos;
        final long madNanos;
        /** Learned 1st and 99th percentiles: a bimodal cycle (two polls close together, then a pause) stays within. */
        final long lowNanos;
        final long highNanos;
        final long[] intervals;
        int intervalCount;
        int intervalNext;
        long lastRequestNanos = Long.MIN_VALUE;
        long lastFrame;
        String lastInput = "";
        boolean deviating;
        boolean silent;

        SignatureState(ConversationState conversation, FunctionUse function, RequestSignature learned, int window) {
            this.conversation = conversation;
            this.function = function;
            this.learned = learned;
            this.medianNanos = learned.cycle.medianMicros() * 1000;
            this.madNanos = learned.cycle.madMicros() * 1000;
            this.lowNanos = learned.cycle.percentileMicros(1) * 1000;
            this.highNanos = learned.cycle.percentileMicros(99) * 1000;
            this.intervals = new long[window];
            this.sorted = new long[window];
        }

        private final long[] sorted;

        long recentMedian() {
            System.arraycopy(intervals, 0, sorted, 0, intervalCount);
            for (int i = 1; i < intervalCount; i++) { // insertion sort: a handful of values
                long value = sorted[i];
                int j = i - 1;
                while (j >= 0 && sorted[j] > value) {
                    sorted[j + 1] = sorted[j];
                    j--;
                }
                sorted[j + 1] = value;
            }
            return sorted[intervalCount / 2];
        }
    }

    /** Detection state of one learned point, with the learned facts it is judged by, read once. */
    private static final class PointState {
        final PointKey key;
        final ValueSummary learned;
        final ValueBehaviour behaviour;
        final boolean judged;
        final double low;
        final double high;
        final Envelope envelope;
        final boolean judgeFrozen;
        final long frozenRun;
        /** A run must also last this long: fast polling (or a flood) repeats a slow value often. */
        final long frozenNanos;
        final boolean judgeReplay;
        final ValueSummary.ValueWindow window = new ValueSummary.ValueWindow();
        FingerprintSet seen;
        long repeatHits;
        boolean hasLast;
        double last;
        long run;
        long runStartNanos;
        boolean frozenRaised;

        PointState(PointKey key, ValueSummary learned, DetectionConfig config) {
            this.key = key;
            this.learned = learned;
            this.behaviour = learned.behaviour();
            this.judged = learned.count >= config.minLearnedSamples();
            double margin = Math.max(config.valueTolerance() * (learned.max - learned.min), learned.largestStep);
            if (learned.writes > 0) {
                // operators move setpoints by a share of their magnitude, beyond what learning saw
                margin = Math.max(margin, config.valueTolerance() * Math.max(Math.abs(learned.min), Math.abs(learned.max)));
            }
            this.low = learned.min - margin;
            this.high = learned.max + margin;
            this.envelope = envelope(learned, behaviour);
            this.judgeFrozen = judged && learned.writes == 0
                    && (behaviour == ValueBehaviour.ANALOG || behaviour == ValueBehaviour.COUNTER);
            this.frozenRun = Math.max(config.frozenMinSamples(), config.frozenFactor() * learned.longestRun);
            this.frozenNanos = config.frozenFactor() * learned.longestRunNanos;
            this.judgeReplay = judged && envelope == Envelope.RANGE && learned.writes == 0 && !learned.windowsRepeat();
        }

        /** Whether a read-back value leaves the learned envelope (see {@link Detector#outsideEnvelope}). */
        boolean outside(double v) {
            if (!judged || Double.isNaN(v)) {
                return false;
            }
            return switch (envelope) {
                case RANGE -> v < low || v > high;
                case KNOWN_VALUES -> !learned.isKnownValue(v);
                case NONE -> false;
            };
        }
    }

    /** Novel targets of one client within the scan window, per category (each set bounded by its threshold). */
    private static final class ScanState {
        final long windowStart;
        final List<Set<Long>> targets = new ArrayList<>(ScanCategory.values().length);
        final boolean[] raised = new boolean[ScanCategory.values().length];

        ScanState(long windowStart) {
            this.windowStart = windowStart;
            for (int i = 0; i < ScanCategory.values().length; i++) {
                targets.add(new java.util.HashSet<>());
            }
        }
    }

    private enum ScanCategory {
        UNITS("unit ids"), FUNCTIONS("function codes"), ADDRESSES("address ranges"), SERVICES("hosts/ports");

        final String label;

        ScanCategory(String label) {
            this.label = label;
        }
    }

    // ---------------------------------------------------------------- events

    @Override
    public void accept(OtEvent event) {
        long nanos = event.timestampNanos();
        if (nanos > clock) {
            clock = nanos;
        }
        if (event instanceof OtMessage message) {
            message(message);
        } else if (event instanceof FlowStarted started) {
            flowState(started.flow(), nanos, started.frame(), started.source());
        } else if (event instanceof FlowEnded ended) {
            flowEnded(ended);
        } else if (event instanceof Malformed malformed) {
            malformed(malformed);
        }
        if (clock >= nextTickNanos) {
            tick();
        }
    }

    /** End of input: closes every open alert and flushes the sinks. */
    public void finish() throws AlertSink.AlertSinkException {
        deliver(windows.closeAll());
        for (AlertSink sink : sinks) {
            if (sinkFailure == null) {
                try {
                    sink.flush();
                } catch (AlertSink.AlertSinkException e) {
                    sinkFailure = e;
                }
            }
        }
        if (sinkFailure != null) {
            throw sinkFailure;
        }
    }

    /** Alerts opened so far (before de-duplication counts). */
    public long alertsRaised() {
        return alertsRaised;
    }

    /** Live capture lost packets; raises CAPTURE_LOSS (de-duplicated per input). */
    public void reportCaptureLoss(long nanos, String input, long packetsLost) {
        clock = Math.max(clock, nanos);
        raise(Alert.builder(AlertKind.CAPTURE_LOSS, "loss|" + input, nanos).evidence(0, input)
                .baseline("capture delivers every packet").detail(packetsLost + " packets lost"));
    }

    /** A live interface delivered nothing for {@code silentNanos}; raises NO_TRAFFIC. */
    public void reportNoTraffic(long nanos, String input, long silentNanos) {
        clock = Math.max(clock, nanos);
        raise(Alert.builder(AlertKind.NO_TRAFFIC, "silent|" + input, nanos).evidence(0, input)
                .baseline("the interface carries traffic").detail("no packet for " + Formats.seconds(silentNanos)));
    }

    private void tick() {
        nextTickNanos = (Math.floorDiv(clock, SECOND) + 1) * SECOND;
        for (SignatureState signature : activeSignatures) {
            if (signature.silent || signature.medianNanos <= 0
                    || signature.learned.cycle.count() < config.minLearnedSamples()) {
                continue;
            }
            long limit = Math.max(Math.max(config.silentMinNanos(), config.silentFactor() * signature.medianNanos),
                    2 * signature.highNanos);
            if (clock - signature.lastRequestNanos > limit) {
                signature.silent = true;
                ConversationState conversation = signature.conversation;
                raise(conversationAlert(AlertKind.CHANNEL_SILENT, "silent|" + conversation.key, clock, conversation)
                        .function(signature.function.code, signature.function.name)
                        .evidence(signature.lastFrame, signature.lastInput)
                        .baseline("polled every " + Formats.seconds(signature.medianNanos) + " (" + signature.learned.label() + ")")
                        .detail("no request since " + Formats.seconds(clock - signature.lastRequestNanos)));
            }
        }
        deliver(windows.expire(clock));
    }

    // ---------------------------------------------------------------- flows and assets

    private FlowState flowState(Flow flow, long nanos, long frame, String input) {
        FlowState state = flows.get(flow);
        if (state != null) {
            return state;
        }
        state = new FlowState();
        state.clientCell = cells.cellOf(flow.client(), flow.vlan());
        state.serverCell = cells.cellOf(flow.server(), flow.vlan());
        state.connection = Commands.connectionIdentity(flow);
        flows.put(flow, state);
        checkAsset(flow.client(), state.clientCell, flow.clientMac(), nanos, frame, input);
        checkAsset(flow.server(), state.serverCell, flow.serverMac(), nanos, frame, input);
        IpConversationKey key = new IpConversationKey(flow.client(), flow.server(), flow.transport(), flow.serverPort());
        state.ipConversationKnown = baseline.ipConversations.containsKey(key);
        if (!state.ipConversationKnown && Flow.isDevice(flow.server(), flow.serverMac()) && notice("ipc|" + key)) {
            countScanTarget(flow.client(), ScanCategory.SERVICES, key.server().hashCode() * 65_537L + key.serverPort(),
                    nanos, frame, input, state.serverCell, flow.server());
            if (Services.industrialHint(flow.transport(), flow.serverPort()) != null) {
                // wait: its messages will name the protocol (and unit); judged at flow end if none come
                state.pendingFrame = frame;
                state.pendingNanos = nanos;
                state.pendingInput = input;
            } else {
                newIpConversation(flow, state, nanos, frame, input);
            }
        }
        return state;
    }

    private void newIpConversation(Flow flow, FlowState state, long nanos, long frame, String input) {
        String service = Services.guess(flow.transport(), flow.serverPort());
        newConversation(flow, state, service, -1, nanos, frame, input, "no " + service + " conversation "
                + flow.client() + " -> " + flow.server() + " " + flow.transport().wireName() + "/" + flow.serverPort()
                + " in the baseline");
    }

    private void flowEnded(FlowEnded ended) {
        FlowState state = flows.remove(ended.flow());
        if (state != null && state.pendingFrame != 0) {
            newIpConversation(ended.flow(), state, state.pendingNanos, state.pendingFrame, state.pendingInput);
        }
    }

    private void checkAsset(IpAddress address, String cell, long mac, long nanos, long frame, String input) {
        if (!Flow.isDevice(address, mac) || baseline.assets.containsKey(address) || !notice("asset|" + address)) {
            return;
        }
        Map<String, String> fold = new LinkedHashMap<>();
        fold.put("type", "asset");
        fold.put("address", address.toString());
        fold.put("cell", cell);
        fold.put("mac", Long.toString(mac));
        fold.put("nanos", Long.toString(nanos));
        raise(Alert.builder(AlertKind.NEW_ASSET, "asset|" + address, nanos)
                .severity(AlertKind.NEW_ASSET.baseSeverity().shift(cells.criticality(address, cell).severityShift()))
                .cell(cell).endpoints(address.toString(), "").evidence(frame, input)
                .baseline("no asset " + address + " in cell " + cell)
                .detail("new address " + address + (mac != 0 ? " (MAC " + Asset.macText(mac) + ")" : ""))
                .fold(fold));
    }

    private void newConversation(Flow flow, FlowState state, String service, int unit, long nanos, long frame,
                                 String input, String fact) {
        newConversation(flow, state, service, unit, nanos, frame, input, fact, null);
    }

    /** @param request the request that opened an industrial conversation, folded with it on approval; or null */
    private void newConversation(Flow flow, FlowState state, String service, int unit, long nanos, long frame,
                                 String input, String fact, OtMessage request) {
        String transportPort = flow.transport().wireName() + "/" + flow.serverPort();
        boolean crossCell = !cells.allowed(state.clientCell, state.serverCell, service, transportPort);
        AlertKind kind = crossCell ? AlertKind.CROSS_CELL_CONVERSATION : AlertKind.NEW_CONVERSATION;
        int shift = cells.criticality(flow.server(), state.serverCell).severityShift()
                + (Services.isRemoteAccess(service) ? 1 : 0);
        Map<String, String> fold = new LinkedHashMap<>();
        fold.put("type", unit < 0 ? "ip_conversation" : "conversation");
        fold.put("client", flow.client().toString());
        fold.put("server", flow.server().toString());
        fold.put("transport", flow.transport().name());
        fold.put("port", Integer.toString(flow.serverPort()));
        fold.put("service", service);
        fold.put("unit", Integer.toString(unit));
        fold.put("client_cell", state.clientCell);
        fold.put("server_cell", state.serverCell);
        fold.put("nanos", Long.toString(nanos));
        if (request != null) {
            putFunction(fold, request);
        }
        String what = service + (unit >= 0 ? " unit " + unit : "") + " " + flow.client() + " -> " + flow.server()
                + " " + transportPort;
        raise(Alert.builder(kind, "conv|" + flow.client() + "|" + flow.server() + "|" + transportPort, nanos)
                .severity(kind.baseSeverity().shift(shift)).cell(state.serverCell)
                .endpoints(flow.client().toString(), flow.server().toString()).protocol(service)
                .evidence(frame, input)
                .baseline(crossCell ? fact + "; no conduit allows " + state.clientCell + " -> " + state.serverCell
                        + " " + service : fact)
                .detail((crossCell ? "cross-cell " : "new ") + what
                        + (Services.isRemoteAccess(service) ? " (remote access)" : ""))
                .fold(fold));
    }

    // ---------------------------------------------------------------- messages

    private void message(OtMessage message) {
        long nanos = message.timestampNanos();
        Flow flow = message.flow();
        FlowState flowState = flowState(flow, nanos, message.frame(), message.source());
        flowState.pendingFrame = 0;
        ConversationState conversation = conversationState(flowState, message);
        Conversation learned = conversation.learned;
        int code = message.function().isPresent() ? message.function().getAsInt() : -1;
        FunctionUse function = learned == null ? null : learned.function(code, message.functionName());
        if (message.role() == MessageRole.REQUEST) {
            request(message, flowState, conversation, function, code);
        } else {
            response(message, conversation);
        }
    }

    private ConversationState conversationState(FlowState flowState, OtMessage message) {
        ConversationState cached = flowState.conversation;
        Protocol protocol = message.protocol();
        if (cached != null && cached.key.unit() == message.unit() && cached.key.protocol() == protocol) {
            return cached;
        }
        Flow flow = message.flow();
        ConversationKey key = new ConversationKey(flow.client(), flow.server(), protocol, message.unit());
        ConversationState state = conversations.get(key);
        if (state == null) {
            Conversation learned = baseline.conversations.get(key);
            state = new ConversationState(key, learned, flowState.clientCell, flowState.serverCell);
            if (learned != null || conversations.size() < config.maxNoticed()) {
                conversations.put(key, state);
            }
            if (learned == null && notice("conv|" + key)) {
                newConversation(flow, flowState, protocol.wireName(), message.unit(), message.timestampNanos(),
                        message.frame(), message.source(), "no " + protocol.wireName() + " conversation "
                                + flow.client() + " -> " + flow.server() + " unit " + message.unit() + " in the baseline",
                        message.role() == MessageRole.REQUEST ? message : null);
                countScanTarget(flow.client(), ScanCategory.UNITS, flow.server().hashCode() * 257L + message.unit(),
                        message.timestampNanos(), message.frame(), message.source(), flowState.serverCell, flow.server());
            }
        }
        flowState.conversation = state;
        return state;
    }

    private void request(OtMessage message, FlowState flowState, ConversationState conversation, FunctionUse function,
                         int code) {
        long nanos = message.timestampNanos();
        Conversation learned = conversation.learned;
        checkFlood(message, conversation);
        conversation.unanswered++;
        if (conversation.unanswered == 1) {
            conversation.firstUnansweredNanos = nanos;
            conversation.firstUnansweredFrame = message.frame();
        }
        checkNoResponse(message, conversation);
        OperationClass operation = message.operation();
        boolean change = Commands.isChange(operation);
        if (isProgramOrStop(message)) {
            programOrStop(message, conversation, function);
        } else if (learned != null && function == null) {
            newFunction(message, conversation, code, change);
        }
        if (learned != null && function != null) {
            checkRanges(message, conversation, function, change);
            timing(message, conversation, function);
        }
        if (change) {
            checkReplay(message, flowState, conversation, function);
            if (learned != null && function != null) {
                checkWrittenValues(message, conversation);
            }
        }
    }

    private void response(OtMessage message, ConversationState conversation) {
        conversation.unanswered = 0;
        conversation.noResponseRaised = false;
        if (conversation.learned != null) {
            checkExceptions(message, conversation);
            List<PointValue> values = message.values();
            if (values.isEmpty()) {
                return;
            }
            Object[] states = conversation.pointShapes.find(values);
            if (states == null) {
                states = new Object[values.size()];
                for (int i = 0; i < states.length; i++) {
                    states[i] = pointState(conversation, values.get(i));
                }
                conversation.pointShapes.put(values, states);
            }
            for (int i = 0; i < states.length; i++) {
                if (states[i] != null) {
                    checkValue(message, conversation, values.get(i), (PointState) states[i]);
                }
            }
        }
    }

    // ---------------------------------------------------------------- functions

    private void programOrStop(OtMessage message, ConversationState conversation, FunctionUse function) {
        boolean learnedBefore = function != null && function.requests > 0;
        Severity severity = learnedBefore ? Severity.MEDIUM : AlertKind.PROGRAM_OR_STOP.baseSeverity();
        int code = message.function().isPresent() ? message.function().getAsInt() : -1;
        raise(conversationAlert(AlertKind.PROGRAM_OR_STOP,
                "prog|" + conversation.key + "|" + code + "|" + message.functionName(), message.timestampNanos(),
                conversation)
                .severity(severity.shift(criticalityShift(conversation)))
                .function(code, message.functionName()).evidence(message.frame(), message.source())
                .baseline(learnedBefore ? "learned: " + function.requests + " " + message.functionName()
                        + " requests in this conversation" : "never seen in this conversation")
                .detail(message.operation().wireName() + " " + message.functionName())
                .fold(functionFold(conversation, message)));
    }

    private void newFunction(OtMessage message, ConversationState conversation, int code, boolean change) {
        if (!notice("func|" + conversation.key + "|" + code + "|" + message.functionName())) {
            return;
        }
        Conversation learned = conversation.learned;
        long nanos = message.timestampNanos();
        countScanTarget(message.src(), ScanCategory.FUNCTIONS,
                conversation.key.server().hashCode() * 1_000_003L + code * 31L + message.functionName().hashCode(),
                nanos, message.frame(), message.source(), conversation.serverCell, conversation.key.server());
        List<String> known = new ArrayList<>();
        for (FunctionUse use : learned.functions) {
            known.add(use.label());
        }
        if (change && !learned.writes()) {
            raise(conversationAlert(AlertKind.NEW_WRITER, "writer|" + conversation.key, nanos, conversation)
                    .severity(AlertKind.NEW_WRITER.baseSeverity().shift(criticalityShift(conversation)))
                    .function(code, message.functionName()).evidence(message.frame(), message.source())
                    .baseline("only ever used " + String.join(", ", known))
                    .detail(message.operation().wireName() + " " + message.functionName() + " " + rangesText(message))
                    .fold(functionFold(conversation, message)));
            return;
        }
        AlertKind kind = AlertKind.NEW_FUNCTION_CODE;
        Severity base = change ? Severity.HIGH : kind.baseSeverity();
        raise(conversationAlert(kind, "func|" + conversation.key, nanos, conversation)
                .severity(base.shift(criticalityShift(conversation)))
                .function(code, message.functionName()).evidence(message.frame(), message.source())
                .baseline("learned functions: " + String.join(", ", known))
                .detail(message.operation().wireName() + " " + (code >= 0 ? code + " " : "") + message.functionName())
                .fold(functionFold(conversation, message)));
    }

    private Map<String, String> functionFold(ConversationState conversation, OtMessage message) {
        Map<String, String> fold = conversationFold(conversation, message);
        fold.put("type", "function");
        putFunction(fold, message);
        return fold;
    }

    /** The request's function and the ranges it touched, so approving folds all of what it did. */
    private static void putFunction(Map<String, String> fold, OtMessage message) {
        fold.put("code", Integer.toString(message.function().isPresent() ? message.function().getAsInt() : -1));
        fold.put("name", message.functionName());
        fold.put("operation", message.operation().name());
        StringBuilder ranges = new StringBuilder();
        for (PointRange range : message.ranges()) {
            if (ranges.length() > 0) {
                ranges.append(' ');
            }
            ranges.append(range.space()).append(' ').append(range.start()).append(' ').append(range.count());
        }
        fold.put("ranges", ranges.toString());
    }

    private static Map<String, String> conversationFold(ConversationState conversation, OtMessage message) {
        Map<String, String> fold = new LinkedHashMap<>();
        fold.put("client", conversation.key.client().toString());
        fold.put("server", conversation.key.server().toString());
        fold.put("protocol", conversation.key.protocol().name());
        fold.put("unit", Integer.toString(conversation.key.unit()));
        fold.put("transport", message.flow().transport().name());
        fold.put("port", Integer.toString(message.flow().serverPort()));
        fold.put("client_cell", conversation.clientCell);
        fold.put("server_cell", conversation.serverCell);
        fold.put("nanos", Long.toString(message.timestampNanos()));
        return fold;
    }

    private void checkRanges(OtMessage message, ConversationState conversation, FunctionUse function, boolean change) {
        List<PointRange> ranges = message.ranges();
        // a sweep probes address after address, request after request; one request reading many
        // new items (an HMI opening a new screen) counts once
        boolean countedForScan = false;
        for (int i = 0; i < ranges.size(); i++) {
            PointRange range = ranges.get(i);
            RangeSet learned = function.ranges.get(range.space());
            if (learned != null && learned.contains(range.start(), range.count())) {
                continue;
            }
            String rangeKey = conversation.key + "|" + function.code + "|" + function.name + "|" + range.space() + "|"
                    + range.start() + "|" + range.count();
            if (!notice("range|" + rangeKey)) {
                continue;
            }
            if (!countedForScan) {
                countedForScan = true;
                countScanTarget(message.src(), ScanCategory.ADDRESSES, rangeKey.hashCode() * 31L + range.start(),
                        message.timestampNanos(), message.frame(), message.source(), conversation.serverCell,
                        conversation.key.server());
            }
            if (!change) {
                continue;
            }
            Map<String, String> fold = functionFold(conversation, message);
            fold.put("type", "range");
            fold.put("space", range.space());
            fold.put("start", Long.toString(range.start()));
            fold.put("count", Long.toString(range.count()));
            raise(conversationAlert(AlertKind.WRITE_OUTSIDE_LEARNED_RANGE,
                    "wrange|" + conversation.key + "|" + function.code + "|" + range.space(), message.timestampNanos(),
                    conversation)
                    .severity(AlertKind.WRITE_OUTSIDE_LEARNED_RANGE.baseSeverity().shift(criticalityShift(conversation)))
                    .function(function.code, function.name).evidence(message.frame(), message.source())
                    .baseline(function.name + " learned on " + (learned == null ? "no " + range.space() + " points"
                            : range.space() + ":" + learned))
                    .detail("writes " + range.space() + ":" + range.start() + "-" + (range.start() + range.count() - 1))
                    .fold(fold));
        }
    }

    private void checkWrittenValues(OtMessage message, ConversationState conversation) {
        List<PointValue> values = message.values();
        for (int i = 0; i < values.size(); i++) {
            PointValue value = values.get(i);
            PointKey key = new PointKey(conversation.key.server(), conversation.key.protocol(), conversation.key.unit(),
                    value.space(), value.address());
            ValueSummary learned = baseline.points.get(key);
            if (learned == null || !outsideEnvelope(learned, value.value())) {
                continue;
            }
            raise(conversationAlert(AlertKind.WRITE_OUTSIDE_LEARNED_RANGE, "wvalue|" + key, message.timestampNanos(),
                    conversation)
                    .severity(AlertKind.WRITE_OUTSIDE_LEARNED_RANGE.baseSeverity().shift(criticalityShift(conversation)))
                    .function(message.function().isPresent() ? message.function().getAsInt() : -1, message.functionName())
                    .evidence(message.frame(), message.source())
                    .baseline(envelopeText(key, learned))
                    .detail("writes " + Formats.value(value.value()) + " to " + value.space() + ":" + value.address())
                    .fold(valueFold(key, value.value(), message.timestampNanos())));
        }
    }

    private void checkReplay(OtMessage message, FlowState flowState, ConversationState conversation,
                             FunctionUse function) {
        long fingerprint = Commands.fingerprint(message);
        long nanos = message.timestampNanos();
        String earlier = null;
        // with a small id space (a 4-bit application sequence) identical commands recur by chance:
        // then only a copy on another connection within this input counts
        boolean smallIdSpace = conversation.learned != null
                && conversation.learned.largestTransactionId < SMALL_TRANSACTION_ID_SPACE;
        long[] learned = function == null ? null : function.commands.get(fingerprint);
        if (learned != null && learned[0] == FunctionUse.SEVERAL_CONNECTIONS) {
            // learned as a habit: the client sent these very bytes on several connections
            recentCommands.put(fingerprint, new long[] {flowState.connection, nanos, message.frame()});
            return;
        }
        if (smallIdSpace) {
            learned = null;
        }
        if (learned != null && learned[0] != flowState.connection) {
            earlier = "learned at " + otb.dissect.MessageRecord.timestamp(learned[1]) + " on another connection";
        }
        long[] recent = recentCommands.get(fingerprint);
        if (earlier == null && recent != null) {
            if (recent[0] != flowState.connection && !(smallIdSpace && conversation.repeatsAcrossConnections)) {
                // with a small id space and a client that reconnects and repeats by habit, a copy on
                // another connection cannot be told from the habit: claim no replay
                earlier = "seen at " + otb.dissect.MessageRecord.timestamp(recent[1]) + " (frame " + recent[2]
                        + ") on another connection";
            } else if (!smallIdSpace && nanos - recent[1] > config.replayMinGapNanos()) {
                earlier = "seen " + Formats.seconds(nanos - recent[1]) + " earlier (frame " + recent[2] + ") on this connection";
            }
        }
        recentCommands.put(fingerprint, new long[] {flowState.connection, nanos, message.frame()});
        if (earlier == null) {
            return;
        }
        int code = message.function().isPresent() ? message.function().getAsInt() : -1;
        raise(conversationAlert(AlertKind.REPLAYED_COMMAND, "replay|" + conversation.key + "|" + fingerprint, nanos,
                conversation)
                .severity(AlertKind.REPLAYED_COMMAND.baseSeverity().shift(criticalityShift(conversation)))
                .function(code, message.functionName()).evidence(message.frame(), message.source())
                .baseline("identical command " + earlier)
                .detail(message.functionName() + " " + rangesText(message)
                        + (message.transactionId().isPresent() ? " txid " + message.transactionId().getAsLong() : "")));
    }

    // ---------------------------------------------------------------- timing

    private void timing(OtMessage message, ConversationState conversation, FunctionUse function) {
        List<PointRange> ranges = message.ranges();
        PointRange first = ranges.isEmpty() ? null : ranges.get(0);
        RequestSignature learned = first == null ? function.signature("", 0, 0, false)
                : function.signature(first.space(), first.start(), first.count(), false);
        if (learned == null) {
            return;
        }
        SignatureState state = conversation.signatures.get(learned);
        if (state == null) {
            state = new SignatureState(conversation, function, learned, config.cycleWindow());
            conversation.signatures.put(learned, state);
            activeSignatures.add(state);
        }
        long nanos = message.timestampNanos();
        long interval = nanos - state.lastRequestNanos;
        boolean hadLast = state.lastRequestNanos != Long.MIN_VALUE;
        state.lastRequestNanos = nanos;
        state.lastFrame = message.frame();
        state.lastInput = message.source();
        if (state.silent) {
            state.silent = false;
        }
        if (!hadLast || interval <= 0 || interval > RequestSignature.MAX_CYCLE_NANOS) {
            return;
        }
        state.intervals[state.intervalNext] = interval;
        state.intervalNext = (state.intervalNext + 1) % state.intervals.length;
        state.intervalCount = Math.min(state.intervalCount + 1, state.intervals.length);
        if (state.intervalCount < state.intervals.length || learned.cycle.count() < config.minLearnedSamples()
                || state.medianNanos <= 0) {
            return;
        }
        long recent = state.recentMedian();
        double margin = Math.max(config.cycleSpreadFactor() * MAD_TO_SIGMA * state.madNanos,
                config.cycleMinRelative() * state.medianNanos);
        boolean deviating = recent < state.lowNanos - margin || recent > state.highNanos + margin;
        if (deviating && !state.deviating) {
            raise(conversationAlert(AlertKind.CYCLE_DEVIATION, "cycle|" + conversation.key + "|" + function.label() + "|"
                    + learned.label(), nanos, conversation)
                    .severity(AlertKind.CYCLE_DEVIATION.baseSeverity().shift(criticalityShift(conversation)))
                    .function(function.code, function.name).evidence(message.frame(), message.source())
                    .baseline("cycle " + learned.label() + " median " + Formats.seconds(state.medianNanos) + ", MAD "
                            + Formats.seconds(state.madNanos) + ", 1st-99th percentile " + Formats.seconds(state.lowNanos) + " - "
                            + Formats.seconds(state.highNanos))
                    .detail("median of the last " + state.intervals.length + " intervals " + Formats.seconds(recent)));
        }
        state.deviating = deviating;
    }

    private void checkFlood(OtMessage message, ConversationState conversation) {
        long second = Math.floorDiv(message.timestampNanos(), SECOND);
        if (second != conversation.second) {
            conversation.second = second;
            conversation.requestsThisSecond = 0;
        }
        conversation.requestsThisSecond++;
        long limit = conversation.learned == null ? config.floodUnknownRate()
                : Math.max(config.floodMinRate(), config.floodFactor() * conversation.learned.peakRequestsPerSecond);
        if (conversation.requestsThisSecond == limit + 1) {
            raise(conversationAlert(AlertKind.FLOOD, "flood|" + conversation.key, message.timestampNanos(), conversation)
                    .severity(AlertKind.FLOOD.baseSeverity().shift(criticalityShift(conversation)))
                    .evidence(message.frame(), message.source())
                    .baseline(conversation.learned == null ? "not in the baseline; flood above " + limit + " requests/s"
                            : "learned peak " + conversation.learned.peakRequestsPerSecond + " requests/s")
                    .detail("more than " + limit + " requests within one second"));
        }
    }

    private void checkNoResponse(OtMessage message, ConversationState conversation) {
        Conversation learned = conversation.learned;
        if (learned == null || conversation.noResponseRaised || learned.requests < config.minLearnedSamples()
                || learned.responses * 10 < learned.requests * 9
                || conversation.unanswered < config.noResponseRequests()
                || message.timestampNanos() - conversation.firstUnansweredNanos < config.noResponseMinNanos()) {
            return;
        }
        conversation.noResponseRaised = true;
        raise(conversationAlert(AlertKind.NO_RESPONSE, "noresp|" + conversation.key, conversation.firstUnansweredNanos,
                conversation)
                .severity(AlertKind.NO_RESPONSE.baseSeverity().shift(criticalityShift(conversation)))
                .evidence(conversation.firstUnansweredFrame, message.source())
                .baseline("learned " + learned.responses + " responses to " + learned.requests + " requests")
                .detail(conversation.unanswered + " requests unanswered over "
                        + Formats.seconds(message.timestampNanos() - conversation.firstUnansweredNanos)));
    }

    private void checkExceptions(OtMessage message, ConversationState conversation) {
        long nanos = message.timestampNanos();
        if (conversation.exceptionWindowStart == Long.MIN_VALUE
                || nanos - conversation.exceptionWindowStart > config.exceptionWindowNanos()) {
            if (!message.isException()) {
                return;
            }
            conversation.exceptionWindowStart = nanos;
            conversation.exceptionsInWindow = 0;
            conversation.responsesInWindow = 0;
            conversation.exceptionBurstRaised = false;
        }
        conversation.responsesInWindow++;
        if (!message.isException()) {
            return;
        }
        conversation.exceptionsInWindow++;
        Conversation learned = conversation.learned;
        double learnedRatio = learned.responses == 0 ? 0 : (double) learned.exceptions / learned.responses;
        double expected = 3 * learnedRatio * conversation.responsesInWindow + 1;
        if (!conversation.exceptionBurstRaised && conversation.exceptionsInWindow >= config.exceptionBurst()
                && conversation.exceptionsInWindow >= expected) {
            conversation.exceptionBurstRaised = true;
            raise(conversationAlert(AlertKind.EXCEPTION_BURST, "exc|" + conversation.key, nanos, conversation)
                    .severity(AlertKind.EXCEPTION_BURST.baseSeverity().shift(criticalityShift(conversation)))
                    .function(message.function().isPresent() ? message.function().getAsInt() : -1, message.functionName())
                    .evidence(message.frame(), message.source())
                    .baseline(String.format(Locale.ROOT, "learned %d exceptions in %d responses", learned.exceptions,
                            learned.responses))
                    .detail(conversation.exceptionsInWindow + " exceptions in " + conversation.responsesInWindow
                            + " responses within " + Formats.seconds(config.exceptionWindowNanos()) + ", last "
                            + message.exceptionName()));
        }
    }

    // ---------------------------------------------------------------- values

    /** Runtime state of a learned point; null for points the baseline does not know. */
    private PointState pointState(ConversationState conversation, PointValue value) {
        PointKey key = new PointKey(conversation.key.server(), conversation.key.protocol(), conversation.key.unit(),
                value.space(), value.address());
        // the sequence of a point's values is followed per conversation: a replay towards one
        // client must not be hidden by another client reading the real values
        PointState state = conversation.points.get(key);
        if (state == null) {
            ValueSummary learned = baseline.points.get(key);
            if (learned == null) {
                return null;
            }
            state = new PointState(key, learned, config);
            conversation.points.put(key, state);
        }
        return state;
    }

    private void checkValue(OtMessage message, ConversationState conversation, PointValue value, PointState state) {
        PointKey key = state.key;
        double v = value.value();
        long nanos = message.timestampNanos();
        ValueSummary learned = state.learned;
        if (state.outside(v)) {
            // one alert per device and address space: a device whose data block changes raises one, counted
            raise(conversationAlert(AlertKind.VALUE_OUT_OF_RANGE, "value|" + conversation.key + "|" + key.space(), nanos,
                    conversation)
                    .severity(AlertKind.VALUE_OUT_OF_RANGE.baseSeverity().shift(criticalityShift(conversation)))
                    .evidence(message.frame(), message.source())
                    .baseline(envelopeText(key, learned))
                    .detail(value.space() + ":" + value.address() + " = " + Formats.value(v))
                    .fold(valueFold(key, v, nanos)));
        }
        // frozen: a varying point repeating one value far longer than ever learned
        if (state.hasLast && state.last == v) {
            state.run++;
        } else {
            state.run = 1;
            state.runStartNanos = nanos;
            state.frozenRaised = false;
        }
        state.hasLast = true;
        state.last = v;
        if (!state.frozenRaised && state.judgeFrozen && state.run >= state.frozenRun
                && nanos - state.runStartNanos >= state.frozenNanos) {
            state.frozenRaised = true;
            raise(conversationAlert(AlertKind.FROZEN_VALUE, "frozen|" + key, nanos, conversation)
                    .severity(AlertKind.FROZEN_VALUE.baseSeverity().shift(criticalityShift(conversation)))
                    .evidence(message.frame(), message.source())
                    .baseline(state.behaviour.wireName() + " point, longest learned run of one value "
                            + learned.longestRun)
                    .detail(value.space() + ":" + value.address() + " stuck at " + Formats.value(v) + " for "
                            + state.run + " updates over " + Formats.seconds(nanos - state.runStartNanos)));
        }
        // replayed: a window of a varying point equal to an earlier window
        if (!state.judgeReplay) {
            return;
        }
        long fingerprint = state.window.push(v);
        if (fingerprint == 0) {
            return;
        }
        state.repeatHits <<= 1;
        // windows are sampled by hash, as in learning: only a sampled window can match a kept one
        if (Long.remainderUnsigned(fingerprint, ValueSummary.FINGERPRINT_SAMPLING) != 0) {
            return;
        }
        if (state.seen == null) {
            state.seen = new FingerprintSet(ValueSummary.FINGERPRINTS);
        }
        boolean seenBefore = !state.seen.add(fingerprint);
        // a flat window (fewer than 4 distinct values) repeating proves nothing; asked only on a match
        // a learned window is replayed only by traffic newer than the learning (analysing the
        // learned capture again is not a replay of itself)
        boolean replaysLearned = nanos > learned.lastSeenNanos && learned.knowsWindow(fingerprint);
        if ((seenBefore || replaysLearned) && state.window.varied()) {
            state.repeatHits |= 1;
        }
        // one repeated window may be chance; several within the last 64 values are a replay
        if (Long.bitCount(state.repeatHits) >= ValueSummary.REPLAY_MIN_HITS) {
            state.repeatHits = 0;
            // one alert per device and address space: a replay usually plays back a whole block
            raise(conversationAlert(AlertKind.REPLAYED_VALUES, "replayv|" + conversation.key + "|" + key.space(), nanos,
                    conversation)
                    .severity(AlertKind.REPLAYED_VALUES.baseSeverity().shift(criticalityShift(conversation)))
                    .evidence(message.frame(), message.source())
                    .baseline("analog point whose windows of " + ValueSummary.WINDOW + " values did not repeat")
                    .detail(value.space() + ":" + value.address() + ": the last " + ValueSummary.WINDOW
                            + " values repeat an earlier window exactly"));
        }
    }

    private boolean outsideEnvelope(ValueSummary learned, double v) {
        return new PointState(null, learned, config).outside(v);
    }

    /**
     * How a point's values are judged. A few states (an enumeration of at most
     * {@link #STRICT_ENUMERATION} values) and constants accept only learned values; setpoints
     * (points written), analog values and wider sets of integers must stay within the learned
     * envelope widened by the largest learned step or a share of the span; counters are not
     * judged by value.
     */
    private enum Envelope { KNOWN_VALUES, RANGE, NONE }

    private static Envelope envelope(ValueSummary learned, ValueBehaviour behaviour) {
        if (learned.writes > 0) {
            return Envelope.RANGE;
        }
        return switch (behaviour) {
            case CONSTANT -> Envelope.KNOWN_VALUES;
            case ENUMERATION -> learned.distinctCount <= STRICT_ENUMERATION ? Envelope.KNOWN_VALUES : Envelope.RANGE;
            case ANALOG -> Envelope.RANGE;
            case COUNTER -> Envelope.NONE;
        };
    }

    private static String envelopeText(PointKey key, ValueSummary learned) {
        ValueBehaviour behaviour = learned.behaviour();
        String text = key.space() + ":" + key.address() + " " + behaviour.wireName() + " ";
        if (behaviour == ValueBehaviour.CONSTANT || behaviour == ValueBehaviour.ENUMERATION) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < learned.distinctCount; i++) {
                values.add(Formats.value(learned.distinct[i]));
            }
            return text + "values {" + String.join(", ", values) + "}";
        }
        return text + "envelope [" + Formats.value(learned.min) + ", " + Formats.value(learned.max) + "], largest step "
                + Formats.value(learned.largestStep);
    }

    private static Map<String, String> valueFold(PointKey key, double value, long nanos) {
        Map<String, String> fold = new LinkedHashMap<>();
        fold.put("type", "value");
        fold.put("server", key.server().toString());
        fold.put("protocol", key.protocol().name());
        fold.put("unit", Integer.toString(key.unit()));
        fold.put("space", key.space());
        fold.put("address", Long.toString(key.address()));
        fold.put("value", Double.toString(value));
        fold.put("nanos", Long.toString(nanos));
        return fold;
    }

    // ---------------------------------------------------------------- malformed and scans

    private void malformed(Malformed malformed) {
        Flow flow = malformed.flow();
        FlowState state = flowState(flow, malformed.timestampNanos(), malformed.frame(), malformed.source());
        String client = flow.client().toString();
        String server = flow.server().toString();
        raise(Alert.builder(AlertKind.MALFORMED, "malformed|" + client + "|" + server + "|"
                        + malformed.protocol().wireName() + "|" + malformed.reason(), malformed.timestampNanos())
                .severity(AlertKind.MALFORMED.baseSeverity()
                        .shift(cells.criticality(flow.server(), state.serverCell).severityShift()))
                .cell(state.serverCell).endpoints(flow.source(malformed.direction()).toString(),
                        flow.destination(malformed.direction()).toString())
                .protocol(malformed.protocol().wireName()).evidence(malformed.frame(), malformed.source())
                .baseline("well-formed " + malformed.protocol().wireName())
                .detail(malformed.reason() + ", " + malformed.skippedBytes() + " bytes skipped"));
    }

    private void countScanTarget(IpAddress client, ScanCategory category, long target, long nanos, long frame,
                                 String input, String cell, IpAddress server) {
        ScanState state = scans.get(client);
        if (state == null || nanos - state.windowStart > config.scanWindowNanos()) {
            state = new ScanState(nanos);
            scans.put(client, state);
            if (scans.size() > config.maxTrackedClients()) {
                IpAddress eldest = scans.keySet().iterator().next();
                scans.remove(eldest);
            }
        }
        int threshold = switch (category) {
            case UNITS -> config.scanUnits();
            case FUNCTIONS -> config.scanFunctions();
            case ADDRESSES -> config.scanAddresses();
            case SERVICES -> config.scanServices();
        };
        Set<Long> targets = state.targets.get(category.ordinal());
        if (targets.size() < threshold) {
            targets.add(target);
        }
        if (targets.size() >= threshold && !state.raised[category.ordinal()]) {
            state.raised[category.ordinal()] = true;
            raise(Alert.builder(AlertKind.SCAN, "scan|" + client + "|" + category, nanos)
                    .severity(AlertKind.SCAN.baseSeverity().shift(cells.criticality(server, cell).severityShift()))
                    .cell(cell).endpoints(client.toString(), server.toString()).evidence(frame, input)
                    .baseline("at most " + (threshold - 1) + " novel " + category.label + " per "
                            + Formats.seconds(config.scanWindowNanos()))
                    .detail(threshold + " novel " + category.label + " from " + client + " within "
                            + Formats.seconds(nanos - state.windowStart)));
        }
    }

    // ---------------------------------------------------------------- helpers

    private Alert.Builder conversationAlert(AlertKind kind, String key, long nanos, ConversationState conversation) {
        return Alert.builder(kind, key, nanos).cell(conversation.serverCell)
                .endpoints(conversation.key.client().toString(), conversation.key.server().toString())
                .protocol(conversation.key.protocol().wireName());
    }

    private int criticalityShift(ConversationState conversation) {
        return cells.criticality(conversation.key.server(), conversation.serverCell).severityShift();
    }

    /** Records a novelty; true the first time (so it is raised once per run). */
    private boolean notice(String key) {
        if (noticed.containsKey(key)) {
            return false;
        }
        noticed.put(key, NOTICED);
        return true;
    }

    private static final long[] NOTICED = new long[0];

    private void raise(Alert.Builder occurrence) {
        Alert opened = windows.raise(occurrence);
        if (opened != null) {
            alertsRaised++;
            for (AlertSink sink : sinks) {
                sink.opened(opened);
            }
        }
    }

    private void deliver(List<Alert> alerts) {
        for (Alert alert : alerts) {
            for (AlertSink sink : sinks) {
                if (sinkFailure != null) {
                    return;
                }
                try {
                    sink.accept(alert);
                } catch (AlertSink.AlertSinkException e) {
                    sinkFailure = e;
                }
            }
        }
    }

    /** Program transfer, CPU start/stop, restarts and firmware, by operation class and function name. */
    boolean isProgramOrStop(OtMessage message) {
        if (message.operation() == OperationClass.PROGRAM) {
            return true;
        }
        if (message.operation() == OperationClass.LINK) {
            return false; // link-layer resets (DNP3 reset_link_states) restart no application
        }
        Boolean known = programOrStopNames.get(message.functionName());
        if (known == null) {
            known = programOrStopName(message.functionName());
            if (programOrStopNames.size() < config.maxNoticed()) {
                programOrStopNames.put(message.functionName(), known);
            }
        }
        return known;
    }

    /** Function names already judged by {@link #programOrStopName}. */
    private final Map<String, Boolean> programOrStopNames = new HashMap<>();

    static boolean programOrStopName(String functionName) {
        String name = functionName.toLowerCase(Locale.ROOT);
        for (String word : PROGRAM_OR_STOP_WORDS) {
            if (name.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static String rangesText(OtMessage message) {
        List<String> parts = new ArrayList<>();
        for (PointRange range : message.ranges()) {
            parts.add(range.space() + ":" + range.start() + "+" + range.count());
        }
        return String.join(" ", parts);
    }

}
