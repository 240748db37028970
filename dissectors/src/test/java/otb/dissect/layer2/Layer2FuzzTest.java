package otb.dissect.layer2;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.MutatedCaptures.dissect;
import static otb.dissect.MutatedCaptures.eventsOf;
import static otb.dissect.MutatedCaptures.mutatePayloads;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import otb.dissect.OtEvent;
import otb.dissect.goose.GooseProtocol;
import otb.dissect.lldp.LldpProtocol;
import otb.dissect.pndcp.PnDcpProtocol;

/**
 * Fuzz pass: the layer-2 captures with octets after the EtherType flipped (the Length and APPID,
 * DCP headers and block lengths, BER lengths) run through the whole pipeline: no exception
 * escapes, and each protocol gives at most one event per frame.
 */
class Layer2FuzzTest {

    /** File offsets of the octets after the EtherType (and any 802.1Q tag) of non-IP frames, little-endian pcap. */
    static List<Integer> layer2Offsets(byte[] pcap) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> offsets = new ArrayList<>();
        int at = 24;
        while (at + 16 <= pcap.length) {
            int captured = in.getInt(at + 8);
            int frame = at + 16;
            int type = frame + 12;
            if (captured >= 18 && (pcap[type] & 0xFF) == 0x81 && pcap[type + 1] == 0) {
                type += 4; // 802.1Q tag
            }
            int etherType = (pcap[type] & 0xFF) << 8 | pcap[type + 1] & 0xFF;
            if (etherType == 0x88B8 || etherType == 0x8892 || etherType == 0x88CC) {
                for (int p = type + 2; p < frame + captured; p++) {
                    offsets.add(p);
                }
            }
            at = frame + captured;
        }
        if (offsets.isEmpty()) {
            throw new IOException("no layer-2 payload");
        }
        return offsets;
    }

    @Property(tries = 150)
    void mutatedCapturesRunThroughThePipeline(@ForAll("captures") String capture, @ForAll("mutations") int[] flips)
            throws Exception {
        byte[] pcap = Files.readAllBytes(Path.of("fixtures/pcaps").resolve(capture));
        int frames = 0;
        for (int at = 24; at + 16 <= pcap.length; frames++) {
            at += 16 + ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN).getInt(at + 8);
        }
        List<Integer> offsets = layer2Offsets(pcap);
        mutatePayloads(pcap, offsets, flips);
        List<OtEvent> events = dissect(pcap, "layer2-fuzz");
        long layer2 = eventsOf(events, GooseProtocol.DESCRIPTOR) + eventsOf(events, PnDcpProtocol.DESCRIPTOR)
                + eventsOf(events, LldpProtocol.DESCRIPTOR);
        assertTrue(layer2 <= frames, layer2 + " events from " + frames + " frames");
    }

    @Provide
    Arbitrary<String> captures() {
        return Arbitraries.of("iec61850/GOOSE.pcap", "iec61850/GOOSE_DEMO.pcap", "iec61850/Sample_File_GOOSE.pcap",
                "profinet/PROFINET-RT.pcap", "profinet/ChangeIPUsingDCP.pcap");
    }

    @Provide
    Arbitrary<int[]> mutations() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(2).ofMaxSize(40);
    }
}
