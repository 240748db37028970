package otb.dissect.modbus;

import java.nio.ByteBuffer;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.FlowListener;
import otb.capture.Packet;

/**
 * For the benches: a listener that takes what the capture engine hands over and does nothing
 * with it but count, so that a run with it is the engine's own time.
 */
final class EngineOnlyListener implements FlowListener {
    /** Flows, gaps and payload bytes seen, so that nothing is optimised away. */
    long read;

    @Override
    public void flowStarted(Flow flow, Packet packet) {
        read++;
    }

    @Override
    public void data(Flow flow, Direction direction, ByteBuffer payload, Packet packet) {
        read += payload.remaining();
    }

    @Override
    public void gap(Flow flow, Direction direction, long missingBytes, Packet packet) {
        read++;
    }

    @Override
    public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
        read++;
    }
}
