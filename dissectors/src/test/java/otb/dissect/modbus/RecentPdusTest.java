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
        long key = RecentPdus.key(first, PDU, 5);
        assertEquals(0x03006B0003L, key);
        assertNull(recent.find(key));
        ModbusDetail detail = new ModbusDetail(6, 0, new ModbusPdu.ReadRequest(3, 107, 3), List.of());
        KnownPdu known = known(key, detail);
        recent.remember(known);
        // Another transaction id and unit, same PDU: found.
        ByteBuffer again = ByteBuffer.wrap(adu(2, 9, 0x03, 0x00, 0x6B, 0x00, 0x03));
        assertSame(known, recent.find(RecentPdus.key(again, PDU, 5)));
        // One byte differs: not found.
        assertNull(recent.find(RecentPdus.key(ByteBuffer.wrap(adu(1, 17, 0x03, 0x00, 0x6B, 0x00, 0x04)), PDU, 5)));
    }

    @Test
    void eligiblePdusOfDifferentLengthsNeverShareAKey() {
        // Eligible PDUs start with a function code other than 0, so a longer PDU's number has a
        // byte set above every shorter one's: 03 00 07 and 03 00 00 07 differ.
        long three = RecentPdus.key(ByteBuffer.wrap(adu(1, 1, 0x03, 0x00, 0x07)), PDU, 3);
        long four = RecentPdus.key(ByteBuffer.wrap(adu(1, 1, 0x03, 0x00, 0x00, 0x07)), PDU, 4);
        assertEquals(0x030007L, three);
        assertEquals(0x03000007L, four);
        RecentPdus recent = new RecentPdus();
        recent.remember(known(three, new ModbusDetail(4, 0, new ModbusPdu.Undecoded(3, 2), List.of())));
        assertNull(recent.find(four));
        // Function 0 would break that (00 07 and 07 are one number): such PDUs are not kept.
        assertFalse(RecentPdus.eligible(0, 2, 0));
    }

    @Test
    void aSetKeepsItsWaysAndForgetsTheOldestBeyondThem() {
        // Keys in the anchor's set, found by trying numbers: one is in it when remembering it
        // as often as there are ways, after the anchor, pushes the anchor out.
        KnownPdu anchor = known(0x0300000001L, null);
        List<KnownPdu> sameSet = new java.util.ArrayList<>();
        for (long n = 2; sameSet.size() < RecentPdus.WAYS; n++) {
            KnownPdu candidate = known(0x0300000000L | n, null);
            RecentPdus trial = new RecentPdus();
            trial.remember(anchor);
            for (int i = 0; i < RecentPdus.WAYS; i++) {
                trial.remember(candidate);
            }
            if (trial.find(anchor.pduKey()) == null) {
                sameSet.add(candidate);
            }
        }
        RecentPdus recent = new RecentPdus();
        recent.remember(anchor);
        for (int i = 0; i < RecentPdus.WAYS - 1; i++) {
            recent.remember(sameSet.get(i));
        }
        // As many PDUs as ways share the set: all are found.
        assertSame(anchor, recent.find(anchor.pduKey()));
        for (int i = 0; i < RecentPdus.WAYS - 1; i++) {
            assertSame(sameSet.get(i), recent.find(sameSet.get(i).pduKey()));
        }
        // One more: the one remembered first is forgotten, the others stay.
        recent.remember(sameSet.get(RecentPdus.WAYS - 1));
        assertNull(recent.find(anchor.pduKey()));
        for (KnownPdu kept : sameSet) {
            assertSame(kept, recent.find(kept.pduKey()));
        }
    }

    @Test
    void eligibleOnlyForShortNonUmasPdusUnderProtocolZero() {
        assertTrue(RecentPdus.eligible(0, 8, 3));
        assertFalse(RecentPdus.eligible(0, 9, 3));
        assertFalse(RecentPdus.eligible(1, 5, 3));
        assertFalse(RecentPdus.eligible(0, 5, ModbusFunctions.UMAS));
        assertEquals(8, RecentPdus.MAX_PDU_LENGTH);
    }

    private static KnownPdu known(long key, ModbusDetail detail) {
        otb.dissect.MessageParts parts = new otb.dissect.MessageParts("f", otb.dissect.OperationClass.READ, List.of(),
                List.of(), detail);
        return new KnownPdu(key, parts, parts, "", 0, -1, false);
    }
}
