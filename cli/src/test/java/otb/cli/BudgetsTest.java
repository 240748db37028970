package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineLimits;
import otb.baseline.store.BaselineStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, through the commands: a scan is a handful of alerts in the database and the JSON
 * lines; a flood of distinct flows makes at most the automatic-cell budget of cells; learning a
 * register sweep (the robustness reproducer) stays within the point budget in a 256 MiB heap.
 */
class BudgetsTest {
    private static final Path DEMO = Path.of("fixtures/pcaps/demo");
    private static final Path SWEEP = Path.of("fixtures/pcaps/robustness/modbus-1conn-10000req-points.pcap");

    @TempDir
    Path dir;

    @Test
    void aScanOfManyAddressesAndPortsIsStoredAsAHandfulOfAlerts() throws IOException {
        String db = dir.resolve("otb.db").toString();
        assertEquals(0, CliRun.run("learn", DEMO.resolve("demo-learn.pcap").toString(), "--fresh", "--cells",
                DEMO.resolve("cells.conf").toString(), "--db", db, "-q").exitCode());
        // 16,384 SYNs: before, each one its own CROSS_CELL_CONVERSATION (a quarter of mk_big.py's /16 x 16)
        Path scan = FloodCaptures.synScan(dir.resolve("scan.pcap"), 4096, 502, 102, 20000, 22);
        Path jsonl = dir.resolve("alerts.jsonl");
        CliRun analyze = CliRun.run("analyze", scan.toString(), "--db", db, "--jsonl", jsonl.toString(), "-q");
        assertEquals(0, analyze.exitCode(), analyze.err());
        List<String> lines = Files.readAllLines(jsonl);
        assertTrue(lines.size() <= 25, lines.size() + " alerts: " + lines.subList(0, Math.min(30, lines.size())));
        List<String> scans = lines.stream().filter(line -> line.contains("\"kind\":\"SCAN\"")).toList();
        assertEquals(1, scans.size(), String.join("\n", lines));
        assertTrue(scans.get(0).contains("\"detail\":\"16384 novel hosts/ports from 10.99.0.66"), scans.get(0));
        CliRun stored = CliRun.run("alerts", "--db", db, "--state", "all", "--format", "jsonl");
        assertEquals(0, stored.exitCode(), stored.err());
        assertEquals(lines.size(), stored.out().lines().count(), "every alert stored");
    }

    @Test
    void aFloodOfDistinctFlowsMakesAtMostTheAutomaticCellBudgetOfCells() throws Exception {
        String db = dir.resolve("otb.db").toString();
        // 10,000 random flows: about 20,000 /24s, five times the budget
        Path flood = FloodCaptures.synFlood(dir.resolve("flood.pcap"), 10_000, 1);
        CliRun learn = CliRun.run("learn", flood.toString(), "--fresh", "--db", db);
        assertEquals(0, learn.exitCode(), learn.err());
        assertTrue(learn.err().contains("budget reached: learning reached the automatic cells budget of "
                + BaselineLimits.DEFAULT_AUTOMATIC_CELLS), learn.err());
        try (BaselineStore store = BaselineStore.open(Path.of(db))) {
            Baseline baseline = store.loadLatest().baseline();
            assertEquals(BaselineLimits.DEFAULT_AUTOMATIC_CELLS + 1, baseline.cells().size());
            assertTrue(baseline.cells().containsKey(Baseline.OVERFLOW_CELL));
        }
        CliRun alerts = CliRun.run("alerts", "--db", db, "--state", "all", "--format", "jsonl");
        List<String> budgets = alerts.out().lines().filter(line -> line.contains("BUDGET_EXCEEDED")).toList();
        assertEquals(1, budgets.size(), alerts.out());
        Path report = dir.resolve("report.html");
        assertEquals(0, CliRun.run("report", "--db", db, "-o", report.toString()).exitCode());
        assertTrue(Files.readString(report).contains("<th>Budget reached</th><td>learning reached the automatic cells "
                + "budget of " + BaselineLimits.DEFAULT_AUTOMATIC_CELLS), "the report says so");
    }

    /** The reproducer of issue 20 (about 400,000 registers): out of memory in TreeMap.addEntry at -Xmx256m. */
    @Test
    void learningARegisterSweepStaysWithinThePointBudgetIn256MiB() throws Exception {
        Path db = dir.resolve("sweep.db");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "learn", SWEEP.toString(), "--fresh", "--db", db.toString(), "-q"));
        Process child = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "learn did not end within 120 s");
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), err);
        assertTrue(err.contains("budget reached: learning reached the points budget of "
                + BaselineLimits.DEFAULT_POINTS), err);
        try (BaselineStore store = BaselineStore.open(db)) {
            assertEquals(BaselineLimits.DEFAULT_POINTS, store.loadLatest().baseline().points().size());
        }
    }
}
