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
import otb.baseline.learn.AbsorbedOperations;
import otb.baseline.model.BaselineLimits;
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
    /** Learning from 3 threads runs in shards: 2 and 3 of them, and the two stages of 2 threads. */
    private static final int[] LEARN_THREAD_COUNTS = {1, 2, 3, 4};
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

    /**
     * What one learning run stored, and what it told: events, last time, absorbed operations; and
     * whether it learned in shards that merged.
     */
    private record Learned(long frames, List<String> errors, byte[] model, List<String> budgetAlerts, long events,
                           long lastNanos, String absorbed, boolean sharded) {
    }

    private static Learned learn(Path database, List<Path> inputs, Cells cells, int threads) throws Exception {
        return learn(database, inputs, cells, threads, BaselineLimits.defaults(), true);
    }

    private static Learned learn(Path database, List<Path> inputs, Cells cells, int threads, BaselineLimits limits,
                                 boolean fresh) throws Exception {
        try (BaselineStore store = BaselineStore.open(database)) {
            OfflineLearning learning = OfflineLearning.start(store, cells, fresh, limits);
            CaptureFileReader.Result read = learning.read(inputs, DissectorConfig.defaults(), null, threads);
            long id = learning.save(inputs.toString(), "threads test", "tester");
            List<String> budgets = learning.budgetAlerts(inputs.toString()).stream().map(ThreadCountsTest::line).toList();
            AbsorbedOperations absorbed = learning.learner().absorbed();
            return new Learned(read.frames(), read.errors(), store.storedModel(id).model(), budgets,
                    learning.learner().events(), learning.learner().lastTimestampNanos(),
                    absorbed.notListed() + " " + absorbed.entries(), learning.sharded());
        }
    }

    private static void assertSameLearning(Learned one, Learned many, String with) {
        assertEquals(one.frames(), many.frames(), with + ": frames");
        assertEquals(one.errors(), many.errors(), with + ": errors");
        assertArrayEquals(one.model(), many.model(), with + ": snapshot bytes");
        assertEquals(one.budgetAlerts(), many.budgetAlerts(), with + ": budgets");
        assertEquals(one.events(), many.events(), with + ": events");
        assertEquals(one.lastNanos(), many.lastNanos(), with + ": last capture time");
        assertEquals(one.absorbed(), many.absorbed(), with + ": absorbed operations");
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
            // the sweep's 10,000 registers of 10,000 requests pass the points budget: learned again with one learner
            boolean withinBudgets = one.budgetAlerts().isEmpty();
            assertEquals(!input.equals(List.of(SWEEP)), withinBudgets, input + ": within the default budgets");
            for (int threads : LEARN_THREAD_COUNTS) {
                Learned many = learn(dir.resolve("learn-" + input.get(0).getFileName() + "-" + threads + "x.db"), input,
                        cells, threads);
                assertSameLearning(one, many, input + " with " + threads + " threads");
                assertEquals(withinBudgets && threads >= OfflineLearning.SHARDED_FROM, many.sharded(), input + " with "
                        + threads + " threads: learned in shards");
            }
        }
        // the demo's learning absorbed operations, listed alike: the comparison above compared something
        Learned demo = learn(dir.resolve("learn-demo-again.db"), List.of(DemoCaptures.LEARN, DemoCaptures.ATTACK),
                Cells.load(DemoCaptures.CELLS), 4);
        assertFalse(demo.absorbed().equals("0 []"), demo.absorbed());
    }

    /**
     * Learning that extends a snapshot (the default of {@code otb learn}) in shards: each shard
     * starts from the snapshot's objects of its servers, and the whole is the same.
     */
    @Test
    void learningOnTopOfASnapshotStoresTheSameBytesInShards() throws Exception {
        Cells cells = Cells.load(DemoCaptures.CELLS);
        Learned one = null;
        for (int threads : LEARN_THREAD_COUNTS) {
            Path database = dir.resolve("extend-" + threads + ".db");
            Files.copy(demoDatabase, database, StandardCopyOption.REPLACE_EXISTING);
            Learned many = learn(database, List.of(DemoCaptures.ATTACK, SCANNERS, S7_SCAN), cells, threads,
                    BaselineLimits.defaults(), false);
            if (one == null) {
                one = many;
            } else {
                assertSameLearning(one, many, "extending with " + threads + " threads");
            }
            assertEquals(threads >= OfflineLearning.SHARDED_FROM, many.sharded(), threads + " threads: in shards");
        }
    }

    /**
     * Past a learning budget which objects one learner keeps, and how often it dropped one, depends
     * on the whole input's order: a sharded learning that reaches a budget learns again with one
     * learner, so the snapshot, the budget alerts and their counts are the same for every N. The
     * budgets: the sweep's 10,000 points (points budget 500), and the demo's scan (IP
     * conversations budget 15, assets budget 10, automatic cells 2: the scan reaches hosts of every shard).
     */
    @Test
    void learningPastABudgetStoresTheSameBytesWithEveryThreadCount() throws Exception {
        BaselineLimits defaults = BaselineLimits.defaults();
        List<BaselineLimits> limits = List.of(defaults.withMaxPoints(500),
                new BaselineLimits(10, defaults.maxConversations(), 15, defaults.maxPoints(), 2,
                        defaults.maxValueWindows()));
        List<List<Path>> inputs = List.of(List.of(SWEEP), List.of(DemoCaptures.LEARN, DemoCaptures.ATTACK));
        for (int i = 0; i < inputs.size(); i++) {
            List<Path> input = inputs.get(i);
            Learned one = learn(dir.resolve("budget-" + i + "-1.db"), input, null, 1, limits.get(i), true);
            assertFalse(one.budgetAlerts().isEmpty(), input + ": a budget reached");
            for (int threads : LEARN_THREAD_COUNTS) {
                Learned many = learn(dir.resolve("budget-" + i + "-" + threads + "x.db"), input, null, threads,
                        limits.get(i), true);
                assertSameLearning(one, many, input + " past a budget with " + threads + " threads");
                assertFalse(many.sharded(), "learned again with one learner");
            }
        }
    }

    /**
     * Past the value-windows budget a sharded learning stays sharded: the merge gives the sets to
     * the points one learner gave them to (the first to ask, in the input's order) and counts the
     * others' asks as refused, so the snapshot and the budget alert (first time, count) are one
     * learner's. Budgets of 3 and 40 sets on the demo plant, whose moving points ask in several
     * shards; also on top of the demo's snapshot, whose sets count first.
     */
    @Test
    void learningPastTheValueWindowsBudgetStaysShardedAndTheSame() throws Exception {
        Cells cells = Cells.load(DemoCaptures.CELLS);
        List<Path> input = List.of(DemoCaptures.LEARN, DemoCaptures.ATTACK);
        int withinBudget;
        try (BaselineStore store = BaselineStore.open(demoDatabase)) {
            withinBudget = (int) store.loadLatest().baseline().points().values().stream()
                    .filter(point -> point.windowsLearned()).count();
        }
        assertTrue(withinBudget > 40, "the demo's points with value windows: " + withinBudget);
        for (int windows : new int[] {3, 40}) {
            BaselineLimits limits = BaselineLimits.defaults().withMaxValueWindows(windows);
            Learned one = learn(dir.resolve("windows-" + windows + "-1.db"), input, cells, 1, limits, true);
            assertEquals(1, one.budgetAlerts().size(), one.budgetAlerts().toString());
            assertTrue(one.budgetAlerts().get(0).contains("value windows budget of " + windows), one.budgetAlerts().toString());
            for (int threads : LEARN_THREAD_COUNTS) {
                Learned many = learn(dir.resolve("windows-" + windows + "-" + threads + "x.db"), input, cells, threads,
                        limits, true);
                assertSameLearning(one, many, "past " + windows + " value windows with " + threads + " threads");
                assertEquals(threads >= OfflineLearning.SHARDED_FROM, many.sharded(), threads + " threads: in shards");
            }
            Learned extendedOne = null;
            for (int threads : LEARN_THREAD_COUNTS) {
                Path database = dir.resolve("windows-extend-" + windows + "-" + threads + ".db");
                Files.copy(demoDatabase, database, StandardCopyOption.REPLACE_EXISTING);
                Learned extended = learn(database, List.of(DemoCaptures.ATTACK, SCANNERS), cells, threads, limits, false);
                if (extendedOne == null) {
                    extendedOne = extended;
                } else {
                    assertSameLearning(extendedOne, extended, "extending past " + windows + " windows with " + threads);
                }
            }
        }
    }

    /**
     * Within every budget, sharded learning keeps its shards' work: with budgets that the whole
     * input just fits, it is not learned again, and is the same.
     */
    @Test
    void learningThatJustFitsTheBudgetsStaysSharded() throws Exception {
        List<Path> input = List.of(DemoCaptures.LEARN, DemoCaptures.ATTACK);
        Cells cells = Cells.load(DemoCaptures.CELLS);
        Learned one = learn(dir.resolve("fits-1.db"), input, cells, 1, BaselineLimits.defaults(), true);
        try (BaselineStore store = BaselineStore.open(dir.resolve("fits-1.db"))) {
            int points = store.loadLatest().baseline().points().size();
            assertTrue(points > 100, "the demo's points: " + points);
            BaselineLimits exact = BaselineLimits.defaults().withMaxPoints(points);
            Learned fits = learn(dir.resolve("fits-4.db"), input, cells, 4, exact, true);
            assertTrue(fits.sharded(), "exactly at the points budget: merged");
            assertSameLearning(one, fits, "at the budget");
            Learned over = learn(dir.resolve("over-4.db"), input, cells, 4, exact.withMaxPoints(points - 1), true);
            assertFalse(over.sharded(), "one point past the budget: learned again");
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
