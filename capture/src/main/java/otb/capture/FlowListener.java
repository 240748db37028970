package otb.capture;

import java.nio.ByteBuffer;

/**
 * Receives what the flow table makes of the packets: flows starting and ending, in-order
 * payload bytes per direction (TCP after reassembly, UDP one datagram per call), and gaps.
 * The {@link Packet} passed and the payload view are valid only during the call.
 *
 * <p>Which frame a {@code data} or {@code gap} call carries (its {@link Packet#source()},
 * {@link Packet#frameNumber()} and {@link Packet#timestampNanos()}), the rule Wireshark follows
 * when it dissects a PDU in the frame where its last byte became available in sequence:
 * <ul>
 * <li>in-order bytes: the frame that carried them;</li>
 * <li>out-of-order bytes held behind a hole that a later frame fills (a retransmission, a late
 *     segment): the filling frame, since only then do they follow in sequence;</li>
 * <li>out-of-order bytes held behind a hole that is given up (the peer acknowledged past it, a
 *     reassembly bound was hit, the flow ended): the frame that carried them, as Wireshark
 *     dissects a segment after "previous segment not captured" in its own frame; the
 *     {@code gap} call before them carries that frame too. Within one such release frames never
 *     go backwards: bytes that arrived earlier than the held bytes before them get the later
 *     frame.</li>
 * </ul>
 * In the last case the capture time may be earlier than that of the frame being processed (and
 * of a {@link #tick} already given), and the packet's other fields (addresses, ports, TCP header,
 * {@link Packet#frame()}) still describe the frame being processed, whose arrival released the
 * bytes; source, frame number and capture time are restored after the call.
 */
public interface FlowListener {

    /** A new flow, called before any data of it. */
    void flowStarted(Flow flow, Packet packet);

    /**
     * In-order payload bytes (position..limit) of one direction, or one whole UDP datagram. The
     * listener may move the view's position and limit (to parse in place); the engine sets them
     * afresh for every call and never reads them after it. Its bytes are read-only.
     */
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
