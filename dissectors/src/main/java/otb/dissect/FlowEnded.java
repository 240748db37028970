package otb.dissect;

import java.util.Optional;
import otb.capture.Flow;
import otb.capture.FlowListener.FlowEnd;

/**
 * A flow ended.
 *
 * @param protocol         the industrial protocol detected on it, if any
 * @param payloadsToServer data deliveries (segments or datagrams) towards the server
 * @param payloadsToClient data deliveries towards the client
 * @param bytesToServer    payload bytes towards the server
 * @param bytesToClient    payload bytes towards the client
 */
public record FlowEnded(Flow flow, FlowEnd reason, long timestampNanos, Optional<Protocol> protocol,
                        long payloadsToServer, long payloadsToClient, long bytesToServer, long bytesToClient)
        implements OtEvent {
}
