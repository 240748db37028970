package otb.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineLimits;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoredAlert;
import otb.dissect.DissectorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: the budgets of a live run. Learning budgets are raised by {@code otb monitor} as
 * {@code otb learn} raises them (once each, stored, in the JSON lines, heard by the listener); the
 * queue of alerts waiting for the database is bounded, and what it cannot hold is counted and said
 * once, never kept in memory.
 */
class RunBudgetsTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final long WEEK = 7 * 24 * 60 * MINUTE;

    @TempDir
    Path dir;

    private final RecordingMonitorListener listener = new RecordingMonitorListener();

    @Test
    void aLearningMonitorRaisesEachLearningBudgetOnceAsItIsReached() throws Exception {
        Path database = dir.resolve("live.db");
        Path jsonl = dir.resolve("alerts.jsonl");
        BaselineLimits small = new BaselineLimits(5, BaselineLimits.DEFAULT_CONVERSATIONS,
                BaselineLimits.DEFAULT_IP_CONVERSATIONS, BaselineLimits.DEFAULT_POINTS, 4096, 2);
        MonitorOptions options = new MonitorOptions(FileLiveSource.opener("demo0", DemoCaptures.LEARN), WEEK,
                10 * MINUTE, 60 * MINUTE, 5 * MINUTE, DemoCaptures.CELLS, jsonl, null, null, 0, null,
                DissectorConfig.defaults(), DetectionConfig.defaults(), List.of(), small,
                MonitorOptions.DEFAULT_MAX_PENDING_ALERT_WRITES);
        try (BaselineStore store = BaselineStore.open(database)) {
            assertTrue(new Monitor(options, store, listener).run(), listener.all().toString());
        }
        List<String> stored = new ArrayList<>();
        try (BaselineStore store = BaselineStore.open(database)) {
            for (StoredAlert alert : store.alerts(Optional.empty(), Severity.INFO, 1000)) {
                stored.add(alert.alert().kind() + " " + alert.alert().key());
            }
            // still learning: the budgets are those of the learning baseline, and it kept to them
            Baseline learned = store.loadLatest().baseline();
            assertEquals(5, learned.assets().size());
        }
        assertEquals(List.of("BUDGET_EXCEEDED budget|learn|assets", "BUDGET_EXCEEDED budget|learn|value_windows"),
                stored.stream().sorted().toList());
        List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.contains("\"kind\":\"BUDGET_EXCEEDED\"")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("learning reached the assets budget of 5")), lines.toString());
        assertEquals(2, listener.events("alertOpened BUDGET_EXCEEDED").size(), listener.all().toString());
    }

    /**
     * The database falls behind (its thread is held here): the pending alert writes stay within
     * the budget, the rest are counted and the budget is said once; once the database catches up,
     * exactly the queued alerts are stored.
     */
    @Test
    void alertsBeyondThePendingWritesBudgetAreCountedNotQueued() throws Exception {
        Path database = dir.resolve("slow.db");
        List<Alert> reached = new ArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (BaselineStore store = BaselineStore.open(database)) {
            StoreWriter writer = new StoreWriter(store, message -> { }, 2500, (alert, limit) -> reached.add(alert));
            // the store thread is busy until released: a snapshot save whose callback waits
            writer.saveSnapshot(Baseline::new, Cells.automatic(), "test", "test", OptionalLong.empty(), "",
                    snapshot -> {
                        try {
                            release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, true);
            AlertSink sink = writer.alertSink(OptionalLong.empty());
            for (int i = 0; i < 10_000; i++) {
                sink.accept(alert(i, AlertKind.NEW_ASSET));
            }
            sink.flush();
            assertEquals(7_500, writer.alertsNotStored());
            assertEquals(1, reached.size(), "said once");
            assertEquals(alert(2_500, AlertKind.NEW_ASSET).id(), reached.get(0).id(), "the first not stored");
            // a BUDGET_EXCEEDED alert is queued beyond the budget
            sink.accept(alert(99_999, AlertKind.BUDGET_EXCEEDED));
            sink.flush();
            assertEquals(7_500, writer.alertsNotStored());
            release.countDown();
            writer.close();
            assertEquals(2_501, store.alerts(Optional.empty(), Severity.INFO, 100_000).size());
            assertTrue(!writer.failed());
        }
    }

    /**
     * The evidence directory already holds its bound of alert files (a long-running sensor nobody
     * cleaned up): the attack's alerts get no evidence file, and the run says so once, as a
     * BUDGET_EXCEEDED alert in the database and the JSON lines; nothing else is lost.
     */
    @Test
    void aFullEvidenceDirectoryIsSaidOnceAsABudget() throws Exception {
        Path database = dir.resolve("live.db");
        try (BaselineStore store = BaselineStore.open(database)) {
            MonitorOptions learn = new MonitorOptions(FileLiveSource.opener("demo0", DemoCaptures.LEARN), 10 * MINUTE,
                    10 * MINUTE, 60 * MINUTE, 5 * MINUTE, DemoCaptures.CELLS, null, null, null, 0, null,
                    DissectorConfig.defaults(), DetectionConfig.defaults(), List.of());
            assertTrue(new Monitor(learn, store, listener).run(), listener.all().toString());
        }
        Path evidence = Files.createDirectories(dir.resolve("evidence"));
        for (int i = 0; i < Evidence.MAX_EVIDENCE_FILES; i++) {
            Files.createFile(evidence.resolve("alert-old" + i + ".pcap"));
        }
        Path jsonl = dir.resolve("alerts.jsonl");
        MonitorOptions detect = new MonitorOptions(FileLiveSource.opener("demo0", DemoCaptures.ATTACK), 10 * MINUTE,
                10 * MINUTE, 60 * MINUTE, 5 * MINUTE, DemoCaptures.CELLS, jsonl, evidence, null, 0, null,
                DissectorConfig.defaults(), DetectionConfig.defaults(), List.of());
        try (BaselineStore store = BaselineStore.open(database)) {
            assertTrue(new Monitor(detect, store, listener).run(), listener.all().toString());
        }
        List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        List<String> budget = lines.stream().filter(l -> l.contains("\"kind\":\"BUDGET_EXCEEDED\"")).toList();
        assertEquals(1, budget.size(), lines.toString());
        assertTrue(budget.get(0).contains("the evidence directory is full"), budget.get(0));
        assertTrue(lines.size() > 10, "the attack's alerts are all there: " + lines.size());
        assertTrue(lines.stream().noneMatch(l -> l.contains("\"evidence\":")), "no evidence file past the bound");
        try (Stream<Path> files = Files.list(evidence)) {
            assertEquals(Evidence.MAX_EVIDENCE_FILES, files.filter(f -> f.getFileName().toString().startsWith("alert-"))
                    .count(), "no file written past the bound");
        }
        try (BaselineStore store = BaselineStore.open(database)) {
            assertEquals(1, store.alerts(Optional.empty(), Severity.INFO, 1000).stream()
                    .filter(a -> a.alert().key().equals("budget|evidence_files")).count());
        }
        assertEquals(List.of("evidenceSkipped " + lines.size()), listener.events("evidenceSkipped"),
                "every alert, the budget's own included, got no evidence file");
    }

    private static Alert alert(int i, AlertKind kind) {
        return Alert.builder(kind, () -> "test|" + i, 1_000_000_000L * (i + 1))
                .severity(Severity.MEDIUM).evidence(i + 1, "test").detail("alert " + i).build();
    }
}
