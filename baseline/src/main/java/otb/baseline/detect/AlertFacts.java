package otb.baseline.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otb.baseline.model.PointKey;
import otb.dissect.OtMessage;
import otb.dissect.PointRange;

/**
 * What several rules' alerts say alike: the fact approving an alert folds into the baseline
 * (a conversation, a function, a point's value), and the text of the ranges a request touches.
 */
final class AlertFacts {
    private AlertFacts() {
    }

    static Map<String, String> conversationFold(ConversationState conversation, OtMessage message) {
        Map<String, String> fold = new LinkedHashMap<>();
        fold.put("client", conversation.key.client().toString());
        fold.put("server", conversation.key.server().toString());
        fold.put("protocol", conversation.key.protocol().storedName());
        fold.put("unit", Integer.toString(conversation.key.unit()));
        fold.put("transport", message.flow().transport().name());
        fold.put("port", Integer.toString(message.flow().serverPort()));
        fold.put("client_cell", conversation.clientCell);
        fold.put("server_cell", conversation.serverCell);
        fold.put("nanos", Long.toString(message.timestampNanos()));
        return fold;
    }

    static Map<String, String> functionFold(ConversationState conversation, OtMessage message) {
        Map<String, String> fold = conversationFold(conversation, message);
        fold.put("type", "function");
        putFunction(fold, message);
        return fold;
    }

    /** The request's function and the ranges it touched, so approving folds all of what it did. */
    static void putFunction(Map<String, String> fold, OtMessage message) {
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

    static Map<String, String> valueFold(PointKey key, double value, long nanos) {
        Map<String, String> fold = new LinkedHashMap<>();
        fold.put("type", "value");
        fold.put("server", key.server().toString());
        fold.put("protocol", key.protocol().storedName());
        fold.put("unit", Integer.toString(key.unit()));
        fold.put("space", key.space());
        fold.put("address", Long.toString(key.address()));
        fold.put("value", Double.toString(value));
        fold.put("nanos", Long.toString(nanos));
        return fold;
    }

    /** e.g. {@code holding_register:0+10 coil:5+1}. */
    static String rangesText(OtMessage message) {
        List<String> parts = new ArrayList<>();
        for (PointRange range : message.ranges()) {
            parts.add(range.space() + ":" + range.start() + "+" + range.count());
        }
        return String.join(" ", parts);
    }
}
