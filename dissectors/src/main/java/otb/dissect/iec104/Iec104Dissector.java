package otb.dissect.iec104;

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
 * IEC 60870-5-104 over TCP: port 2404 is a hint, the content decides. On a hint port a header
 * the standard allows in full ({@link Apci#plausible}) within the first bytes suffices (a capture
 * may start mid-APDU). Elsewhere the delivery must be whole APDUs only, every header plausible,
 * and every ASDU known and decoded with nothing left over or missing.
 */
public final class Iec104Dissector implements ProtocolDissector {
    /** How far into the first bytes a hinted probe looks for a header: one largest APDU. */
    static final int PROBE_WINDOW = Apci.MAX_FRAME_BYTES;

    @Override
    public Protocol protocol() {
        return Iec104Protocol.DESCRIPTOR;
    }

    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        if (transport != Transport.TCP) {
            return Probe.NO_MATCH;
        }
        int start = bytes.position();
        int limit = bytes.limit();
        if (limit - start < Apci.HEADER_BYTES) {
            return Probe.NEED_MORE;
        }
        if (hinted) {
            int end = Math.min(limit - Apci.HEADER_BYTES, start + PROBE_WINDOW);
            for (int at = start; at <= end; at++) {
                if (Apci.plausible(bytes, at)) {
                    return Probe.MATCH;
                }
            }
            return Probe.NO_MATCH;
        }
        int at = start;
        while (at < limit) {
            if (limit - at < Apci.HEADER_BYTES) {
                return Probe.NEED_MORE;
            }
            if (!Apci.plausible(bytes, at)) {
                return Probe.NO_MATCH;
            }
            int length = Apci.length(bytes, at);
            if (limit - at < 2 + length) {
                return Probe.NEED_MORE;
            }
            if (Apci.format(Apci.controlOctet(bytes, at, 1)) == Apci.Format.I) {
                Asdu asdu = AsduParser.parse(bytes, at + Apci.HEADER_BYTES, length - Apci.MIN_LENGTH);
                if (asdu.type() == null || !asdu.anomalies().isEmpty()) {
                    return Probe.NO_MATCH;
                }
            }
            at += 2 + length;
        }
        return Probe.MATCH;
    }

    /**
     * The side on the IEC 104 port is the controlled station, whoever opened the connection:
     * the controlling station's APDUs travel towards the flow's server unless only the client's
     * port is a hint port.
     */
    @Override
    public ProtocolSession newSession(Flow flow, DissectorConfig config) {
        Direction controlling = Direction.TO_SERVER;
        if (isHintPort(flow.transport(), flow.clientPort(), config)
                && !isHintPort(flow.transport(), flow.serverPort(), config)) {
            controlling = Direction.TO_CLIENT;
        }
        return new Iec104Session(config, controlling);
    }
}
