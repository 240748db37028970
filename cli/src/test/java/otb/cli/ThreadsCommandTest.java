package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import otb.baseline.store.AuditEntry;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SnapshotInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --threads} through the commands: the demo plant learned and its attack capture analysed
 * with 1, 2, 3 and 4 threads (learning from 3 in shards) print the same summary and alert table,
 * write the same JSON lines, and the HTML report of each database is the same but for the
 * wall-clock times of writing; a bad number is a usage error.
 */
class ThreadsCommandTest {
    private static final Path DEMO = Path.of("fixtures/pcaps/demo");

    @TempDir
    Path dir;

    private record Outputs(String learned, String table, String jsonLines, String report) {
    }

    private Outputs run(int threads) throws Exception {
        Path home = Files.createDirectories(dir.resolve("threads-" + threads));
        String db = home.resolve("otb.db").toString();
        CliRun learn = CliRun.run("learn", DEMO.resolve("demo-learn.pcap").toString(), "--fresh", "--cells",
                DEMO.resolve("cells.conf").toString(), "--db", db, "--by", "tester", "-q", "--threads",
                Integer.toString(threads));
        assertEquals(0, learn.exitCode(), learn.err());
        Path jsonl = home.resolve("alerts.jsonl");
        CliRun analyze = CliRun.run("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db", db, "--jsonl",
                jsonl.toString(), "-q", "--threads", Integer.toString(threads));
        assertEquals(0, analyze.exitCode(), analyze.err());
        Path report = home.resolve("report.html");
        CliRun html = CliRun.run("report", "--db", db, "-o", report.toString());
        assertEquals(0, html.exitCode(), html.err());
        String text = Files.readString(report);
        try (BaselineStore store = BaselineStore.openReadOnly(Path.of(db))) {
            for (SnapshotInfo snapshot : store.snapshots()) {
                text = wallClockAside(text, snapshot.createdAt());
            }
            for (AuditEntry entry : store.audit()) {
                text = wallClockAside(text, entry.at());
            }
        }
        return new Outputs(learn.out(), analyze.out(), Files.readString(jsonl), text);
    }

    /** {@code text} with a wall-clock time, in full or to the millisecond as the report shows it, replaced. */
    private static String wallClockAside(String text, String isoTime) {
        String millis = isoTime.length() > 23 ? isoTime.substring(0, 23) + "Z" : isoTime;
        return text.replace(isoTime, "WALL-CLOCK").replace(millis, "WALL-CLOCK");
    }

    @Test
    void learnAnalyzeAndTheReportGiveTheSameOutputWithOneTwoAndFourThreads() throws Exception {
        Outputs one = run(1);
        assertTrue(one.jsonLines().contains("\"kind\":\"SCAN\""), "the demo attack's scan is among the alerts");
        assertTrue(one.report().contains("WALL-CLOCK"), "the times of writing were found and set aside");
        for (int threads : new int[] {2, 3, 4}) {
            Outputs many = run(threads);
            assertEquals(one.learned(), many.learned(), threads + " threads: learn's summary");
            assertEquals(one.table(), many.table(), threads + " threads: the alert table");
            assertEquals(one.jsonLines(), many.jsonLines(), threads + " threads: the JSON lines");
            assertEquals(one.report(), many.report(), threads + " threads: the report");
        }
    }

    @Test
    void aThreadCountOutOfRangeIsAUsageError() {
        for (String bad : new String[] {"0", "-1", "1025"}) {
            CliRun run = CliRun.run("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--threads", bad,
                    "--db", dir.resolve("none.db").toString());
            assertEquals(ExitCode.USAGE, run.exitCode(), bad + ": " + run.err());
            assertTrue(run.oneErrorLine(), run.err());
            assertTrue(run.err().contains("--threads " + bad), run.err());
        }
    }

    @Test
    void byDefaultEveryCoreButOneForTheJvmsCompilerAndCollector() {
        assertEquals(1, ThreadOptions.defaultThreads(1));
        assertEquals(1, ThreadOptions.defaultThreads(2));
        assertEquals(3, ThreadOptions.defaultThreads(4));
        assertEquals(31, ThreadOptions.defaultThreads(32));
    }
}
