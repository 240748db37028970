package otb.dissect.dnp3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import otb.dissect.dnp3.TransportReassembler.Outcome;
import org.junit.jupiter.api.Test;

class TransportReassemblerTest {

    /** A segment: transport header (FIN 0x80, FIR 0x40, sequence) then {@code length} octets of {@code fill}. */
    private static byte[] segment(int header, int length, int fill) {
        byte[] segment = new byte[1 + length];
        segment[0] = (byte) header;
        java.util.Arrays.fill(segment, 1, segment.length, (byte) fill);
        return segment;
    }

    @Test
    void sequenceWrapsFrom63To0() {
        TransportReassembler reassembler = new TransportReassembler(4096);
        assertEquals(Outcome.BUFFERED, reassembler.accept(0, 5, 100, segment(0x40 | 62, 10, 1)));
        assertEquals(Outcome.BUFFERED, reassembler.accept(0, 5, 100, segment(63, 10, 2)));
        assertEquals(Outcome.COMPLETED, reassembler.accept(0, 5, 100, segment(0x80, 10, 3)));
        assertEquals(30, reassembler.completed().length);
        assertEquals(3, reassembler.segmentsOfCompleted());
        assertEquals(3, reassembler.completed()[29]);
        assertEquals(0, reassembler.bufferedBytes());
    }

    @Test
    void addressPairsAndDirectionsReassembleApart() {
        TransportReassembler reassembler = new TransportReassembler(4096);
        reassembler.accept(0, 5, 100, segment(0x40, 4, 0xA));
        reassembler.accept(0, 6, 100, segment(0x40, 4, 0xB));
        reassembler.accept(1, 5, 100, segment(0x40, 4, 0xC));
        assertEquals(Outcome.COMPLETED, reassembler.accept(0, 6, 100, segment(0x81, 1, 0xB)));
        assertArrayEquals(new byte[] {0xB, 0xB, 0xB, 0xB, 0xB}, reassembler.completed());
        assertEquals(Outcome.COMPLETED, reassembler.accept(0, 5, 100, segment(0x81, 1, 0xA)));
        assertEquals(Outcome.COMPLETED, reassembler.accept(1, 5, 100, segment(0x81, 1, 0xC)));
    }

    @Test
    void receiverRulesOfTheStandard() {
        TransportReassembler reassembler = new TransportReassembler(4096);
        assertEquals(Outcome.NO_FIRST_SEGMENT, reassembler.accept(0, 1, 2, segment(0x05, 3, 0)));
        reassembler.accept(0, 1, 2, segment(0x40 | 7, 3, 0));
        assertEquals(Outcome.DUPLICATE, reassembler.accept(0, 1, 2, segment(7, 3, 0)));
        assertEquals(Outcome.OUT_OF_SEQUENCE, reassembler.accept(0, 1, 2, segment(9, 3, 0)));
        assertEquals(6, reassembler.discardedBytes());
        // a new FIR discards the unfinished fragment and says how much
        reassembler.accept(0, 1, 2, segment(0x40 | 1, 3, 0));
        assertEquals(Outcome.BUFFERED, reassembler.accept(0, 1, 2, segment(0x40 | 4, 5, 0)));
        assertEquals(3, reassembler.discardedBytes());
    }

    @Test
    void allUnfinishedFragmentsOfAFlowStayWithinTheBound() {
        TransportReassembler reassembler = new TransportReassembler(500);
        reassembler.accept(0, 1, 2, segment(0x40, 200, 0));
        reassembler.accept(0, 3, 2, segment(0x40, 200, 0));
        assertEquals(400, reassembler.bufferedBytes());
        // a third fragment needs room: the oldest (1 -> 2) gives way
        assertEquals(Outcome.BUFFERED, reassembler.accept(0, 4, 2, segment(0x40, 200, 0)));
        assertEquals(200, reassembler.discardedBytes());
        assertEquals(400, reassembler.bufferedBytes());
        assertEquals(Outcome.NO_FIRST_SEGMENT, reassembler.accept(0, 1, 2, segment(0x01, 10, 0)));
        // growing 3 -> 2 to 449 octets pushes out 4 -> 2
        assertEquals(Outcome.BUFFERED, reassembler.accept(0, 3, 2, segment(0x01, 249, 0)));
        assertEquals(200, reassembler.discardedBytes());
        assertEquals(449, reassembler.bufferedBytes());
        // one fragment alone over the bound is dropped
        assertEquals(Outcome.TOO_LARGE, reassembler.accept(0, 3, 2, segment(0x02, 249, 0)));
        assertEquals(449 + 249, reassembler.discardedBytes());
        assertEquals(0, reassembler.bufferedBytes());
        reassembler.accept(1, 3, 2, segment(0x40, 100, 0));
        assertEquals(0, reassembler.discard(0));
        assertEquals(100, reassembler.discard(1));
        assertEquals(0, reassembler.bufferedBytes());
    }
}
