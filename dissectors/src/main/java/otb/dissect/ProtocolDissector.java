package otb.dissect;

import java.nio.ByteBuffer;
import java.util.List;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.Transport;

/**
 * Entry point of one protocol family: describes its protocols, tells whether a stream carries
 * one (port hint plus content probe, never the port alone) and makes per-flow sessions. An
 * instance serves one pipeline ({@link Dissectors#all()} makes new ones each time): it may keep
 * state its sessions share, and is not thread-safe.
 *
 * <p>Registration: one line naming the implementation in
 * {@code META-INF/services/otb.dissect.ProtocolDissector} (see dissectors/README.md); it needs a
 * public no-argument constructor.
 */
public interface ProtocolDissector {

    /** The protocol this dissector is named for (a family may emit related protocols too). */
    Protocol protocol();

    /**
     * Where its probe runs among the others: lower first. otb's own dissectors take 100, 200
     * and 300; any other takes the default and runs after them, in registration order.
     */
    default int probeOrder() {
        return 1000;
    }

    /** Every protocol its sessions emit, the one it is named for first. */
    default List<Protocol> protocols() {
        return List.of(protocol());
    }

    /**
     * True when {@code port} on {@code transport} is a hint port of one of its protocols: a
     * descriptor's, or one configured (--port).
     */
    default boolean isHintPort(Transport transport, int port, DissectorConfig config) {
        for (Protocol protocol : protocols()) {
            if (protocol.isHintPort(transport, port) || config.isExtraPort(protocol, port)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Looks at the first bytes of one delivery of a direction (position..limit) without
     * consuming them. {@code hinted} says the flow's server port is a hint port: a probe may
     * accept weaker evidence then, but must still check content.
     */
    Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted);

    /** A new session for a flow this dissector's probe matched (never one already given out). */
    ProtocolSession newSession(Flow flow, DissectorConfig config);
}
