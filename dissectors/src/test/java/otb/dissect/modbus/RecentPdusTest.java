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
        // The shortest and the longest kept: the function code alone, and all eight bytes.
        assertEquals(0x07L, RecentPdus.key(ByteBuffer.wrap(adu(1, 1, 0x07)), PDU, 1));
        assertEquals(0x8F00010002010300L, RecentPdus.key(ByteBuffer.wrap(
                adu(1, 1, 0x8F, 0x00, 0x01, 0x00, 0x02, 0x01, 0x03, 0x00)), PDU, 8));
        RecentPdus recent = new RecentPdus();
        recent.remember(known(three, new ModbusDetail(4, 0, new ModbusPdu.Undecoded(3, 2), List.of())));
        assertNull(recent.find(four));
        // Function 0 would break that (00 07 and 07 are one number): such PDUs are not kept.
        assertFalse(RecentPdus.eligible(0, 2, 0));
    }

    @Test
    void twoPdusSharingAFirstSlotAreBothKept() {
        KnownPdu anchor = known(0x0300000001L, null);
        KnownPdu sameSlot = firstSlotAt(RecentPdus.slot(anchor.pduKey()));
        RecentPdus recent = new RecentPdus();
        recent.remember(anchor);
        // Its first slot holds another PDU: not found.
        assertNull(recent.find(sameSlot.pduKey()));
        recent.remember(sameSlot);
        // The newer takes the first slot, the anchor moves to its second: a polling cycle with
        // both finds both on every cycle.
        assertSame(sameSlot, recent.find(sameSlot.pduKey()));
        assertSame(anchor, recent.find(anchor.pduKey()));
        recent.remember(sameSlot);
        assertSame(anchor, recent.find(anchor.pduKey()));
    }

    @Test
    void aPduDisplacedFromItsSecondSlotIsForgotten() {
        KnownPdu anchor = known(0x0300000001L, null);
        KnownPdu sameSlot = firstSlotAt(RecentPdus.slot(anchor.pduKey()));
        RecentPdus recent = new RecentPdus();
        recent.remember(anchor);
        recent.remember(sameSlot);
        // A third PDU whose first slot is the anchor's second: it takes the slot, the anchor is
        // forgotten, the others stay.
        KnownPdu third = firstSlotAt(RecentPdus.secondSlot(anchor.pduKey()));
        recent.remember(third);
        assertSame(third, recent.find(third.pduKey()));
        assertSame(sameSlot, recent.find(sameSlot.pduKey()));
        assertNull(recent.find(anchor.pduKey()));
    }

    @Test
    void nearlyAllOfAThousandDistinctPdusAreKept() {
        // Read requests at 1,000 scattered addresses with quantities 1..125, as the polls of many
        // flows sharing one table. Remembered once each, nearly all are found again: a PDU is
        // lost only when later ones take both its slots (989 are kept; with one slot per PDU,
        // those that share it lose each other and 925 would be).
        RecentPdus recent = new RecentPdus();
        List<KnownPdu> polls = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long address = (i * 7919L) % 65536;
            long quantity = 1 + (i * 31L) % 125;
            polls.add(known(0x0300000000L | address << 16 | quantity, null));
        }
        polls.forEach(recent::remember);
        long found = polls.stream().filter(pdu -> recent.find(pdu.pduKey()) == pdu).count();
        assertTrue(found >= 980, found + " of 1000 found");
    }

    /**
     * A PDU whose first slot is {@code slot}: the first key 03 00 00 .. .. there (a read request at
     * address 0, by quantity).
     */
    private static KnownPdu firstSlotAt(int slot) {
        for (long n = 2; ; n++) {
            long key = 0x0300000000L | n;
            if (RecentPdus.slot(key) == slot) {
                return known(key, null);
            }
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
