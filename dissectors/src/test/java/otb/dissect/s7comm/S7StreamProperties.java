package otb.dissect.s7comm;

import static otb.dissect.TestBytes.concat;
import static otb.dissect.s7comm.S7Fixtures.dt;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import otb.capture.Direction;
import otb.dissect.Malformed;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.s7comm.S7Fixtures.Feeder;

/** Random and mutated streams never throw, never stall, and only give messages or malformed events. */
class S7StreamProperties {

    /** Valid frames of every kind the session decodes, to mutate. */
    private static final List<byte[]> FRAMES = List.of(
            S7Fixtures.connectionRequest(0x0100, 0x0102),
            dt(S7SessionTest.SETUP_JOB), dt(S7SessionTest.SETUP_ACK),
            dt(S7ChunkingTest.WRITE), dt(S7ChunkingTest.READ), dt(S7ChunkingTest.SZL),
            S7ChunkingTest.STREAM);

    @Property(tries = 300)
    void randomBytesInRandomChunksNeverThrow(@ForAll @Size(max = 600) byte[] stream,
                                             @ForAll @IntRange(min = 1, max = 64) int chunk,
                                             @ForAll boolean toClient) {
        feedInChunks(stream, chunk, toClient ? Direction.TO_CLIENT : Direction.TO_SERVER);
    }

    @Property(tries = 300)
    void randomBytesAfterAValidHeaderNeverThrow(@ForAll @Size(max = 300) byte[] body,
                                                @ForAll @IntRange(min = 1, max = 32) int chunk) {
        // a TPKT/COTP DT header around random S7-looking content: 0x32 or 0x72 first
        byte[] payload = concat(new byte[] {(byte) (body.length % 2 == 0 ? 0x32 : 0x72)}, body);
        feedInChunks(dt(payload), chunk, Direction.TO_CLIENT);
    }

    @Property(tries = 500)
    void mutatedFramesNeverThrow(@ForAll("mutations") byte[] stream, @ForAll @IntRange(min = 1, max = 40) int chunk) {
        feedInChunks(stream, chunk, Direction.TO_SERVER);
        feedInChunks(stream, chunk, Direction.TO_CLIENT);
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        return Arbitraries.of(FRAMES).flatMap(frame -> Arbitraries.integers().between(0, frame.length - 1).list()
                .ofMaxSize(6).flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] copy = Arrays.copyOf(frame, frame.length);
                    for (int i = 0; i < positions.size(); i++) {
                        copy[positions.get(i)] = values.get(i);
                    }
                    return concat(copy, frame);
                })));
    }

    private static void feedInChunks(byte[] stream, int chunk, Direction direction) {
        Feeder feeder = new Feeder();
        for (int at = 0, frame = 1; at < stream.length; at += chunk, frame++) {
            feeder.feed(direction, frame, Arrays.copyOfRange(stream, at, Math.min(stream.length, at + chunk)));
        }
        feeder.session.tick(Long.MAX_VALUE / 2, feeder.events::add);
        feeder.session.close(Long.MAX_VALUE / 2, feeder.events::add);
        for (OtEvent event : feeder.events) {
            if (!(event instanceof OtMessage) && !(event instanceof Malformed)) {
                throw new AssertionError("unexpected event " + event);
            }
        }
    }
}
