package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.model.BaselineLimits;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoredAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 20: every budget is a command-line option with the library's default, range-checked before use. */
class BudgetOptionsTest {
    private static final String LEARN = "fixtures/pcaps/demo/demo-learn.pcap";
    private static final String ATTACK = "fixtures/pcaps/demo/demo-attack.pcap";
    private static final String CELLS = "fixtures/pcaps/demo/cells.conf";

    @TempDir
    Path dir;

    /** The options' defaults are the library's: nothing changes for a user who gives none. */
    @Test
    void theDefaultsAreTheLibrarys() {
        LearningBudgetOptions learning = new LearningBudgetOptions();
        new CommandLine(learning).parseArgs();
        assertEquals(BaselineLimits.defaults(), learning.limits());
        DetectionBudgetOptions detection = new DetectionBudgetOptions();
        new CommandLine(detection).parseArgs();
        DetectionConfig defaults = DetectionConfig.defaults();
        DetectionConfig given = detection.apply(defaults);
        assertEquals(defaults.maxOpenAlerts(), given.maxOpenAlerts());
        assertEquals(defaults.maxNoticed(), given.maxNoticed());
        assertEquals(defaults.maxTrackedClients(), given.maxTrackedClients());
        assertEquals(defaults.maxEvidenceFrames(), given.maxEvidenceFrames());
    }

    @Test
    void learnKeepsToTheBudgetsGiven() throws Exception {
        String db = dir.resolve("small.db").toString();
        CliRun learn = CliRun.run("learn", LEARN, "--fresh", "--cells", CELLS, "--db", db, "-q", "--max-assets", "4",
                "--max-points", "7");
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        assertTrue(learn.err().contains("budget reached: learning reached the assets budget of 4"), learn.err());
        assertTrue(learn.err().contains("budget reached: learning reached the points budget of 7"), learn.err());
        try (BaselineStore store = BaselineStore.openReadOnly(Path.of(db))) {
            assertEquals(4, store.loadLatest().baseline().assets().size());
        }
    }

    @Test
    void analyzeKeepsToTheDetectionBudgetsGiven() throws Exception {
        String db = dir.resolve("plant.db").toString();
        assertEquals(ExitCode.OK, CliRun.run("learn", LEARN, "--fresh", "--cells", CELLS, "--db", db, "-q").exitCode());
        CliRun analyze = CliRun.run("analyze", ATTACK, "--db", db, "-q", "--max-open-alerts", "2",
                "--max-evidence-frames", "1");
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        try (BaselineStore store = BaselineStore.openReadOnly(Path.of(db))) {
            List<StoredAlert> alerts = store.alerts(Optional.empty(), otb.baseline.alert.Severity.INFO, 10_000);
            assertTrue(alerts.stream().anyMatch(a -> a.alert().key().equals("budget|open_alerts")), alerts.toString());
            assertTrue(alerts.stream().allMatch(a -> a.alert().frames().size() <= 1), "one evidence frame each");
            assertTrue(alerts.stream().anyMatch(a -> a.alert().count() > 1), "later frames counted");
        }
    }

    @Test
    void aBudgetOutsideItsRangeIsAUsageErrorInOneLine() {
        for (List<String> args : List.of(List.of("learn", LEARN, "--max-points", "0"),
                List.of("learn", LEARN, "--max-assets", "-5"),
                List.of("analyze", ATTACK, "--max-open-alerts", "100000001"),
                List.of("monitor", "-i", "lo", "--max-pending-alert-writes", "0"))) {
            List<String> all = new java.util.ArrayList<>(args);
            all.addAll(List.of("--db", dir.resolve("none.db").toString()));
            CliRun run = CliRun.run(all.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, run.exitCode(), args + ": " + run.err());
            assertTrue(run.oneErrorLine() && run.err().contains("a budget is at least 1"), args + ": " + run.err());
        }
    }
}
