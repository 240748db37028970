package otb.dissect;

import java.util.Optional;
import otb.capture.Flow;
import otb.capture.FlowListener.FlowEnd;
import otb.capture.FlowTotals;

/**
 * A flow ended.
 *
 * @param protocol         the industrial protocol detected on it, if any
 * @param payloadsToServer data deliveries (segments or datagrams) towards the server
 * @param payloadsToClient data deliveries towards the client
 * @param bytesToServer    payload bytes towards the server
 * @param bytesToClient    payload bytes towards the client
 * @param totals           frames, frame bytes and last frame time of the flow when it ended (the
 *                         flow itself counts on: a last ACK after FIN)
 */
public record FlowEnded(Flow flow, FlowEnd reason, long timestampNanos, Optional<Protocol> protocol,
                        long payloadsToServer, long payloadsToClient, long bytesToServer, long bytesToClient,
                        FlowTotals totals)
        implements OtEvent {
}
