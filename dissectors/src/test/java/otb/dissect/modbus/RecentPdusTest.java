package otb.dissect.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.modbus.ModbusFixtures.adu;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentPdusTest {

    /** The PDU of an ADU starts after the 7-byte MBAP header; its length is the MBAP length - 1. */
    private static final int PDU = ModbusParser.MBAP_HEADER_LENGTH;

    @Test
    void findsAPduAgainByItsBytesOnly() {
        RecentPdus recent = new RecentPdus();
        ByteBuffer first = ByteBuffer.wrap(adu(1, 17,
                0x03,          // function 3
                0x00, 0x6B,    // starting address 107
                0x00, 0x03));  // quantity 3
        assertNull(recent.find(first, PDU, 5));
        ModbusDetail detail = new ModbusDetail(6, 0, new ModbusPdu.ReadRequest(3, 107, 3), List.of());
        KnownPdu known = known(detail);
        recent.remember(first, PDU, 5, known);
        // Another transaction id and unit, same PDU: found.
        ByteBuffer again = ByteBuffer.wrap(adu(2, 9, 0x03, 0x00, 0x6B, 0x00, 0x03));
        assertSame(known, recent.find(again, PDU, 5));
        // One byte differs: not found.
        assertNull(recent.find(ByteBuffer.wrap(adu(1, 17, 0x03, 0x00, 0x6B, 0x00, 0x04)), PDU, 5));
    }

    @Test
    void pdusWhoseBytesDifferOnlyInLeadingZerosAreNotConfused() {
        RecentPdus recent = new RecentPdus();
        // PDU 00 07 (2 bytes) and PDU 07 (1 byte) pack to the same number.
        ByteBuffer two = ByteBuffer.wrap(adu(1, 1, 0x00, 0x07));
        ByteBuffer one = ByteBuffer.wrap(adu(1, 1, 0x07));
        recent.remember(two, PDU, 2, known(new ModbusDetail(3, 0, new ModbusPdu.Undecoded(0, 1), List.of())));
        assertNull(recent.find(one, PDU, 1));
    }

    @Test
    void eligibleOnlyForShortNonUmasPdusUnderProtocolZero() {
        assertTrue(RecentPdus.eligible(0, 8, 3));
        assertFalse(RecentPdus.eligible(0, 9, 3));
        assertFalse(RecentPdus.eligible(1, 5, 3));
        assertFalse(RecentPdus.eligible(0, 5, ModbusFunctions.UMAS));
        assertEquals(8, RecentPdus.MAX_PDU_LENGTH);
    }

    private static KnownPdu known(ModbusDetail detail) {
        otb.dissect.MessageParts parts = new otb.dissect.MessageParts("f", otb.dissect.OperationClass.READ, List.of());
        return new KnownPdu(detail, parts, List.of(), parts, "", 0, -1, false);
    }
}
