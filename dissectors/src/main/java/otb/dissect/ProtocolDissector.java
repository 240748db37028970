package otb.dissect;

import java.nio.ByteBuffer;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.Transport;

/**
 * Entry point of one protocol family: tells whether a stream carries it (port hint plus content
 * probe, never the port alone) and makes per-flow sessions. An instance serves one pipeline
 * ({@link Dissectors#all()} makes new ones each time): it may keep state its sessions share, and
 * is not thread-safe.
 */
public interface ProtocolDissector {

    /** The protocol this dissector is named for (a family may emit related protocols too). */
    Protocol protocol();

    /** True when {@code port} is a registered or configured port of the protocol on {@code transport}. */
    boolean isHintPort(Transport transport, int port, DissectorConfig config);

    /**
     * Looks at the first bytes of one delivery of a direction (position..limit) without
     * consuming them. {@code hinted} says the flow's server port is a hint port: a probe may
     * accept weaker evidence then, but must still check content.
     */
    Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted);

    /** A new session for a flow this dissector's probe matched (never one already given out). */
    ProtocolSession newSession(Flow flow, DissectorConfig config);
}
