package otb.dissect.iec104;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.MutatedCaptures.dissect;
import static otb.dissect.MutatedCaptures.eventsOf;
import static otb.dissect.MutatedCaptures.mutatePayloads;
import static otb.dissect.MutatedCaptures.payloadOffsets;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
import otb.dissect.OtMessage;

/**
 * Random and mutated input never throws, every call makes progress (the feeder checks it), the
 * unconsumed tail never exceeds one largest APDU, and a fuzz pass over mutated captures runs the
 * whole pipeline with no exception and a bounded number of events.
 */
class Iec104PropertiesTest {

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll @Size(max = 800) byte[] bytes, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder().chunked(Direction.TO_SERVER, bytes, chunk);
        assertTrue(feeder.buffered(Direction.TO_SERVER) < Apci.MAX_FRAME_BYTES);
    }

    @Property(tries = 500)
    void aWellFramedIFrameIsAlwaysExactlyOneEvent(@ForAll @Size(max = 249) byte[] asdu,
                                                   @ForAll @IntRange(min = 0, max = 32767) int sendSequence,
                                                   @ForAll boolean fromControlling) {
        byte[] apdu = concat(new byte[] {0x68, (byte) (4 + asdu.length),
            (byte) (sendSequence << 1), (byte) (sendSequence >> 7), 0, 0}, asdu);
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder()
                .feed(fromControlling ? Direction.TO_SERVER : Direction.TO_CLIENT, apdu);
        assertEquals(1, feeder.events.size());
        if (asdu.length >= Asdu.HEADER_BYTES) {
            OtMessage message = feeder.messages().get(0);
            assertEquals(asdu[0] & 0xFF, message.function().getAsInt());
            assertTrue(((Iec104Detail.Information) message.detail()).asdu().objects().size() <= 127);
        } else {
            assertEquals("truncated_asdu", feeder.malformed().get(0).reason());
        }
    }

    @Property(tries = 1000)
    void mutatedAsdusNeverThrow(@ForAll("asdus") String asdu, @ForAll("mutations") int[] flips, @ForAll boolean truncate) {
        byte[] bytes = mutate(hex(asdu), flips);
        if (truncate) {
            bytes = Arrays.copyOf(bytes, Math.max(0, bytes.length - 1 - flips[0] % bytes.length));
        }
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder()
                .toServer(concat(new byte[] {0x68, (byte) (4 + bytes.length), 0, 0, 0, 0}, bytes))
                .toClient(concat(new byte[] {0x68, (byte) (4 + bytes.length), 0, 0, 0, 0}, bytes));
        assertEquals(2, feeder.events.size(), "a well-framed APDU is always one event");
    }

    @Property(tries = 500)
    void mutatedConversationsNeverThrow(@ForAll("mutations") int[] flips, @ForAll @IntRange(min = 1, max = 300) int chunk,
                                        @ForAll @IntRange(min = 1, max = 8) int maxPending) {
        DissectorConfig config = new DissectorConfig(Map.of(), maxPending, 1_000_000L, 4096, 8, 4096);
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder(config);
        for (Direction direction : Direction.values()) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            Iec104Frames.conversation().stream().filter(s -> s.direction() == direction)
                    .forEach(s -> stream.writeBytes(s.bytes()));
            feeder.chunked(direction, mutate(stream.toByteArray(), flips), chunk);
            if (direction == Direction.TO_SERVER) {
                feeder.session.gap(feeder.context, 10, e -> { });
            }
        }
        feeder.session.tick(Long.MAX_VALUE / 2, e -> { });
        feeder.session.close(Long.MAX_VALUE / 2, e -> { });
    }

    /**
     * Fuzz pass: the two public captures with TCP payload octets flipped run through the whole
     * pipeline (capture engine, dispatcher, session): no exception escapes, and the events stay
     * bounded by the payload octets (every event consumed input).
     */
    @Property(tries = 60)
    void mutatedCapturesRunThroughThePipeline(@ForAll @IntRange(min = 0, max = 1) int which,
                                              @ForAll("mutations") int[] flips) throws Exception {
        Path original = Path.of(which == 0 ? "fixtures/pcaps/other/TestDissectIec104.pcap"
                : "fixtures/pcaps/other/090813_diverse.pcap");
        byte[] pcap = Files.readAllBytes(original);
        List<Integer> payloadOffsets = payloadOffsets(pcap);
        mutatePayloads(pcap, payloadOffsets, flips);
        long iec104 = eventsOf(dissect(pcap, "iec104-fuzz"), Iec104Protocol.DESCRIPTOR);
        assertTrue(iec104 <= payloadOffsets.size(), iec104 + " events from " + payloadOffsets.size() + " octets");
    }

    /** ASDUs of the synthetic conversation and of the real captures' types. */
    @Provide
    Arbitrary<String> asdus() {
        return Arbitraries.of(Iec104Frames.INTERROGATION, Iec104Frames.NORMALISED_SEQUENCE, Iec104Frames.SCALED,
                Iec104Frames.INTEGRATED_TOTAL, Iec104Frames.SINGLE_POINT_TIME, Iec104Frames.FLOAT_TIME,
                Iec104Frames.SINGLE_POINT_CP24, Iec104Frames.STEP_POSITIONS, Iec104Frames.BITSTRING,
                Iec104Frames.REGULATING_STEP, Iec104Frames.SET_POINT_SCALED, Iec104Frames.READ,
                Iec104Frames.CLOCK_SYNCHRONISATION, Iec104Frames.RESET_PROCESS,
                "01 89 14 00 8d 91 1a 27 00 00 00 00 00 00 00 00 00 00",  // M_SP_NA_1, SQ=1, nine points
                "7d 01 0d 00 01 00 01 00 00 01 00 01 05 01 02 03 04 05"); // F_SG_NA_1, a five-octet segment
    }

    /** Pairs of (position, xor mask), several per stream, applied modulo the stream length. */
    @Provide
    Arbitrary<int[]> mutations() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(2).ofMaxSize(20);
    }

    private static byte[] mutate(byte[] original, int[] flips) {
        byte[] copy = Arrays.copyOf(original, original.length);
        for (int i = 0; i + 1 < flips.length && copy.length > 0; i += 2) {
            int at = flips[i] % copy.length;
            copy[at] ^= (byte) (1 + flips[i + 1] % 255);
        }
        return copy;
    }
}
