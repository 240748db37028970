package otb.dissect.mms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.MutatedCaptures.dissect;
import static otb.dissect.MutatedCaptures.eventsOf;
import static otb.dissect.MutatedCaptures.mutatePayloads;
import static otb.dissect.MutatedCaptures.payloadOffsets;
import static otb.dissect.TestBytes.concat;

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
import otb.dissect.Malformed;

/**
 * Random and mutated input never throws, every call makes progress (the feeder checks it), a
 * well-framed TSDU is always exactly one event whatever it holds, and a fuzz pass over mutated
 * captures runs the whole pipeline with no exception and a bounded number of events.
 */
class MmsPropertiesTest {

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll @Size(max = 800) byte[] bytes, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        MmsBytes.Feeder feeder = new MmsBytes.Feeder().chunked(Direction.TO_SERVER, bytes, chunk);
        assertTrue(feeder.buffered(Direction.TO_SERVER) <= 0xFFFF, "at most one TPKT waits");
    }

    @Property(tries = 1000)
    void aWellFramedTsduIsAlwaysExactlyOneEvent(@ForAll("tsdus") byte[] tsdu, @ForAll("mutations") int[] flips,
                                                @ForAll boolean truncate, @ForAll boolean toServer) {
        byte[] bytes = mutate(tsdu, flips);
        if (truncate) {
            bytes = Arrays.copyOf(bytes, Math.max(1, bytes.length - 1 - flips[0] % bytes.length));
        }
        MmsBytes.Feeder feeder = new MmsBytes.Feeder()
                .feed(toServer ? Direction.TO_SERVER : Direction.TO_CLIENT, MmsBytes.dataTpdu(bytes));
        assertEquals(1, feeder.events.size(), "one TSDU, one message or one Malformed");
    }

    @Property(tries = 300)
    void mutatedConversationsNeverThrow(@ForAll("mutations") int[] flips, @ForAll @IntRange(min = 1, max = 100) int chunk,
                                        @ForAll @IntRange(min = 1, max = 4) int maxPending) {
        DissectorConfig config = new DissectorConfig(Map.of(), maxPending, 1_000_000L, 4096, 8, 256);
        MmsBytes.Feeder feeder = new MmsBytes.Feeder(config);
        byte[] client = concat(MmsBytes.CONNECTION_REQUEST, MmsBytes.dataTpdu(MmsBytes.inPresentation(MmsBytes.READ_REQUEST)),
                MmsBytes.dataTpduContinued(MmsBytes.STOP_REQUEST), MmsBytes.dataTpdu(MmsBytes.CONCLUDE_REQUEST));
        byte[] server = concat(MmsBytes.CONNECTION_CONFIRM, MmsBytes.dataTpdu(MmsBytes.inPresentation(MmsBytes.READ_ERROR)),
                MmsBytes.dataTpdu(MmsBytes.STOP_RESPONSE));
        feeder.chunked(Direction.TO_SERVER, mutate(client, flips), chunk);
        feeder.session.gap(feeder.context, 10, e -> { });
        feeder.chunked(Direction.TO_CLIENT, mutate(server, flips), chunk);
        feeder.session.tick(Long.MAX_VALUE / 2, e -> { });
        feeder.session.close(Long.MAX_VALUE / 2, e -> { });
    }

    /**
     * Fuzz pass: the MMS captures with TCP payload octets flipped run through the whole pipeline
     * (capture engine, dispatcher, session): no exception escapes, and the events stay bounded by
     * the payload octets (every event consumed input).
     */
    @Property(tries = 100)
    void mutatedCapturesRunThroughThePipeline(@ForAll("captures") String capture, @ForAll("mutations") int[] flips)
            throws Exception {
        byte[] pcap = Files.readAllBytes(Path.of("fixtures/pcaps/iec61850").resolve(capture));
        List<Integer> payloadOffsets = payloadOffsets(pcap);
        mutatePayloads(pcap, payloadOffsets, flips);
        long mms = eventsOf(dissect(pcap, "mms-fuzz"), MmsProtocol.DESCRIPTOR);
        assertTrue(mms <= payloadOffsets.size(), mms + " events from " + payloadOffsets.size() + " octets");
    }

    @Provide
    Arbitrary<String> captures() {
        return Arbitraries.of("piccolo.pcap", "iec61850_read.pcap", "iec61850_write.pcap", "mms-stopRequest.pcap",
                "mms-initiateDownloadSequence.pcap", "mms-cancelRequest.pcap");
    }

    /** TSDUs: the fixtures in session and presentation and straight, and the captures' connect. */
    @Provide
    Arbitrary<byte[]> tsdus() {
        return Arbitraries.of(MmsBytes.inPresentation(MmsBytes.IDENTIFY_REQUEST),
                MmsBytes.inPresentation(MmsBytes.IDENTIFY_RESPONSE), MmsBytes.inPresentation(MmsBytes.READ_REQUEST),
                MmsBytes.inPresentation(MmsBytes.READ_ERROR), MmsBytes.inPresentation(MmsBytes.INFORMATION_REPORT),
                MmsBytes.STOP_REQUEST, MmsBytes.STOP_RESPONSE, MmsBytes.READ_REQUEST, MmsBytes.CONCLUDE_REQUEST,
                otb.dissect.TestBytes.hex("0db60506130100160102140200023302000134020001c1a031819da003800101a28195"
                        + "810400000001820400000001a423300f0201010604520100013004060251013010020103060528ca22020130"
                        + "040602510161623060020101a05b6059a107060528ca220203a20706052901876701a30302010ca606060429"
                        + "018767a70302010cbe33283106025101020103a028a826800300ff0081010a82010a830105a416800101810305"
                        + "f100820c03ee1c000004000000010118"));  // piccolo.pcap frame 1: CN, CP, AARQ, initiate-Request
    }

    /** Pairs of (position, xor mask), applied modulo the length. */
    @Provide
    Arbitrary<int[]> mutations() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(2).ofMaxSize(20);
    }

    private static byte[] mutate(byte[] original, int[] flips) {
        byte[] copy = Arrays.copyOf(original, original.length);
        for (int i = 0; i + 1 < flips.length && copy.length > 0; i += 2) {
            copy[flips[i] % copy.length] ^= (byte) (1 + flips[i + 1] % 255);
        }
        return copy;
    }

}
