package otb.dissect.s7comm;

import java.nio.ByteBuffer;
import java.util.List;
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
 * Siemens S7 over ISO-on-TCP (RFC 1006, TCP port 102): S7comm (0x32) and S7comm-plus (0x72)
 * recognition. Detected by content: a TPKT header (version 3, reserved 0, sane length) followed by
 * a class 0 COTP header; on port 102 the flow's first data TPDU decides (MMS, probed first, takes
 * ISO session traffic), away from it a data TPDU must also carry 0x32 or 0x72.
 */
public final class S7Dissector implements ProtocolDissector {
    /** RFC 1006 section 5: ISO transport services on top of TCP listen on port 102. */
    public static final int ISO_TSAP_PORT = 102;

    @Override
    public int probeOrder() {
        return 300;
    }

    @Override
    public Protocol protocol() {
        return S7Protocols.S7COMM;
    }

    @Override
    public List<Protocol> protocols() {
        return List.of(S7Protocols.S7COMM, S7Protocols.S7COMM_PLUS);
    }

    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        if (transport != Transport.TCP) {
            return Probe.NO_MATCH;
        }
        int start = bytes.position();
        if (bytes.remaining() < Cotp.TPKT_HEADER_BYTES) {
            return Probe.NEED_MORE;
        }
        int length = Cotp.tpktLength(bytes, start);
        if (length < 0) {
            return Probe.NO_MATCH;
        }
        if (bytes.remaining() < 6) {
            return Probe.NEED_MORE;
        }
        if (!Cotp.plausible(bytes, start, length)) {
            return Probe.NO_MATCH;
        }
        int code = bytes.get(start + 5) & 0xF0;
        if (hinted) {
            // Port 102 also carries ISO session, presentation and MMS on the same transport, and a
            // CR or CC does not say which: the first data TPDU decides. The MMS probe runs before
            // this one; a data TPDU it did not claim (S7comm, S7comm-plus, or anything else) is S7's.
            return code == Cotp.DATA || Cotp.firstData(bytes, new int[2]) != Cotp.Lookahead.NEED_MORE
                    ? Probe.MATCH : Probe.NEED_MORE;
        }
        if (code == CONNECT_REQUEST || code == CONNECT_CONFIRM) {
            // Off port 102 a connect must look like S7's: RDP also opens with an X.224 CR over TPKT
            // (ISO 8073 clause 13.3.4: parameters after the 7-byte fixed part, up to LI + 1).
            return s7Tsaps(bytes, start, length) ? Probe.MATCH : Probe.NO_MATCH;
        }
        if (code != Cotp.DATA) {
            return Probe.NO_MATCH;
        }
        // Off port 102 a DT must show its payload: S7comm or S7comm-plus.
        int payload = start + 7;
        if (length == 7 || (bytes.get(start + 6) & 0x80) == 0) {
            return Probe.NO_MATCH;
        }
        if (bytes.limit() <= payload) {
            return Probe.NEED_MORE;
        }
        int protocolId = bytes.get(payload) & 0xFF;
        return protocolId == S7Parser.PROTOCOL_ID || protocolId == S7PlusParser.PROTOCOL_ID
                ? Probe.MATCH : Probe.NO_MATCH;
    }

    /** COTP CR/CC TPDU code (ISO 8073 table 8), upper nibble. */
    private static final int CONNECT_REQUEST = 0xE0;
    private static final int CONNECT_CONFIRM = 0xD0;
    /** Calling and called TSAP parameter codes (ISO 8073 clause 13.3.4). */
    private static final int CALLING_TSAP = 0xC1;
    private static final int CALLED_TSAP = 0xC2;

    /** True when a whole CR/CC in the buffer carries both TSAPs as S7 uses them (two bytes each). */
    private static boolean s7Tsaps(ByteBuffer bytes, int start, int tpktLength) {
        int lengthIndicator = bytes.get(start + 4) & 0xFF;
        int end = start + 5 + lengthIndicator;
        if (end > start + tpktLength || end > bytes.limit()) {
            return false;
        }
        boolean calling = false;
        boolean called = false;
        for (int at = start + 11; at + 2 <= end; ) {
            int parameter = bytes.get(at) & 0xFF;
            int parameterLength = bytes.get(at + 1) & 0xFF;
            if (at + 2 + parameterLength > end) {
                return false;
            }
            calling |= parameter == CALLING_TSAP && parameterLength == 2;
            called |= parameter == CALLED_TSAP && parameterLength == 2;
            at += 2 + parameterLength;
        }
        return calling && called;
    }

    @Override
    public ProtocolSession newSession(Flow flow, DissectorConfig config) {
        return new S7Session(config);
    }
}
