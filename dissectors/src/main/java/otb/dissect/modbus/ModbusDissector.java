package otb.dissect.modbus;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.Probe;
import otb.dissect.Protocol;
import otb.dissect.ProtocolDissector;
import otb.dissect.ProtocolSession;

/**
 * Modbus/TCP (and MBAP over UDP): port 502 is a hint, the content decides.
 *
 * <p>The probe walks the MBAP headers of one delivery: each must have protocol id 0, a length
 * of 2..254 and a function code 1..127 (exception bit only towards the client). On a hint port
 * (502 or a configured extra port) that is enough, and a delivery that ends inside an ADU is
 * accepted. Elsewhere the evidence must be stronger: the first function code must be one the
 * specification assigns (public, user-defined or UMAS), the first PDU must decode without a
 * length or byte count mismatch, and at least one whole ADU must be there (otherwise the probe
 * waits for more). A UDP datagram must hold whole ADUs only. TLS, HTTP or DCE/RPC on port 502
 * fail the protocol id check on their first bytes.
 */
public final class ModbusDissector implements ProtocolDissector {
    /** IANA registered port of Modbus/TCP (mbap). */
    public static final int MODBUS_PORT = 502;

    @Override
    public int probeOrder() {
        return 100;
    }

    @Override
    public Protocol protocol() {
        return ModbusProtocol.DESCRIPTOR;
    }

    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        int at = bytes.position();
        int limit = bytes.limit();
        // On a hint port the Modbus server may be the side that opened the connection (seen in
        // modbus_test_data_part1.pcap), so an exception response may come either way.
        boolean response = hinted || direction == Direction.TO_CLIENT;
        if (limit - at <= ModbusParser.MBAP_HEADER_LENGTH) {
            return Probe.NEED_MORE;
        }
        if (!hinted && !firstPduConvinces(bytes, at, limit, response)) {
            return Probe.NO_MATCH;
        }
        int frames = 0;
        while (limit - at > ModbusParser.MBAP_HEADER_LENGTH) {
            if (!ModbusParser.plausibleHeader(bytes, at, limit, response)) {
                return Probe.NO_MATCH;
            }
            int end = at + ModbusParser.MBAP_PREFIX_LENGTH + ModbusParser.mbapLength(bytes, at);
            if (end > limit) {
                // The delivery ends inside an ADU: enough on a hint port, or after a whole ADU.
                if (transport == Transport.UDP) {
                    return Probe.NO_MATCH; // a datagram carries whole ADUs
                }
                return hinted || frames > 0 ? Probe.MATCH : Probe.NEED_MORE;
            }
            frames++;
            at = end;
        }
        // A tail shorter than a header is left: a datagram must not have one; a stream may.
        if (transport == Transport.UDP) {
            return at == limit ? Probe.MATCH : Probe.NO_MATCH;
        }
        return at == limit || hinted || frames > 0 ? Probe.MATCH : Probe.NEED_MORE;
    }

    private static boolean firstPduConvinces(ByteBuffer bytes, int at, int limit, boolean response) {
        if (!ModbusParser.plausibleHeader(bytes, at, limit, response)) {
            return false;
        }
        int function = ModbusParser.functionCode(bytes, at) & 0x7F;
        if (!ModbusFunctions.isKnown(function) && !ModbusFunctions.isUserDefined(function)) {
            return false;
        }
        int length = ModbusParser.mbapLength(bytes, at);
        if (at + ModbusParser.MBAP_PREFIX_LENGTH + length > limit) {
            return true; // judged on the header alone until the rest arrives (NEED_MORE below)
        }
        List<String> anomalies = new ArrayList<>(2);
        int pdu = at + ModbusParser.MBAP_HEADER_LENGTH;
        if (response) {
            ModbusParser.decodeResponse(bytes, pdu, length - 1, anomalies);
        } else {
            ModbusParser.decodeRequest(bytes, pdu, length - 1, anomalies);
        }
        return !anomalies.contains("length_mismatch") && !anomalies.contains("byte_count_mismatch");
    }

    /**
     * The side on the Modbus port is the Modbus server, whoever opened the TCP connection (as
     * Wireshark decides too): requests travel towards the flow's server unless only the client's
     * port is a hint port. With no hint port on either side, towards the flow's server.
     */
    @Override
    public ProtocolSession newSession(Flow flow, DissectorConfig config) {
        Direction requests = Direction.TO_SERVER;
        if (isHintPort(flow.transport(), flow.clientPort(), config)
                && !isHintPort(flow.transport(), flow.serverPort(), config)) {
            requests = Direction.TO_CLIENT;
        }
        return new ModbusSession(config, requests);
    }
}
