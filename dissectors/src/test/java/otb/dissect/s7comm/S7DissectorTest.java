package otb.dissect.s7comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.s7comm.S7Fixtures.bytes;
import static otb.dissect.s7comm.S7Fixtures.connectionRequest;
import static otb.dissect.s7comm.S7Fixtures.dt;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import otb.capture.Direction;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.Probe;
import org.junit.jupiter.api.Test;

class S7DissectorTest {
    private final S7Dissector dissector = new S7Dissector();

    private Probe probe(byte[] bytes, boolean hinted) {
        return dissector.probe(ByteBuffer.wrap(bytes), Direction.TO_SERVER, Transport.TCP, hinted);
    }

    @Test
    void port102AndConfiguredPortsAreHints() {
        DissectorConfig config = DissectorConfig.defaults().withExtraPorts(Map.of(S7Protocols.S7COMM, Set.of(1102)));
        assertTrue(dissector.isHintPort(Transport.TCP, 102, config));
        assertTrue(dissector.isHintPort(Transport.TCP, 1102, config));
        assertFalse(dissector.isHintPort(Transport.TCP, 502, config));
        assertFalse(dissector.isHintPort(Transport.UDP, 102, config));
    }

    @Test
    void connectionRequestAndDataMatch() {
        assertEquals(Probe.MATCH, probe(connectionRequest(0x0100, 0x0102), false));
        assertEquals(Probe.MATCH, probe(dt(S7SessionTest.SETUP_JOB), false));
        assertEquals(Probe.MATCH, probe(dt(S7SessionTest.SETUP_JOB), true));
    }

    @Test
    void tlsAndOtherContentOnPort102DoNotMatch() {
        // TLS handshake record: content type 22, version 3.1, length
        assertEquals(Probe.NO_MATCH, probe(bytes(0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00), true));
        // HTTP
        assertEquals(Probe.NO_MATCH, probe("GET / HTTP/1.1\r\n".getBytes(), true));
        // TPKT header with a COTP code S7 never uses (0x10 expedited data)
        assertEquals(Probe.NO_MATCH, probe(bytes(0x03, 0x00, 0x00, 0x07, 0x02, 0x10, 0x80), true));
        // TPKT with a length shorter than any TPDU
        assertEquals(Probe.NO_MATCH, probe(bytes(0x03, 0x00, 0x00, 0x03, 0x02, 0xF0, 0x80), true));
        assertEquals(Probe.NO_MATCH, dissector.probe(ByteBuffer.wrap(dt(S7SessionTest.SETUP_JOB)),
                Direction.TO_SERVER, Transport.UDP, true));
    }

    @Test
    void awayFromPort102AnRdpConnectionRequestIsNotS7() {
        // Regression: modbus-and-non-modbus-p502.pcap frame 80, an RDP scan on port 502.
        byte[] rdp = bytes(
                0x03, 0x00, 0x00, 0x13,       // TPKT: version 3, reserved, length 19
                0x0E, 0xE0,                   // COTP: LI 14, CR
                0x00, 0x00, 0x00, 0x00, 0x00, // dst-ref, src-ref, class 0
                0x01, 0x00, 0x08, 0x00,       // RDP negotiation request: type 1, flags, length 8
                0x03, 0x00, 0x00, 0x00);      //   requested protocols TLS | CredSSP
        assertEquals(Probe.NO_MATCH, probe(rdp, false));
        assertEquals(Probe.NEED_MORE, probe(rdp, true), "on port 102 the first data TPDU decides (S7 or MMS)");
        byte[] thenData = new byte[rdp.length + 7];
        System.arraycopy(rdp, 0, thenData, 0, rdp.length);
        System.arraycopy(bytes(0x03, 0x00, 0x00, 0x07, 0x02, 0xF0, 0x80), 0, thenData, rdp.length, 7);
        assertEquals(Probe.NEED_MORE, probe(thenData, true), "an empty data TPDU says nothing either");
        // an empty DT off port 102 says nothing about what it carries
        assertEquals(Probe.NO_MATCH, probe(bytes(0x03, 0x00, 0x00, 0x07, 0x02, 0xF0, 0x80), false));
    }

    @Test
    void awayFromPort102ADataTpduMustCarryS7() {
        assertEquals(Probe.NO_MATCH, probe(dt(bytes(0x99, 0x00, 0x00)), false));
        assertEquals(Probe.MATCH, probe(dt(bytes(0x99, 0x00, 0x00)), true));
        assertEquals(Probe.MATCH, probe(dt(bytes(0x72, 0x01, 0x00, 0x00)), false));
    }

    @Test
    void shortInputAsksForMore() {
        byte[] frame = dt(S7SessionTest.SETUP_JOB);
        assertEquals(Probe.NEED_MORE, probe(Arrays.copyOf(frame, 3), true));
        assertEquals(Probe.NEED_MORE, probe(Arrays.copyOf(frame, 5), true));
        assertEquals(Probe.NEED_MORE, probe(Arrays.copyOf(frame, 7), false));
    }
}
