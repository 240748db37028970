package otb.dissect;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Per-flow parsing state of one protocol: frames both directions of a flow into messages and
 * pairs requests with responses. Never throws on wire data: malformed framing becomes a
 * {@link Malformed} event and a resynchronisation; a well-framed message with a bad field is
 * emitted with anomaly flags. A session serves one flow: {@link ProtocolDissector#newSession}
 * makes a new one each time. The {@link Dispatcher} keeps the flow's buffers and counts.
 */
public interface ProtocolSession {

    /**
     * Parses whole frames from {@code in} (position..limit), the in-order bytes of
     * {@code context.direction()}, advancing the position past every byte consumed. Every event
     * emitted consumed input. Read with absolute gets; never consume a partial frame.
     */
    ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out);

    /** Bytes of {@code context.direction()} were lost; partial state of that direction is void. */
    void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out);

    /** Capture time advanced to {@code nowNanos}: expire pending requests (timeouts). */
    default void tick(long nowNanos, Consumer<? super OtEvent> out) {
    }

    /** The flow ended: flush what is pending. */
    default void close(long nowNanos, Consumer<? super OtEvent> out) {
    }
}
