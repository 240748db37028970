package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reassembled payload per flow and direction equals what Wireshark's Follow TCP Stream gives
 * (golden files from fixtures/golden/capture/regenerate.py).
 */
class TcpFollowStreamGoldenTest {
    static final Path GOLDEN = Path.of("fixtures/golden/capture");

    static Stream<Path> goldenFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(GOLDEN)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".follow.tsv")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no golden files in " + GOLDEN);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void reassembledBytesEqualWiresharkFollowStream(Path golden) throws Exception {
        String captureName = golden.getFileName().toString().replace(".follow.tsv", "").replace("__", "/");
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        try (PacketSource source = CaptureFiles.open(CaptureFilesManifestTest.PCAPS.resolve(captureName))) {
            engine.process(source);
        }
        engine.finish();
        int streams = 0;
        for (String line : Files.readAllLines(golden)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t");
            String node0 = cells[1];
            String node1 = cells[2];
            RecordingListener.FlowRecord flow = listener.flows.values().stream()
                    .filter(r -> r.flow.transport() == Transport.TCP)
                    .filter(r -> endpoints(r.flow, node0, node1) != null)
                    .findFirst().orElse(null);
            assertNotNull(flow, "no flow for Wireshark stream " + cells[0] + " " + node0 + " <-> " + node1);
            Direction fromNode0 = endpoints(flow.flow, node0, node1);
            String context = captureName + " stream " + cells[0] + " " + flow.flow;
            byte[] zeroToOne = flow.bytes(fromNode0).toByteArray();
            byte[] oneToZero = flow.bytes(fromNode0.reverse()).toByteArray();
            assertEquals(Long.parseLong(cells[3]), zeroToOne.length, context + " bytes node 0 -> 1");
            assertEquals(cells[4], sha256(zeroToOne), context + " sha256 node 0 -> 1");
            assertEquals(Long.parseLong(cells[5]), oneToZero.length, context + " bytes node 1 -> 0");
            assertEquals(cells[6], sha256(oneToZero), context + " sha256 node 1 -> 0");
            streams++;
        }
        long tcpFlows = listener.flows.values().stream().filter(r -> r.flow.transport() == Transport.TCP).count();
        assertEquals(streams, tcpFlows, "one flow per Wireshark TCP stream");
    }

    /** The direction of travel from node0 to node1 when the flow joins them, else null. */
    private static Direction endpoints(Flow flow, String node0, String node1) {
        String client = flow.client() + ":" + flow.clientPort();
        String server = flow.server() + ":" + flow.serverPort();
        if (client.equals(node0) && server.equals(node1)) {
            return Direction.TO_SERVER;
        }
        if (server.equals(node0) && client.equals(node1)) {
            return Direction.TO_CLIENT;
        }
        return null;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
