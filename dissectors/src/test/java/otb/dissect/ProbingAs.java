package otb.dissect;

import java.nio.ByteBuffer;
import otb.capture.Direction;
import otb.capture.Transport;

/**
 * A test or bench dissector that takes the flows another dissector's probe takes, under that
 * dissector's protocol, and makes sessions of its own ({@link #newSession}).
 */
public abstract class ProbingAs implements ProtocolDissector {
    private final ProtocolDissector prober;

    protected ProbingAs(ProtocolDissector prober) {
        this.prober = prober;
    }

    /** The dissector whose probe this one uses. */
    protected final ProtocolDissector prober() {
        return prober;
    }

    @Override
    public Protocol protocol() {
        return prober.protocol();
    }

    @Override
    public boolean isHintPort(Transport transport, int port, DissectorConfig config) {
        return prober.isHintPort(transport, port, config);
    }

    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        return prober.probe(bytes, direction, transport, hinted);
    }
}
