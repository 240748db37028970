package otb.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.dissect.DissectorConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's file runs driven directly, no command line: learning the clean demo capture into
 * a database, then analysing the attack capture against that snapshot raises every labelled
 * scenario's alert kind within its time, into the caller's sink, the database and JSON lines.
 */
class OfflineRunsTest {
    /** An alert may come this long after its scenario's last frame (e.g. silence needs cycles to pass). */
    private static final long SLACK_NANOS = 120_000_000_000L;

    @TempDir
    static Path dir;

    static Path database;
    static long learnedSnapshot;

    @BeforeAll
    static void learn() throws Exception {
        database = dir.resolve("demo.db");
        try (BaselineStore store = BaselineStore.open(database)) {
            OfflineLearning learning = OfflineLearning.start(store, Cells.load(DemoCaptures.CELLS), true);
            CaptureFileReader.Result read = learning.read(List.of(DemoCaptures.LEARN), DissectorConfig.defaults(), null);
            assertFalse(read.failed(), read.errors().toString());
            assertTrue(read.frames() > 10_000, "frames read: " + read.frames());
            assertEquals(OptionalLong.empty(), learning.parent(), "a fresh baseline extends nothing");
            learnedSnapshot = learning.save(DemoCaptures.LEARN.toString(), "");
            assertTrue(learning.baseline().conversations().size() > 5, "conversations learned");
        }
    }

    @Test
    void everyInjectedScenarioRaisesItsAlertKindWithinItsTime() throws Exception {
        List<Alert> raised = new ArrayList<>();
        Path jsonl = dir.resolve("attack.jsonl");
        CaptureFileReader.Result read;
        try (BaselineStore store = BaselineStore.open(database)) {
            Snapshot baseline = store.loadLatest();
            assertEquals(learnedSnapshot, baseline.info().id());
            assertEquals(OfflineLearning.COMMAND, baseline.info().command());
            try (OfflineAnalysis analysis = OfflineAnalysis.start(store, baseline, DetectionConfig.defaults(),
                    new OfflineAnalysis.Sinks(true, jsonl, List.of()), List.of(recording(raised)))) {
                read = analysis.read(List.of(DemoCaptures.ATTACK), DissectorConfig.defaults(), null);
                analysis.finish();
            }
            assertEquals(raised.size(), store.alerts(Optional.empty(), Severity.INFO, 100_000).size(),
                    "every alert recorded in the database");
        }
        assertFalse(read.failed(), read.errors().toString());
        assertEquals(raised.size(), Files.readAllLines(jsonl).size(), "one JSON line per alert");

        List<DemoCaptures.Scenario> scenarios = DemoCaptures.scenarios(Files.readString(DemoCaptures.ATTACK_LABELS));
        assertEquals(18, scenarios.size(), "the demo injects every scenario once");
        List<String> missed = new ArrayList<>();
        for (DemoCaptures.Scenario scenario : scenarios) {
            boolean found = raised.stream().anyMatch(a -> a.kind().name().equals(scenario.expectedAlert())
                    && a.firstNanos() >= scenario.startNanos() - 1_000_000_000L
                    && a.firstNanos() <= scenario.endNanos() + SLACK_NANOS);
            if (!found) {
                missed.add(scenario.name() + " -> " + scenario.expectedAlert());
            }
        }
        assertTrue(missed.isEmpty(), "scenarios without their alert: " + missed + "\n" + raised);
    }

    /** A sink keeping every alert in its final form. */
    static AlertSink recording(List<Alert> into) {
        return new AlertSink() {
            @Override
            public void accept(Alert alert) {
                into.add(alert);
            }
        };
    }
}
