package otb.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.baseline.store.StoredAlert;
import otb.dissect.DissectorConfig;
import otb.dissect.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --threads}: learning and analysing real captures with 1, 2 and 4 threads gives the same
 * stored snapshot bytes, the same alerts (ids, order, every field, the JSON lines byte for byte,
 * the rows stored) and the same frame counts and errors. The captures: the demo plant (learning,
 * and its attack capture with every scenario, a scan and a flood among them), the register sweep
 * of issue 20 (a scan of registers folded into one alert), and captures of internet scanners and of
 * an S7 identification scan learned with automatic cells.
 */
class ThreadCountsTest {
    private static final int[] THREAD_COUNTS = {1, 2, 4};
    private static final Path SWEEP = Path.of("fixtures/pcaps/robustness/modbus-1conn-10000req-points.pcap");
    private static final Path SCANNERS = Path.of("fixtures/pcaps/modbus/modbus-and-non-modbus-p502.pcap");
    private static final Path S7_SCAN = Path.of("fixtures/pcaps/s7comm/s7ident.pcap");

    @TempDir
    static Path dir;

    /** The demo baseline every analysis runs against, learned once with one thread. */
    static Path demoDatabase;

    @BeforeAll
    static void learnDemo() throws Exception {
        demoDatabase = dir.resolve("demo.db");
        learn(demoDatabase, List.of(DemoCaptures.LEARN), Cells.load(DemoCaptures.CELLS), 1);
    }

    /** What one learning run stored. */
    private record Learned(long frames, List<String> errors, byte[] model, List<String> budgetAlerts) {
    }

    private static Learned learn(Path database, List<Path> inputs, Cells cells, int threads) throws Exception {
        try (BaselineStore store = BaselineStore.open(database)) {
            OfflineLearning learning = OfflineLearning.start(store, cells, true);
            CaptureFileReader.Result read = learning.read(inputs, DissectorConfig.defaults(), null, threads);
            long id = learning.save(inputs.toString(), "threads test", "tester");
            List<String> budgets = learning.budgetAlerts(inputs.toString()).stream().map(ThreadCountsTest::line).toList();
            return new Learned(read.frames(), read.errors(), store.storedModel(id).model(), budgets);
        }
    }

    /** What one analysis raised: the caller's sink, the JSON lines file and the database's rows. */
    private record Analysed(long frames, List<String> errors, List<String> alerts, byte[] jsonLines, List<String> stored) {
    }

    private static Analysed analyse(List<Path> inputs, int threads) throws Exception {
        Path database = dir.resolve("analyse-" + threads + ".db");
        Files.copy(demoDatabase, database, StandardCopyOption.REPLACE_EXISTING);
        Path jsonl = dir.resolve("alerts-" + threads + ".jsonl");
        List<Alert> raised = new ArrayList<>();
        CaptureFileReader.Result read;
        List<String> stored;
        try (BaselineStore store = BaselineStore.open(database)) {
            Snapshot baseline = store.loadLatest();
            try (OfflineAnalysis analysis = OfflineAnalysis.start(store, baseline, DetectionConfig.defaults(),
                    new OfflineAnalysis.Sinks(true, jsonl, List.of()), List.of(OfflineRunsTest.recording(raised)))) {
                read = analysis.read(inputs, DissectorConfig.defaults(), null, threads);
                analysis.finish();
            }
            stored = store.alerts(Optional.empty(), Severity.INFO, 1_000_000).stream()
                    .map(StoredAlert::alert).map(ThreadCountsTest::line).toList();
        }
        return new Analysed(read.frames(), read.errors(), raised.stream().map(ThreadCountsTest::line).toList(),
                Files.readAllBytes(jsonl), stored);
    }

    private static String line(Alert alert) {
        return Json.write(alert.fields());
    }

    @Test
    void learningStoresTheSameSnapshotBytesWithEveryThreadCount() throws Exception {
        List<List<Path>> inputs = List.of(List.of(DemoCaptures.LEARN, DemoCaptures.ATTACK), List.of(SWEEP),
                List.of(SCANNERS, S7_SCAN));
        for (List<Path> input : inputs) {
            Cells cells = input.get(0).startsWith(DemoCaptures.DIRECTORY) ? Cells.load(DemoCaptures.CELLS) : null;
            Learned one = learn(dir.resolve("learn-" + input.get(0).getFileName() + "-1.db"), input, cells, 1);
            assertTrue(one.frames() > 0, input + ": frames read");
            assertTrue(one.model().length > 100, input + ": a model stored");
            for (int threads : THREAD_COUNTS) {
                Learned many = learn(dir.resolve("learn-" + input.get(0).getFileName() + "-" + threads + "x.db"), input,
                        cells, threads);
                assertEquals(one.frames(), many.frames(), input + " with " + threads + " threads: frames");
                assertEquals(one.errors(), many.errors(), input + " with " + threads + " threads: errors");
                assertArrayEquals(one.model(), many.model(), input + " with " + threads + " threads: snapshot bytes");
                assertEquals(one.budgetAlerts(), many.budgetAlerts(), input + " with " + threads + " threads: budgets");
            }
        }
    }

