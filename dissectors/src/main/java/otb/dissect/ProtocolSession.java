package otb.dissect;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import otb.capture.Direction;
import otb.capture.Flow;

/**
 * Per-flow parsing state of one protocol: frames both directions of a flow into messages and
 * pairs requests with responses. Never throws on wire data: malformed framing becomes a
 * {@link Malformed} event and a resynchronisation; a well-framed message with a bad field is
 * emitted with anomaly flags.
 *
 * <p>A class rather than an interface: once a flow has a session, the {@link Dispatcher} keeps
 * its own per-flow state (payload counts, each direction's incomplete tail and stream position)
 * in the session object and hangs the session itself on the flow. A delivery then reaches the
 * session's state in one step from the flow instead of two (about a nanosecond per packet on
 * Modbus polling, by dissectors/bench/modbus-pair.sh). A session serves one flow of one
 * dispatcher: {@link ProtocolDissector#newSession} makes a new one each time.
 */
public abstract class ProtocolSession extends FlowCounts {
    // The dispatcher's state for the flow (package-private: sessions never see it, nor the
    // counts inherited); set when the session starts (see Dispatcher#start).
    Flow flow;
    ProtocolDissector dissector;
    /** Each direction's incomplete tail. */
    StreamBuffer toServer;
    StreamBuffer toClient;
    /**
     * Each direction's stream position: its own, so that a packet updates numbers only (a
     * reference store into a long-lived object per packet would cost a garbage collector barrier).
     */
    StreamContext toServerContext;
    StreamContext toClientContext;

    protected ProtocolSession() {
    }

    /**
     * Parses whole frames from {@code in} (position..limit), the in-order bytes of
     * {@code context.direction()}, advancing the position past every byte consumed. Every event
     * emitted consumed input. Read with absolute gets; never consume a partial frame.
     */
    public abstract ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out);

    /** Bytes of {@code context.direction()} were lost; partial state of that direction is void. */
    public abstract void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out);

    /** Capture time advanced to {@code nowNanos}: expire pending requests (timeouts). */
    public void tick(long nowNanos, Consumer<? super OtEvent> out) {
    }

    /** The flow ended: flush what is pending. */
    public void close(long nowNanos, Consumer<? super OtEvent> out) {
    }

    final StreamContext context(Direction direction) {
        return direction == Direction.TO_SERVER ? toServerContext : toClientContext;
    }

    final StreamBuffer buffer(Direction direction) {
        return direction == Direction.TO_SERVER ? toServer : toClient;
    }
}
