package otb.dissect.goose;

import java.nio.ByteBuffer;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.Probe;
import otb.dissect.Protocol;
import otb.dissect.ProtocolDissector;
import otb.dissect.ProtocolSession;

/**
 * IEC 61850 GOOSE on EtherType 0x88B8 (also under 802.1Q tags): the dispatcher offers it only
 * frames of its EtherType, and the content decides: a Length that fits and a goosePdu tag.
 */
public final class GooseDissector implements ProtocolDissector {

    @Override
    public Protocol protocol() {
        return GooseProtocol.DESCRIPTOR;
    }


    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        if (transport != Transport.ETHERNET || !hinted) {
            return Probe.NO_MATCH;
        }
        int at = bytes.position();
        if (bytes.limit() - at < GooseParser.HEADER_BYTES + 2) {
            return Probe.NO_MATCH;
        }
        int length = bytes.getShort(at + 2) & 0xFFFF;
        boolean plausible = length >= GooseParser.HEADER_BYTES + 2 && length <= bytes.limit() - at
                && (bytes.get(at + GooseParser.HEADER_BYTES) & 0xFF) == GooseParser.GOOSE_PDU_TAG;
        return plausible ? Probe.MATCH : Probe.NO_MATCH;
    }

    @Override
    public ProtocolSession newSession(Flow flow, DissectorConfig config) {
        return new GooseSession();
    }
}
