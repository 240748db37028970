package otb.dissect.lldp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import otb.dissect.TestBytes;
import org.junit.jupiter.api.Test;

/** LLDPDUs built by hand from IEEE 802.1AB-2016 clause 8: TLVs, order, bad input. */
class LldpduTest {
    static final byte[] LLDPDU = TestBytes.concat(
            TestBytes.hex("02 07 04 00 1b 1b 02 e6 1e"),  // Chassis ID (type 1, length 7): subtype 4 MAC
            TestBytes.hex("04 08 05"), "port-1".getBytes(), TestBytes.hex("00"), // Port ID (type 2, 8): subtype 5 interface name
            TestBytes.hex("06 02 00 78"),                 // TTL (type 3, 2): 120 s
            TestBytes.hex("0a 05"), "sw-01".getBytes(),   // System name (type 5, 5)
            TestBytes.hex("10 0c 05 01 0a 00 00 02 02 00 00 00 01 00"), // Mgmt address (type 8, 12): IPv4 10.0.0.2, ifIndex 1
            TestBytes.hex("00 00"));                      // End

    @Test
    void theMandatoryAndOptionalTlvs() {
        Lldpdu pdu = Lldpdu.parse(ByteBuffer.wrap(LLDPDU), 0, LLDPDU.length);
        assertEquals("00:1b:1b:02:e6:1e", pdu.fields().get("chassis_id"));
        assertEquals(4, pdu.fields().get("chassis_id_subtype"));
        assertEquals("port-1\0", pdu.fields().get("port_id"));
        assertEquals(120, pdu.fields().get("ttl"));
        assertEquals("sw-01", pdu.fields().get("system_name"));
        assertEquals(List.of("10.0.0.2"), pdu.fields().get("management_addresses"));
        assertEquals(List.of(), pdu.anomalies());
    }

    @Test
    void withoutChassisIdFirstItIsNotLldp() {
        byte[] swapped = TestBytes.concat(TestBytes.hex("06 02 00 78"), LLDPDU);
        assertNull(Lldpdu.parse(ByteBuffer.wrap(swapped), 0, swapped.length));
    }

    @Property(tries = 1000)
    void randomBytesNeverThrow(@ForAll @Size(max = 300) byte[] bytes) {
        Lldpdu.parse(ByteBuffer.wrap(bytes), 0, bytes.length);
        byte[] mutated = LLDPDU.clone();
        for (int i = 0; i < bytes.length; i += 2) {
            mutated[(bytes[i] & 0xFF) % mutated.length] ^= i + 1 < bytes.length ? bytes[i + 1] : 1;
        }
        Lldpdu.parse(ByteBuffer.wrap(mutated), 0, mutated.length);
    }
}
