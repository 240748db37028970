package otb.dissect.dnp3;

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
 * DNP3 over TCP and UDP (IEEE 1815-2012 and its IP networking guidance: port 20000). The
 * port is only a hint: a flow is DNP3 when its bytes hold a link header whose start octets,
 * length and header CRC check (on a hint port, start octets and CRC suffice).
 */
public final class Dnp3Dissector implements ProtocolDissector {

    /** IANA-registered DNP3 port, TCP and UDP. */
    public static final int PORT = 20000;
    /** How far into the first bytes the probe looks for a link header (a capture may start mid-frame). */
    static final int PROBE_WINDOW = LinkFrame.MAX_FRAME_BYTES;

    @Override
    public int probeOrder() {
        return 200;
    }

    @Override
    public Protocol protocol() {
        return Dnp3Protocol.DESCRIPTOR;
    }

    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        int start = bytes.position();
        int end = Math.min(bytes.limit(), start + PROBE_WINDOW);
        boolean needMore = false;
        for (int at = start; at < end; at++) {
            if ((bytes.get(at) & 0xFF) != LinkFrame.START_OCTET_1) {
                continue;
            }
            int result = LinkFrame.check(bytes, at);
            if (result > 0 || result == LinkFrame.NEED_MORE && bytes.limit() - at >= LinkFrame.HEADER_BYTES) {
                return Probe.MATCH;
            }
            if (hinted && result == LinkFrame.BAD_LENGTH) {
                // On the DNP3 port a header whose CRC checks is DNP3 even with a LENGTH below 5:
                // the session reports it as malformed.
                return Probe.MATCH;
            }
            if (result == LinkFrame.NEED_MORE) {
                needMore = true;
            }
        }
        return needMore ? Probe.NEED_MORE : Probe.NO_MATCH;
    }

    @Override
    public ProtocolSession newSession(Flow flow, DissectorConfig config) {
        return new Dnp3Session(config);
    }
}
