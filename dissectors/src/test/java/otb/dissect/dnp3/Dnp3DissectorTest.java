package otb.dissect.dnp3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import otb.capture.Direction;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.Dissectors;
import otb.dissect.Probe;
import org.junit.jupiter.api.Test;

class Dnp3DissectorTest {
    private final Dnp3Dissector dissector = new Dnp3Dissector();

    @Test
    void port20000IsAHintOnBothTransportsAndExtraPortsAreHonoured() {
        DissectorConfig defaults = DissectorConfig.defaults();
        assertTrue(dissector.isHintPort(Transport.TCP, 20000, defaults));
        assertTrue(dissector.isHintPort(Transport.UDP, 20000, defaults));
        assertFalse(dissector.isHintPort(Transport.TCP, 20001, defaults));
        DissectorConfig extra = defaults.withExtraPorts(Map.of(Dnp3Protocol.DESCRIPTOR, Set.of(20001)));
        assertTrue(dissector.isHintPort(Transport.TCP, 20001, extra));
    }

    @Test
    void probeNeedsAHeaderWhoseCrcChecks() {
        byte[] header = hex("05640bc4050064006f36d0c3013c0106344d");
        assertEquals(Probe.MATCH, probe(header));
        assertEquals(Probe.MATCH, probe(java.util.Arrays.copyOf(header, 10)), "a whole header suffices");
        assertEquals(Probe.NEED_MORE, probe(java.util.Arrays.copyOf(header, 6)));
        byte[] badCrc = header.clone();
        badCrc[9] ^= 1;
        assertEquals(Probe.NO_MATCH, probe(badCrc));
        // TLS client hello and a Modbus request are not DNP3
        assertEquals(Probe.NO_MATCH, probe(hex("160301020001000200030301")));
        assertEquals(Probe.NO_MATCH, probe(hex("000100000006010300000001")));
    }

    @Test
    void onAHintPortACheckedHeaderWithABadLengthIsDnp3() {
        // DNP3-Malformed.pcap frame 1: LENGTH 2, header CRC correct
        byte[] header = hex("056402c40a00010097fe c1c101");
        assertEquals(Probe.MATCH, dissector.probe(ByteBuffer.wrap(header), Direction.TO_SERVER, Transport.TCP, true));
        assertEquals(Probe.NO_MATCH, dissector.probe(ByteBuffer.wrap(header), Direction.TO_SERVER, Transport.TCP, false));
    }

    @Test
    void probeFindsAHeaderAfterAPartialFrame() {
        // a capture that starts mid-frame: the tail of a frame, then a whole one
        byte[] bytes = concat(hex("0000ffff"), hex("05640bc4050064006f36d0c3013c0106344d"));
        assertEquals(Probe.MATCH, probe(bytes));
    }

    @Test
    void registeredInDissectors() {
        assertTrue(Dissectors.all().stream().anyMatch(d -> d instanceof Dnp3Dissector));
    }

    private Probe probe(byte[] bytes) {
        return dissector.probe(ByteBuffer.wrap(bytes), Direction.TO_SERVER, Transport.TCP, true);
    }
}
