package otb.dissect.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;
import static otb.dissect.modbus.ModbusFixtures.adu;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import otb.capture.Direction;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.Probe;

/** Detection: port 502 is a hint, the content decides. Byte samples from modbus-and-non-modbus-p502.pcap. */
class ModbusDissectorTest {
    private final ModbusDissector dissector = new ModbusDissector();

    private Probe probe(byte[] bytes, Direction direction, boolean hinted) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Probe verdict = dissector.probe(buffer, direction, Transport.TCP, hinted);
        assertEquals(0, buffer.position(), "a probe must not consume");
        return verdict;
    }

    @Test
    void hintPortsAreFiveHundredTwoAndConfiguredOnes() {
        DissectorConfig config = DissectorConfig.defaults().withExtraPorts(Map.of(ModbusProtocol.DESCRIPTOR, Set.of(5020)));
        assertTrue(dissector.isHintPort(Transport.TCP, 502, config));
        assertTrue(dissector.isHintPort(Transport.TCP, 5020, config));
        assertFalse(dissector.isHintPort(Transport.TCP, 5020, DissectorConfig.defaults()));
        assertFalse(dissector.isHintPort(Transport.TCP, 20000, config));
    }

    @Test
    void modbusOnItsPortMatches() {
        // Frame 4 of modbus-and-non-modbus-p502.pcap: read coils, unit 10.
        assertEquals(Probe.MATCH, probe(hex("0001000000060a0100000001"), Direction.TO_SERVER, true));
        assertEquals(Probe.MATCH, probe(hex("0001000000040a010100"), Direction.TO_CLIENT, true));
        // Frame 91 of modbus_test_data_part1.pcap: the device on port 502 opened the connection,
        // so its exception response travels towards the flow's server.
        assertEquals(Probe.MATCH, probe(hex("0001000000040a810600"), Direction.TO_SERVER, true));
    }

    @Test
    void tlsDceRpcAndHttpOnPort502DoNotMatch() {
        // Frame 49: TLS client hello (protocol id would be 0x0100).
        assertEquals(Probe.NO_MATCH, probe(hex("1603010085010000810303736ff818542129f78f492d9b15"), Direction.TO_SERVER, true));
        // Frame 29: DCE/RPC bind; frame 31: the server's 9-byte reply echoing bytes 0-3 (protocol id 0x0b03).
        assertEquals(Probe.NO_MATCH, probe(hex("05000b03100000004800000001000000b810b810"), Direction.TO_SERVER, true));
        assertEquals(Probe.NO_MATCH, probe(hex("05000b030003008001"), Direction.TO_CLIENT, true));
        // Frame 51: reply to the TLS hello, and frame 65: an HTTP GET.
        assertEquals(Probe.NO_MATCH, probe(hex("160301000003008001"), Direction.TO_CLIENT, true));
        assertEquals(Probe.NO_MATCH, probe("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(), Direction.TO_SERVER, true));
    }

    @Test
    void modbusOnAnotherPortIsFoundByContent() {
        byte[] request = adu(1, 1, 0x03, 0x00, 0x00, 0x00, 0x0A);
        assertEquals(Probe.MATCH, probe(request, Direction.TO_SERVER, false));
        assertEquals(Probe.MATCH, probe(concat(request, adu(2, 1, 0x01, 0, 0, 0, 8)), Direction.TO_SERVER, false));
    }

    @Test
    void offPortEvidenceMustBeStronger() {
        // Unassigned function 29: fine on 502 (Wireshark shows it too), not enough elsewhere.
        byte[] unknown = adu(0, 1, 0x1D, 0, 0, 0, 0);
        assertEquals(Probe.MATCH, probe(unknown, Direction.TO_SERVER, true));
        assertEquals(Probe.NO_MATCH, probe(unknown, Direction.TO_SERVER, false));
        // A read request with a PDU one byte too long.
        assertEquals(Probe.NO_MATCH, probe(adu(1, 1, 0x03, 0, 0, 0, 1, 9), Direction.TO_SERVER, false));
        // A delivery ending inside the first ADU: wait off-port, accept on the hint port.
        byte[] partial = Arrays.copyOf(adu(1, 1, 0x10, 0, 1, 0, 2, 4, 0, 1, 0, 2), 10);
        assertEquals(Probe.NEED_MORE, probe(partial, Direction.TO_SERVER, false));
        assertEquals(Probe.MATCH, probe(partial, Direction.TO_SERVER, true));
    }

    @Test
    void aWholeAduThenTheStartOfTheNextMatchesOffPortButNotInADatagram() {
        byte[] request = adu(1, 1, 0x03, 0x00, 0x00, 0x00, 0x0A);
        byte[] withTail = concat(request, Arrays.copyOf(adu(2, 1, 0x03, 0, 0, 0, 1), 4));
        assertEquals(Probe.MATCH, probe(withTail, Direction.TO_SERVER, false));
        assertEquals(Probe.NO_MATCH, dissector.probe(ByteBuffer.wrap(withTail), Direction.TO_SERVER, Transport.UDP, true));
    }

    @Test
    void tooShortToJudgeNeedsMore() {
        assertEquals(Probe.NEED_MORE, probe(hex("00010000"), Direction.TO_SERVER, true));
    }

    @Test
    void udpDatagramsMustHoldWholeAdus() {
        byte[] request = adu(1, 1, 0x03, 0x00, 0x00, 0x00, 0x0A);
        assertEquals(Probe.MATCH, dissector.probe(ByteBuffer.wrap(request), Direction.TO_SERVER, Transport.UDP, true));
        assertEquals(Probe.NO_MATCH, dissector.probe(ByteBuffer.wrap(Arrays.copyOf(request, 10)),
                Direction.TO_SERVER, Transport.UDP, true));
    }

    @Test
    void registeredFirst() {
        assertTrue(otb.dissect.Dissectors.all().get(0) instanceof ModbusDissector);
    }
}
