package otb.dissect.pndcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import otb.dissect.TestBytes;
import org.junit.jupiter.api.Test;

/** DCP PDUs built by hand from IEC 61158-6-10 clause 4.3: blocks by service and type, bad input. */
class DcpFrameTest {

    @Test
    void aSetOfTheNameOfStationIsAWriteCarryingTheName() {
        byte[] pdu = TestBytes.concat(
                TestBytes.hex("fe fd"),          // FrameID: get/set
                TestBytes.hex("04 00"),          // ServiceID set, ServiceType request
                TestBytes.hex("00 00 00 2a"),    // Xid 42
                TestBytes.hex("00 00"),          // reserved
                TestBytes.hex("00 0c"),          // DCPDataLength 12
                TestBytes.hex("02 02 00 07"),    // block: device / name of station, length 7
                TestBytes.hex("00 01"),          // BlockQualifier: permanent
                "plc-1".getBytes(),              // NameOfStation (5 octets)
                TestBytes.hex("00"));            // padding to even
        DcpFrame frame = DcpFrame.parse(ByteBuffer.wrap(pdu), 0, pdu.length);
        assertEquals(DcpFrame.SERVICE_SET, frame.service());
        assertEquals(42, frame.xid());
        assertEquals(List.of("device/name_of_station"), frame.options());
        assertEquals("plc-1", frame.fields().get("name_of_station"));
        assertEquals(List.of(), frame.anomalies());
    }

    @Test
    void anIdentifyResponseGivesTheDeviceIdentity() {
        byte[] pdu = TestBytes.concat(
                TestBytes.hex("fe ff 05 01 00 00 00 07 00 00"), // identify response success, Xid 7
                TestBytes.hex("00 1c"),                         // DCPDataLength 28
                TestBytes.hex("02 03 00 06 00 00 00 2a 01 0d"), // device id: BlockInfo, vendor 0x002a, device 0x010d
                TestBytes.hex("01 02 00 0e 00 01"),             // IP parameter: BlockInfo
                TestBytes.hex("c0 a8 00 05 ff ff ff 00 c0 a8 00 01")); // 192.168.0.5/24 via .1
        DcpFrame frame = DcpFrame.parse(ByteBuffer.wrap(pdu), 0, pdu.length);
        assertEquals(0x2a, frame.fields().get("vendor_id"));
        assertEquals(0x10d, frame.fields().get("device_id"));
        assertEquals("192.168.0.5", frame.fields().get("ip"));
        assertEquals("255.255.255.0", frame.fields().get("netmask"));
        assertEquals("192.168.0.1", frame.fields().get("gateway"));
    }

    @Test
    void aBlockLongerThanThePduIsAnAnomalyAndOtherFrameIdsAreNotDcp() {
        byte[] pdu = TestBytes.hex("fe fe 05 00 00 00 00 01 00 01 00 08 02 02 00 40 61 62 63 64");
        assertEquals(List.of("truncated_block"), DcpFrame.parse(ByteBuffer.wrap(pdu), 0, pdu.length)
                .anomalies());
        byte[] cyclic = TestBytes.hex("80 00 05 00 00 00 00 01 00 01 00 00");
        assertNull(DcpFrame.parse(ByteBuffer.wrap(cyclic), 0, cyclic.length));
    }

    @Property(tries = 1000)
    void randomBytesNeverThrow(@ForAll @Size(max = 300) byte[] bytes) {
        if (bytes.length >= 2) {
            bytes[0] = (byte) 0xFE;
            bytes[1] = (byte) (0xFC + (bytes[1] & 3));
        }
        DcpFrame.parse(ByteBuffer.wrap(bytes), 0, bytes.length);
    }
}
