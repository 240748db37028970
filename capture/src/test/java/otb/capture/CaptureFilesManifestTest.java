package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public capture of fixtures/pcaps reads to exactly the packet count Wireshark gave in MANIFEST.tsv. */
class CaptureFilesManifestTest {
    static final Path PCAPS = Path.of("fixtures/pcaps");

    /** Rows of MANIFEST.tsv: file and packet count, found by the header's column names. */
    static List<Arguments> manifest() throws IOException {
        List<String> lines = Files.readAllLines(PCAPS.resolve("MANIFEST.tsv"));
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int fileColumn = header.indexOf("file");
        int packetsColumn = header.indexOf("packets");
        int linkColumn = header.indexOf("linktype");
        assertTrue(fileColumn >= 0 && packetsColumn >= 0, "MANIFEST.tsv header: " + header);
        List<Arguments> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            rows.add(Arguments.of(cells[fileColumn], Long.parseLong(cells[packetsColumn]), cells[linkColumn]));
        }
        assertFalse(rows.isEmpty());
        return rows;
    }

    static Stream<Arguments> rows() throws IOException {
        return manifest().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsExactlyTheManifestPacketCount(String file, long packets, String linkType) throws Exception {
        Path path = PCAPS.resolve(file);
        long[] frames = {0};
        long[] lastNumber = {0};
        int[] linkTypes = new int[300];
        try (PacketSource source = CaptureFiles.open(path)) {
            assertEquals(path.toString(), source.name());
            source.run(packet -> {
                frames[0]++;
                assertEquals(lastNumber[0] + 1, packet.frameNumber());
                lastNumber[0] = packet.frameNumber();
                assertEquals(path.toString(), packet.source());
                assertTrue(packet.capturedLength() <= packet.originalLength());
                assertEquals(packet.capturedLength(), packet.frame().remaining());
                linkTypes[Math.min(packet.linkType(), 299)]++;
            });
        }
        assertEquals(packets, frames[0]);
        int expectedLinkType = switch (linkType) {
            case "ether" -> FrameDecoder.LINKTYPE_ETHERNET;
            case "linux-sll" -> FrameDecoder.LINKTYPE_LINUX_SLL;
            default -> -1;
        };
        if (expectedLinkType >= 0) {
            assertEquals(packets, linkTypes[expectedLinkType], "frames of link type " + linkType);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void engineDecodesEveryFrameWithoutLoss(String file, long packets, String linkType) throws Exception {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        try (PacketSource source = CaptureFiles.open(PCAPS.resolve(file))) {
            engine.process(source);
        }
        engine.finish();
        var counters = engine.counters().asMap();
        assertEquals(packets, counters.get("frames"));
        assertEquals(0L, counters.get("unknown_link_types"), counters.toString());
        assertEquals(listener.started, listener.ended, "every started flow ended");
        assertEquals(counters.get("flows"), (long) listener.started);
        assertFalse(listener.ticks.isEmpty());
    }
}
