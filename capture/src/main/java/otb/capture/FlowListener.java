package otb.capture;

import java.nio.ByteBuffer;

/**
 * Receives what the flow table makes of the packets: flows starting and ending, in-order
 * payload bytes per direction (TCP after reassembly, UDP one datagram per call), and gaps.
 * The {@link Packet} passed is the one whose arrival caused the call (for released
 * out-of-order data, the packet that filled the hole); it and the payload view are valid only
 * during the call.
 */
public interface FlowListener {

    /** A new flow, called before any data of it. */
    void flowStarted(Flow flow, Packet packet);

    /** In-order payload bytes (position..limit) of one direction, or one whole UDP datagram. */
    void data(Flow flow, Direction direction, ByteBuffer payload, Packet packet);

    /** {@code missingBytes} of one direction will never arrive; the next data follows the hole. */
    void gap(Flow flow, Direction direction, long missingBytes, Packet packet);

    /** The flow ended (FIN/RST, idle timeout, eviction or end of input) and is forgotten. */
    void flowEnded(Flow flow, FlowEnd reason, long timestampNanos);

    /**
     * Capture time moved on; called at least once per second of capture time and at the end of
     * input, so consumers can expire pending state on capture time, never on the wall clock.
     */
    default void tick(long captureTimeNanos) {
    }

    /** Why a flow ended. */
    enum FlowEnd { FIN, RST, IDLE_TIMEOUT, EVICTED, END_OF_INPUT }
}
