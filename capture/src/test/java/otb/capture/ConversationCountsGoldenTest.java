package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every TCP and UDP conversation of real captures with traffic otb does not dissect (NetBIOS,
 * LLMNR, SSDP, C37.118, HTTP, ...) counts the frames and frame bytes each way and the first and last
 * frame time that Wireshark's conversation statistics give (fixtures/golden/capture/conversations,
 * see the regenerate.py there): the flows' counts, summed per pair of endpoints, equal tshark's.
 */
class ConversationCountsGoldenTest {
    static final Path GOLDEN = Path.of("fixtures/golden/capture/conversations");

    /** Sums of the ended flows per conversation, in the golden file's columns. */
    static final class Sums implements FlowListener {
        final Map<String, long[]> byConversation = new TreeMap<>();

        @Override
        public void flowStarted(Flow flow, Packet packet) {
        }

        @Override
        public void data(Flow flow, Direction direction, ByteBuffer payload, Packet packet) {
        }

        @Override
        public void gap(Flow flow, Direction direction, long missingBytes, Packet packet) {
        }

        @Override
        public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
            if (flow.transport() == Transport.ETHERNET) {
                return;
            }
            String client = flow.client() + ":" + flow.clientPort();
            String server = flow.server() + ":" + flow.serverPort();
            boolean clientIsA = client.compareTo(server) < 0;
            String key = flow.transport().wireName() + "\t" + (clientIsA ? client + "\t" + server : server + "\t" + client);
            long[] sums = byConversation.computeIfAbsent(key, k -> new long[] {0, 0, 0, 0, Long.MAX_VALUE, 0});
            sums[clientIsA ? 0 : 2] += flow.framesToServer();
            sums[clientIsA ? 1 : 3] += flow.bytesToServer();
            sums[clientIsA ? 2 : 0] += flow.framesToClient();
            sums[clientIsA ? 3 : 1] += flow.bytesToClient();
            sums[4] = Math.min(sums[4], flow.firstSeenNanos());
            sums[5] = Math.max(sums[5], flow.lastSeenNanos());
        }
    }

    static String seconds(long nanos) {
        return nanos / 1_000_000_000L + "." + String.format("%09d", nanos % 1_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"other/wrapup.pcapng", "other/090813_diverse.pcap", "enip/cip-multiple-1.pcap"})
    void framesBytesAndTimesOfEveryConversationEqualWireshark(String capture) throws Exception {
        String name = Path.of(capture).getFileName().toString();
        List<String> expected = Files.readAllLines(GOLDEN.resolve(name.substring(0, name.lastIndexOf('.')) + ".tsv"))
                .stream().skip(1).filter(l -> !l.isBlank()).toList();
        Sums sums = new Sums();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), sums);
        try (PacketSource source = CaptureFiles.open(Path.of("fixtures/pcaps").resolve(capture))) {
            engine.process(source);
        }
        engine.finish();
        List<String> actual = sums.byConversation.entrySet().stream().map(e -> {
            long[] s = e.getValue();
            return e.getKey() + "\t" + s[0] + "\t" + s[1] + "\t" + s[2] + "\t" + s[3] + "\t" + seconds(s[4]) + "\t"
                    + seconds(s[5]);
        }).toList();
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }
}