    @Test
    void analysisRaisesTheSameAlertsWithEveryThreadCount() throws Exception {
        List<List<Path>> inputs = List.of(List.of(DemoCaptures.ATTACK), List.of(SWEEP), List.of(SCANNERS, S7_SCAN));
        for (List<Path> input : inputs) {
            Analysed one = analyse(input, 1);
            assertFalse(one.alerts().isEmpty(), input + ": alerts raised");
            assertEquals(one.alerts().size(), one.stored().size(), input + ": every alert stored");
            for (int threads : THREAD_COUNTS) {
                Analysed many = analyse(input, threads);
                String with = input + " with " + threads + " threads: ";
                assertEquals(one.frames(), many.frames(), with + "frames");
                assertEquals(one.errors(), many.errors(), with + "errors");
                assertEquals(one.alerts(), many.alerts(), with + "alerts, in order");
                assertArrayEquals(one.jsonLines(), many.jsonLines(), with + "JSON lines");
                assertEquals(one.stored(), many.stored(), with + "alerts stored");
            }
        }
        // what crosses flows is covered: the attack capture's scan and flood each fold many flows into one alert
        List<String> attack = analyse(List.of(DemoCaptures.ATTACK), 2).alerts();
        assertTrue(attack.stream().anyMatch(a -> a.contains("\"kind\":\"" + AlertKind.SCAN + "\"")), "a SCAN alert");
        assertTrue(attack.stream().anyMatch(a -> a.contains("\"kind\":\"" + AlertKind.FLOOD + "\"")), "a FLOOD alert");
        List<String> sweep = analyse(List.of(SWEEP), 2).alerts();
        assertTrue(sweep.stream().anyMatch(a -> a.contains("\"kind\":\"" + AlertKind.SCAN + "\"")), "the sweep's SCAN");
    }

    @Test
    void aDamagedCaptureIsReportedAndKeptAlikeWithTwoThreads() throws Exception {
        byte[] whole = Files.readAllBytes(DemoCaptures.ATTACK);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2 + 7));
        Analysed one = analyse(List.of(cut, SWEEP), 1);
        Analysed two = analyse(List.of(cut, SWEEP), 2);
        assertEquals(1, one.errors().size(), one.errors().toString());
        assertEquals(one.errors(), two.errors());
        assertEquals(one.frames(), two.frames(), "frames before the damage and of the next file");
        assertEquals(one.alerts(), two.alerts());
    }

    @Test
    void withTwoThreadsTheDissectionRunsOnItsOwnThreadAndTheConsumerOnTheCallers() {
        Thread caller = Thread.currentThread();
        Set<String> observers = ConcurrentHashMap.newKeySet();
        Set<Thread> consumers = ConcurrentHashMap.newKeySet();
        CaptureFileReader.Result read = CaptureFileReader.read(List.of(DemoCaptures.ATTACK), DissectorConfig.defaults(),
                event -> consumers.add(Thread.currentThread()), packet -> observers.add(Thread.currentThread().getName()),
                2);
        assertTrue(read.frames() > 10_000);
        assertEquals(Set.of(CaptureFileReader.DISSECTION_THREAD), observers, "frames seen on the dissection thread");
        assertEquals(Set.of(caller), consumers, "events consumed on the caller's thread");
    }

    @Test
    void aFailingConsumerStopsTheDissectionThreadAndReachesTheCaller() {
        IllegalStateException failure = new IllegalStateException("consumer failed");
        AtomicLong seen = new AtomicLong();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> CaptureFileReader.read(
                List.of(DemoCaptures.ATTACK), DissectorConfig.defaults(), event -> {
                    if (seen.incrementAndGet() == 5_000) {
                        throw failure;
                    }
                }, null, 2));
        assertSame(failure, thrown);
        assertEquals(5_000, seen.get(), "no event after the failure");
        assertFalse(dissectionThreadAlive(), "the dissection thread ended before the failure was rethrown");
    }

    @Test
    void anErrorOnTheDissectionThreadReachesTheCallerAsItWas() {
        OutOfMemoryError error = new OutOfMemoryError("Java heap space (test)");
        AtomicLong frames = new AtomicLong();
        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> CaptureFileReader.read(
                List.of(DemoCaptures.ATTACK), DissectorConfig.defaults(), event -> { }, packet -> {
                    if (frames.incrementAndGet() == 20_000) {
                        throw error;
                    }
                }, 2));
        assertSame(error, thrown);
        assertFalse(dissectionThreadAlive());
    }

    private static boolean dissectionThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals(CaptureFileReader.DISSECTION_THREAD));
    }
}
