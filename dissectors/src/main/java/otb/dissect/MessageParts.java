package otb.dissect;

import java.util.List;
import java.util.Objects;

/**
 * What a message's PDU says of it by itself: the function's name, its operation class and the
 * points it touches. Polling traffic repeats a few PDUs over and over, so a dissector can work
 * these out once per distinct PDU and hand the same parts to every message that carries it
 * ({@link OtMessage.Builder#buildShared(StreamContext, Protocol, MessageRole, int, long, int,
 * MessageParts, List, ProtocolDetail, java.util.function.Supplier, long, long)}). Immutable.
 *
 * @param functionName the function's name, "" when none
 * @param operation    the operation class
 * @param ranges       the points touched, in the message's order
 */
public record MessageParts(String functionName, OperationClass operation, List<PointRange> ranges) {
    /** No function, no points: what a message holds before anything is set. */
    public static final MessageParts NONE = new MessageParts("", OperationClass.OTHER, List.of());

    public MessageParts {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(operation, "operation");
        // List.copyOf returns an immutable list as it is.
        ranges = List.copyOf(ranges);
    }
}
