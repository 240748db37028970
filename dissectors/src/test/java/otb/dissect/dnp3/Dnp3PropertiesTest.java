package otb.dissect.dnp3;

import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static final byte[] VALID_STREAM = Dnp3Bytes.concat(Dnp3SessionTest.READ_CLASS_0,
            Dnp3SessionTest.SELECT, Dnp3SessionTest.OPERATE, Dnp3SessionTest.UNSOLICITED, Dnp3SessionTest.CONFIRM);
    private static final byte[] VALID_RESPONSES = Dnp3Bytes.concat(Dnp3SessionTest.RESPONSE_SEGMENT_1,
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
        byte[] segment = Dnp3Bytes.concat(new byte[] {(byte) 0xC0}, app);
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
