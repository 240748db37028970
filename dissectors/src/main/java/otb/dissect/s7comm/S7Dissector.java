package otb.dissect.s7comm;

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
 * Siemens S7 over ISO-on-TCP (RFC 1006, TCP port 102): S7comm (0x32) and S7comm-plus (0x72)
 * recognition. Detected by content: a TPKT header (version 3, reserved 0, sane length) followed by
 * a class 0 COTP header; away from port 102 a data TPDU must also carry 0x32 or 0x72.
 */
public final class S7Dissector implements ProtocolDissector {
    /** RFC 1006 section 5: ISO transport services on top of TCP listen on port 102. */
    public static final int ISO_TSAP_PORT = 102;

    @Override
    public Protocol protocol() {
        return Protocol.S7COMM;
    }

    @Override
    public boolean isHintPort(Transport transport, int port, DissectorConfig config) {
        return transport == Transport.TCP && (port == ISO_TSAP_PORT || config.isExtraPort(Protocol.S7COMM, port)
                || config.isExtraPort(Protocol.S7COMM_PLUS, port));
    }

    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        if (transport != Transport.TCP) {
            return Probe.NO_MATCH;
        }
        int start = bytes.position();
        if (bytes.remaining() < S7Limits.TPKT_HEADER_BYTES) {
            return Probe.NEED_MORE;
        }
        int length = Cotp.tpktLength(bytes, start);
        if (length < 0) {
            return Probe.NO_MATCH;
        }
        if (bytes.remaining() < 6) {
            return Probe.NEED_MORE;
        }
        if (!S7Session.plausibleCotp(bytes, start, length)) {
            return Probe.NO_MATCH;
        }
        int code = bytes.get(start + 5) & 0xF0;
        if (code != Cotp.DATA || hinted) {
            return Probe.MATCH;
        }
        // Off port 102 a DT must show its payload: S7comm or S7comm-plus (or an empty or continued DT).
        int payload = start + 7;
        if (length == 7 || (bytes.get(start + 6) & 0x80) == 0) {
            return Probe.MATCH;
        }
        if (bytes.limit() <= payload) {
            return Probe.NEED_MORE;
        }
        int protocolId = bytes.get(payload) & 0xFF;
        return protocolId == S7Parser.PROTOCOL_ID || protocolId == S7PlusParser.PROTOCOL_ID
                ? Probe.MATCH : Probe.NO_MATCH;
    }

    @Override
    public ProtocolSession newSession(Flow flow, DissectorConfig config) {
        return new S7Session(config);
    }
}
