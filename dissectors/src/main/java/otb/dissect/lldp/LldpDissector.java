package otb.dissect.lldp;

import java.nio.ByteBuffer;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.Probe;
import otb.dissect.Protocol;
import otb.dissect.ProtocolDissector;
import otb.dissect.ProtocolSession;

/** LLDP on EtherType 0x88CC: offered only frames of its EtherType; a Chassis ID TLV must open the frame. */
public final class LldpDissector implements ProtocolDissector {

    @Override
    public Protocol protocol() {
        return LldpProtocol.DESCRIPTOR;
    }


    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        if (transport != Transport.ETHERNET || !hinted) {
            return Probe.NO_MATCH;
        }
        return Lldpdu.parse(bytes, bytes.position(), bytes.limit()) != null ? Probe.MATCH : Probe.NO_MATCH;
    }

    @Override
    public ProtocolSession newSession(Flow flow, DissectorConfig config) {
        return new LldpSession();
    }
}
