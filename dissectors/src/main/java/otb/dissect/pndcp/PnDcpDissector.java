package otb.dissect.pndcp;

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
 * PROFINET on EtherType 0x8892: the dispatcher offers it only frames of its EtherType, and every
 * frame with a FrameID the flow may carry makes the flow PROFINET's, so that a DCP Set between a
 * controller and a device whose cyclic I/O came first is still seen.
 */
public final class PnDcpDissector implements ProtocolDissector {

    @Override
    public Protocol protocol() {
        return PnDcpProtocol.DESCRIPTOR;
    }


    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        if (transport != Transport.ETHERNET || !hinted || bytes.remaining() < 2) {
            return Probe.NO_MATCH;
        }
        int frameId = bytes.getShort(bytes.position()) & 0xFFFF;
        if (DcpFrame.isDcpFrameId(frameId)) {
            return DcpFrame.parse(bytes, bytes.position(), bytes.limit()) != null ? Probe.MATCH : Probe.NO_MATCH;
        }
        // IEC 61158-6-10, table "FrameID": 0x0100..0xFBFF real-time cyclic, 0xFC01/0xFE01 alarms,
        // 0x0000..0x00FF and 0xFF00..0xFF8F time synchronisation.
        return frameId <= 0xFBFF || frameId == 0xFC01 || frameId == 0xFE01 || (frameId >= 0xFF00 && frameId <= 0xFF8F)
                ? Probe.MATCH : Probe.NO_MATCH;
    }

    @Override
    public ProtocolSession newSession(Flow flow, DissectorConfig config) {
        return new PnDcpSession();
    }
}
