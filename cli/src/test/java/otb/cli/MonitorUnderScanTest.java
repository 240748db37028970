package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoredAlert;
import otb.capture.LiveTestNetwork;
import otb.capture.TestEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, live: {@code otb monitor} at the service unit's heap ({@code -Xmx512m},
 * packaging/otb-monitor.service) on a real veth pair, fed a SYN scan (one scanner, 4,096 hosts ×
 * 16 ports: 65,536 SYNs, a sixteenth of the reproducer's million) at tcpreplay's top speed into a
 * 1 MiB kernel buffer while it warms up, so that the kernel must drop frames. It keeps capturing
 * (a later burst is counted), counts the losses and raises them as CAPTURE_LOSS, folds the scan
 * into SCAN alerts, stores every alert it printed in the database and in --jsonl, and exits 0 on
 * SIGTERM. The full-size run is in bench/robustness.sh.
 */
class MonitorUnderScanTest {
    private static final Path DEMO = Path.of("fixtures/pcaps/demo");
    private static final String UNAVAILABLE = LiveTestNetwork.unavailableReason("otb monitor tests", "setpriv");
    /** An alert line of the monitor's stdout: time, severity, kind. */
    private static final Pattern PRINTED = Pattern.compile("^\\S+ +[a-z]+ +([A-Z_]+) ");
    private static final Pattern FRAMES = Pattern.compile("frames (\\d+) \\(kernel (\\d+)\\), dropped kernel (\\d+)");

    @TempDir
    Path dir;

    @BeforeEach
    void requireRoot() {
        TestEnvironment.requireOrSkip(UNAVAILABLE);
    }

    @Test
    void aScanAtTheServiceHeapIsCapturedCountedAndStored() throws Exception {
        Path db = dir.resolve("live.db");
        CliRun learn = CliRun.run("learn", DEMO.resolve("demo-learn.pcap").toString(), "--fresh", "--cells",
                DEMO.resolve("cells.conf").toString(), "--db", db.toString(), "-q");
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        Path scan = FloodCaptures.synScan(dir.resolve("scan.pcap"), 4096, 502, 102, 20000, 22, 80, 443, 23, 21, 25,
                135, 139, 445, 1433, 3389, 5900, 8080);
        Path later = FloodCaptures.synScan(dir.resolve("later.pcap"), 256, 44818);
        Path jsonl = dir.resolve("alerts.jsonl");

        int exit;
        String out;
        String err;
        long framesBefore;
        try (LiveTestNetwork network = LiveTestNetwork.create();
             MonitorCommandTest.MonitorProcess monitor = MonitorCommandTest.MonitorProcess.start(List.of(),
                     List.of("-Xmx512m"), "-i", network.captureEnd, "--db", db.toString(), "--learn-for", "0s",
                     "--stats-every", "1s", "--jsonl", jsonl.toString(), "--buffer-mib", "1",
                     "--warm-up", "300000")) {
            monitor.awaitErr("warming up on 300000 simulated frames");
            network.replay(scan, 2_000_000);
            monitor.awaitErr("frames lost");
            // capture goes on after the losses: a later burst is delivered whole
            framesBefore = lastFrames(monitor.err.toString());
            network.replay(later, 2_000);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (lastFrames(monitor.err.toString()) < framesBefore + 256 && System.nanoTime() < deadline) {
                assertTrue(monitor.process.isAlive(), monitor.err.toString());
                Thread.sleep(100);
            }
            exit = monitor.terminate();
            out = monitor.out.toString();
            err = monitor.err.toString();
        }
        assertEquals(ExitCode.OK, exit, "SIGTERM ends monitor with 0: " + err);
        assertFalse(err.contains("out of memory"), err);
        Matcher stopped = Pattern.compile("stopped: " + FRAMES.pattern()).matcher(err);
        assertTrue(stopped.find(), err);
        long delivered = Long.parseLong(stopped.group(1));
        long dropped = Long.parseLong(stopped.group(3));
        assertTrue(dropped > 0, "the 1 MiB buffer overflowed: " + err);
        assertTrue(delivered >= framesBefore + 256, "the later burst was captured: " + err);
        assertTrue(delivered + dropped >= 65_536, "every frame either captured or counted as lost: " + err);

        Map<String, Integer> printed = new TreeMap<>();
        for (String line : out.lines().toList()) {
            Matcher alert = PRINTED.matcher(line);
            if (alert.find()) {
                printed.merge(alert.group(1), 1, Integer::sum);
            }
        }
        Map<String, Integer> inJsonl = new TreeMap<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            Matcher kind = Pattern.compile("\"kind\":\"([A-Z_]+)\"").matcher(line);
            assertTrue(kind.find(), line);
            inJsonl.merge(kind.group(1), 1, Integer::sum);
        }
        Map<String, Integer> stored = new TreeMap<>();
        try (BaselineStore store = BaselineStore.openReadOnly(db)) {
            for (StoredAlert alert : store.alerts(Optional.empty(), otb.baseline.alert.Severity.INFO, 100_000)) {
                stored.merge(alert.alert().kind().name(), 1, Integer::sum);
            }
        }
        assertTrue(printed.getOrDefault("CAPTURE_LOSS", 0) >= 1, "losses raised: " + printed + "\n" + err);
        assertTrue(printed.getOrDefault("SCAN", 0) >= 1, "the scan raised: " + printed);
        int total = printed.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(total < 200, "the scan is a handful of alerts, not one per SYN: " + printed);
        assertEquals(printed, inJsonl, "every alert printed is in --jsonl");
        assertEquals(printed, stored, "every alert printed is in the database");
        System.out.println("MonitorUnderScanTest: " + stopped.group() + "; alerts " + printed);
    }

    /** The frames delivered in the newest counters line of {@code err}, 0 before the first. */
    private static long lastFrames(String err) {
        Matcher matcher = FRAMES.matcher(err);
        long frames = 0;
        while (matcher.find()) {
            frames = Long.parseLong(matcher.group(1));
        }
        return frames;
    }
}
