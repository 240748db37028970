package otb.dissect;

import java.util.List;
import java.util.Objects;

/**
 * What a message's PDU says of it by itself: the function's name, its operation class, the
 * points it touches and, when the PDU alone decides them, the values it carries and its decoded
 * detail (a request's; a response's values come from its own bytes). Polling traffic repeats a
 * few PDUs over and over, so a dissector can work these out once per distinct PDU and hand the
 * same parts to every message that carries it ({@link OtMessage.Builder#buildShared(StreamContext,
 * Protocol, MessageRole, int, long, int, MessageParts, List, ProtocolDetail,
 * java.util.function.Supplier, long, long)}). Immutable.
 *
 * @param functionName the function's name, "" when none
 * @param operation    the operation class
 * @param ranges       the points touched, in the message's order
 * @param values       the values every message with these parts carries, or null when each
 *                     message has its own
 * @param detail       the detail every message with these parts has, or null when each message
 *                     has its own
 */
public record MessageParts(String functionName, OperationClass operation, List<PointRange> ranges,
                           List<PointValue> values, ProtocolDetail detail) {
    /** No function, no points: what a message holds before anything is set. */
    public static final MessageParts NONE = new MessageParts("", OperationClass.OTHER, List.of());

    public MessageParts {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(operation, "operation");
        // List.copyOf returns an immutable list as it is; a PointRun is immutable already.
        ranges = List.copyOf(ranges);
        if (values != null && !(values instanceof PointRun)) {
            values = List.copyOf(values);
        }
    }

    /** Name, class and points; values and detail are each message's own. */
    public MessageParts(String functionName, OperationClass operation, List<PointRange> ranges) {
        this(functionName, operation, ranges, null, null);
    }
}
