package otb.dissect.dnp3;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;

import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import otb.capture.Direction;
import otb.dissect.DissectorConfig;

/** Random and mutated streams never throw, and the session always makes progress (the feeder checks it). */
class Dnp3PropertiesTest {

    private static final byte[] VALID_STREAM = concat(Dnp3SessionTest.READ_CLASS_0,
            Dnp3SessionTest.SELECT, Dnp3SessionTest.OPERATE, Dnp3SessionTest.UNSOLICITED, Dnp3SessionTest.CONFIRM);
    private static final byte[] VALID_RESPONSES = concat(Dnp3SessionTest.RESPONSE_SEGMENT_1,
            Dnp3SessionTest.RESPONSE_SEGMENT_2, Dnp3SessionTest.SELECT_RESPONSE);

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll @Size(max = 600) byte[] bytes, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        Dnp3Bytes.Feeder feeder = new Dnp3Bytes.Feeder().chunked(Direction.TO_SERVER, bytes, chunk);
        assertTrue(feeder.buffered() <= LinkFrame.MAX_FRAME_BYTES);
    }

    @Property(tries = 300)
    void randomUserDataInValidFramesNeverThrows(@ForAll @Size(min = 1, max = 250) byte[] userData,
                                                @ForAll boolean fromMaster) {
        byte[] frame = fromMaster ? Dnp3Bytes.fromMaster(userData) : Dnp3Bytes.fromOutstation(userData);
        new Dnp3Bytes.Feeder().toServer(frame).toServer(frame);
    }

    @Property(tries = 300)
    void randomApplicationFragmentsNeverThrow(@ForAll @Size(min = 2, max = 249) byte[] app) {
        // FIR+FIN segment with a valid link frame, so every byte reaches the application parser
        byte[] segment = concat(new byte[] {(byte) 0xC0}, app);
        new Dnp3Bytes.Feeder().toClient(Dnp3Bytes.fromOutstation(segment)).toServer(Dnp3Bytes.fromMaster(segment));
    }

    @Property(tries = 500)
    void mutatedStreamsNeverThrow(@ForAll("mutations") int[] flips, @ForAll @IntRange(min = 1, max = 300) int chunk,
                                  @ForAll @IntRange(min = 16, max = 2048) int maxFragment) {
        byte[] stream = mutate(VALID_STREAM, flips);
        byte[] responses = mutate(VALID_RESPONSES, flips);
        DissectorConfig config = new DissectorConfig(Map.of(), 4, 1_000_000L, 4096, 8, maxFragment);
        Dnp3Bytes.Feeder feeder = new Dnp3Bytes.Feeder(config)
                .chunked(Direction.TO_SERVER, stream, chunk)
                .chunked(Direction.TO_CLIENT, responses, chunk);
        feeder.session.tick(Long.MAX_VALUE / 2, e -> { });
        feeder.session.close(Long.MAX_VALUE / 2, e -> { });
    }

    /** Application fragments of real and crafted messages, mutated and re-framed with good CRCs. */
    private static final byte[][] FRAGMENTS = {
        hex("c3 01 3c01 06"),
        hex("c0 03 0c01 28 0100 0000 03 01 64000000 64000000 00"),
        hex("c0 81 8000 00fc000000 0104 41434d45 00f0000000 0202 0008"),
        hex("c0 81 0000 0101 00 030c 85 02 0202 28 0100 0201 81 102030405060 1e05 00 0202 01 0000c03f"),
        hex("c0 82 0000 3301 07 01 000000000000 0203 17 01 00 81 0500 2007 17 01 04 01 00000040 102030405060"),
        hex("c3 01 46055b 01 0800 cd0b0000 00000000"),
        hex("c0 0b 3202 07 01 000000000000 10000000 1400 06"),
        hex("c0 05 2901 28 0100 0700 10270000 00 2903 17 01 08 0000a040 00"),
    };

    @Property(tries = 1000)
    void mutatedApplicationFragmentsNeverThrow(@ForAll @IntRange(min = 0, max = 7) int which,
                                               @ForAll("mutations") int[] flips, @ForAll boolean truncate) {
        byte[] app = mutate(FRAGMENTS[which], flips);
        if (truncate) {
            app = Arrays.copyOf(app, Math.max(2, app.length - 1 - (flips[0] % app.length)));
        }
        byte[] segment = concat(new byte[] {(byte) 0xC0}, app);
        Dnp3Bytes.Feeder feeder = new Dnp3Bytes.Feeder().toServer(Dnp3Bytes.fromMaster(segment))
                .toClient(Dnp3Bytes.fromOutstation(segment));
        assertTrue(feeder.messages().size() == 2, "a well-framed fragment is always a message");
    }

    /** Pairs of (position, xor mask), several per stream, applied modulo the stream length. */
    @Provide
    Arbitrary<int[]> mutations() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(2).ofMaxSize(20);
    }

    private static byte[] mutate(byte[] original, int[] flips) {
        byte[] copy = Arrays.copyOf(original, original.length);
        for (int i = 0; i + 1 < flips.length; i += 2) {
            int at = flips[i] % copy.length;
            copy[at] ^= (byte) (1 + flips[i + 1] % 255);
        }
        return copy;
    }
}
