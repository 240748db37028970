package otb.dissect.mms;

import java.nio.ByteBuffer;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.Probe;
import otb.dissect.Protocol;
import otb.dissect.ProtocolDissector;
import otb.dissect.ProtocolSession;
import otb.dissect.cotp.Cotp;

/**
 * MMS (ISO 9506) on ISO-on-TCP, port 102, which it shares with S7: a TPKT and class 0 COTP
 * header, and a first data TPDU that opens with an ISO 8327 session SPDU or an MMS PDU. The
 * connection request and confirm cannot tell MMS from S7, so the probe waits for the first data
 * TPDU; it runs before S7's, which takes what this one does not claim. Away from port 102 only a
 * session connect or accept is taken.
 */
public final class MmsDissector implements ProtocolDissector {

    @Override
    public int probeOrder() {
        return 290;
    }

    @Override
    public Protocol protocol() {
        return MmsProtocol.DESCRIPTOR;
    }

    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        if (transport != Transport.TCP) {
            return Probe.NO_MATCH;
        }
        int start = bytes.position();
        if (bytes.remaining() < Cotp.HEADER_CHECK_BYTES) {
            return Probe.NEED_MORE;
        }
        int length = Cotp.tpktLength(bytes, start);
        if (length < 0 || !Cotp.plausible(bytes, start, length)) {
            return Probe.NO_MATCH;
        }
        int[] payload = new int[2];
        Cotp.Lookahead lookahead = Cotp.firstData(bytes, payload);
        if (lookahead == Cotp.Lookahead.NOT_COTP) {
            return Probe.NO_MATCH;
        }
        if (lookahead == Cotp.Lookahead.NEED_MORE) {
            return Probe.NEED_MORE;
        }
        int first = bytes.get(payload[0]) & 0xFF;
        if (!hinted) {
            return first == IsoSession.CONNECT || first == IsoSession.ACCEPT ? Probe.MATCH : Probe.NO_MATCH;
        }
        if (IsoSession.isSpduIdentifier(first)) {
            return Probe.MATCH;
        }
        return isMmsPduIdentifier(first) ? Probe.MATCH : Probe.NO_MATCH;
    }

    /**
     * ISO 9506-2 7.1: MMSpdu alternatives [0] to [13]; cancel request and response and conclude
     * request and response are primitive, the others constructed.
     */
    static boolean isMmsPduIdentifier(int identifier) {
        int tag = identifier & 0x1F;
        boolean primitive = tag == MmsPdu.CANCEL_REQUEST || tag == MmsPdu.CANCEL_RESPONSE
                || tag == MmsPdu.CONCLUDE_REQUEST || tag == MmsPdu.CONCLUDE_RESPONSE;
        return (identifier & 0xC0) == Ber.CLASS_CONTEXT && tag <= MmsPdu.CONCLUDE_ERROR
                && ((identifier & Ber.CONSTRUCTED) == 0) == primitive;
    }

    @Override
    public ProtocolSession newSession(Flow flow, DissectorConfig config) {
        return new MmsSession(config);
    }
}
