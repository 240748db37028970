package otb.dissect;

import java.util.Optional;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.FlowListener.FlowEnd;

/**
 * What the {@link Dispatcher} counts of a flow for its {@link FlowEnded}: payloads and their bytes
 * each way, while the flow is probed and once it has a session.
 */
abstract class FlowCounts {
    long toServerPayloads;
    long toClientPayloads;
    long toServerBytes;
    long toClientBytes;

    final void count(Direction direction, int length) {
        if (direction == Direction.TO_SERVER) {
            toServerPayloads++;
            toServerBytes += length;
        } else {
            toClientPayloads++;
            toClientBytes += length;
        }
    }

    /** Takes over what was counted elsewhere so far (while the flow was probed). */
    final void countFrom(FlowCounts earlier) {
        toServerPayloads = earlier.toServerPayloads;
        toClientPayloads = earlier.toClientPayloads;
        toServerBytes = earlier.toServerBytes;
        toClientBytes = earlier.toClientBytes;
    }

    final FlowEnded ended(Flow flow, FlowEnd reason, long timestampNanos, Optional<Protocol> protocol) {
        return new FlowEnded(flow, reason, timestampNanos, protocol, toServerPayloads, toClientPayloads,
                toServerBytes, toClientBytes, flow.totals());
    }
}
