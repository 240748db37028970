package otb.dissect.s7comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.s7comm.S7Fixtures.bytes;
import static otb.dissect.s7comm.S7Fixtures.connectionRequest;
import static otb.dissect.s7comm.S7Fixtures.dataItem;
import static otb.dissect.s7comm.S7Fixtures.dt;
import static otb.dissect.s7comm.S7Fixtures.dtMore;
import static otb.dissect.s7comm.S7Fixtures.s7;
import static otb.dissect.s7comm.S7Fixtures.s7any;
import static otb.dissect.s7comm.S7Fixtures.userdataRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import otb.capture.Direction;
import otb.dissect.MessageRecord;
import otb.dissect.OtMessage;
import otb.dissect.s7comm.S7Fixtures.Feeder;
import org.junit.jupiter.api.Test;

/** Each TPKT and a whole stream fed in every chunk size give the same messages as one delivery. */
class S7ChunkingTest {

    static final byte[] WRITE = s7(0x01, 0x0A00, concat(bytes(0x05, 0x01), s7any(0x05, 2, 7, 0x84, 2, 0)),
            dataItem(0x00, 0x05, 32, bytes(0x00, 0x2A, 0xFF, 0x9C)));
    static final byte[] READ = s7(0x01, 0x0B00, concat(bytes(0x04, 0x02), s7any(0x02, 3, 0, 0x81, 0, 0),
            s7any(0x01, 1, 0, 0x83, 1, 7)), bytes());
    static final byte[] SZL = s7(0x07, 0x0C00, userdataRequest(4, 1), dataItem(0xFF, 0x09, 4, bytes(0, 0x11, 0, 0)));

    /** A client stream: CR, a write var, a read var split over two DTs, an SZL read. */
    static final byte[] STREAM = concat(connectionRequest(0x0100, 0x0102), dt(WRITE),
            dtMore(Arrays.copyOfRange(READ, 0, 11)), dt(Arrays.copyOfRange(READ, 11, READ.length)), dt(SZL));

    /** What a message says, without where in the stream it was completed. */
    private static String summary(OtMessage message) {
        var fields = MessageRecord.fields(message);
        fields.remove("frame");
        fields.remove("ts");
        return fields.toString();
    }

    private static List<String> summaries(Feeder feeder) {
        List<String> out = new ArrayList<>();
        feeder.messages().forEach(m -> out.add(summary(m)));
        return out;
    }

    @Test
    void streamInEveryChunkSize() {
        List<String> whole = summaries(new Feeder().feed(Direction.TO_SERVER, 1, STREAM));
        assertEquals(4, whole.size());
        for (int size = 1; size <= STREAM.length; size++) {
            Feeder feeder = new Feeder();
            for (int at = 0, frame = 1; at < STREAM.length; at += size, frame++) {
                feeder.feed(Direction.TO_SERVER, frame, Arrays.copyOfRange(STREAM, at, Math.min(STREAM.length, at + size)));
            }
            assertEquals(whole, summaries(feeder), "chunk size " + size);
            assertTrue(feeder.malformed().isEmpty(), "chunk size " + size);
        }
    }

    @Test
    void eachTpktSplitAtEveryPosition() {
        for (byte[] frame : List.of(dt(WRITE), dt(READ), dt(SZL), connectionRequest(0x0100, 0x0102))) {
            List<String> whole = summaries(new Feeder().feed(Direction.TO_SERVER, 1, frame));
            assertEquals(1, whole.size());
            for (int split = 1; split < frame.length; split++) {
                Feeder feeder = new Feeder()
                        .feed(Direction.TO_SERVER, 1, Arrays.copyOfRange(frame, 0, split));
                assertTrue(feeder.events.isEmpty(), "nothing before the frame is complete, split " + split);
                feeder.feed(Direction.TO_SERVER, 2, Arrays.copyOfRange(frame, split, frame.length));
                assertEquals(whole, summaries(feeder), "split " + split);
                assertEquals(2, feeder.messages().get(0).frame(), "completed by the second chunk");
            }
        }
    }
}
