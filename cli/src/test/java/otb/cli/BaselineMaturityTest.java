package otb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A baseline that knows its maturity, on the demo plant's real simulator captures: no snapshot
 * from input without frames, a warning when detecting against a baseline learned too briefly or
 * still incomplete, and the operations learning absorbed listed for review.
 */
class BaselineMaturityTest {
    static final String LEARN = "fixtures/pcaps/demo/demo-learn.pcap";
    static final String ATTACK = "fixtures/pcaps/demo/demo-attack.pcap";
    static final String CELLS = "fixtures/pcaps/demo/cells.conf";

    @TempDir
    static Path dir;
    static Path demo;
    static CliRun learned;

    @BeforeAll
    static void learnTheDemo() {
        demo = dir.resolve("demo.db");
        learned = CliRun.run("learn", root(LEARN), "--fresh", "--cells", root(CELLS), "--db", demo.toString());
        assertEquals(ExitCode.OK, learned.exitCode(), learned.err());
    }

    static String root(String path) {
        Path here = Path.of("").toAbsolutePath();
        Path file = here.resolve(path);
        return Files.exists(file) ? file.toString() : here.getParent().resolve(path).toString();
    }

    @Test
    void inputWithoutFramesStoresNoSnapshotAndLeavesTheDatabaseUnchanged() throws Exception {
        Path copy = dir.resolve("unchanged.db");
        Files.copy(demo, copy);
        byte[] before = Files.readAllBytes(copy);
        Path text = dir.resolve("notes.pcap");
        Files.writeString(text, "this is a text file, not a capture\n", StandardCharsets.UTF_8);
        Path empty = dir.resolve("empty.pcap");
        Files.write(empty, new byte[0]);
        for (Path input : List.of(text, empty)) {
            CliRun run = CliRun.run("learn", input.toString(), "--db", copy.toString());
            assertEquals(ExitCode.INPUT, run.exitCode(), run.err());
            assertTrue(run.err().contains(input + ": no frames read; no snapshot stored"), run.err());
            assertFalse(run.out().contains("snapshot 2"), run.out());
            assertArrayEquals(before, Files.readAllBytes(copy), "the database is unchanged after " + input);
        }
        CliRun list = CliRun.run("diff", "--list", "--db", copy.toString());
        assertFalse(list.out().contains("#2"), list.out());

        Path fresh = dir.resolve("never-made.db");
        CliRun run = CliRun.run("learn", empty.toString(), "--db", fresh.toString());
        assertEquals(ExitCode.INPUT, run.exitCode());
        assertFalse(Files.exists(fresh), "no empty database is left behind");
    }

    @Test
    void analyzeWarnsAgainstAnImmatureBaselineByDefault() {
        // the demo learned over 30 minutes of capture time: below the default minimum of one hour
        CliRun run = CliRun.run("analyze", root(ATTACK), "--db", demo.toString(), "--no-store");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("otb: warning: baseline snapshot 1 is immature: learned over 29m, less than "
                + "the minimum 60m"), run.err());
        assertFalse(run.err().contains("complete, below"), "every demo cell is above 50 %: " + run.err());

        CliRun shorter = CliRun.run("analyze", root(ATTACK), "--db", demo.toString(), "--no-store",
                "--min-learning", "20m");
        assertEquals(ExitCode.OK, shorter.exitCode(), shorter.err());
        assertFalse(shorter.err().contains("immature"), shorter.err());

        // line1 learned a new object 7 minutes in: 77 % complete
        CliRun stricter = CliRun.run("analyze", root(ATTACK), "--db", demo.toString(), "--no-store",
                "--min-learning", "20m", "--min-completeness", "90");
        assertTrue(stricter.err().contains("immature: cell line1 is 77% complete, below the minimum 90%"),
                stricter.err());

        CliRun bad = CliRun.run("analyze", root(ATTACK), "--db", demo.toString(), "--min-completeness", "150");
        assertEquals(ExitCode.USAGE, bad.exitCode());
        assertTrue(bad.oneErrorLine(), bad.err());
    }

    @Test
    void theReportSaysWhenTheSnapshotIsImmature() throws Exception {
        Path immature = dir.resolve("immature.html");
        CliRun run = CliRun.run("report", "--db", demo.toString(), "-o", immature.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        String html = Files.readString(immature);
        assertTrue(html.contains("id=\"maturity-warning\""), "warning banner");
        assertTrue(html.contains("learned over 29m, less than the minimum 60m"), "reason in the report");

        Path mature = dir.resolve("mature.html");
        run = CliRun.run("report", "--db", demo.toString(), "-o", mature.toString(), "--min-learning", "20m");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        String matureHtml = Files.readString(mature);
        assertFalse(matureHtml.contains("maturity-warning"));
        assertTrue(matureHtml.contains("<td>mature (thresholds: learned over at least"), "maturity row");
    }

    @Test
    void learnListsAbsorbedStopAndProgramOperationsAndReviewExitsOne() throws Exception {
        // the clean half: operator writes to setpoints and DNP3 select/operate are listed, no stop, no program
        assertTrue(learned.out().contains("review: learning absorbed"), learned.out());
        assertTrue(learned.out().contains("control         10.20.0.5 -> 10.20.0.11 dnp3 unit 10 operate, 5 times"),
                learned.out());
        assertTrue(learned.out().contains("write_new_point 10.10.1.10 -> 10.10.1.21 modbus unit 1 "
                + "write_single_register holding_register:100, once"), learned.out());
        assertFalse(learned.out().contains("stop_or_start"), learned.out());
        assertFalse(learned.out().contains("program "), learned.out());

        // extending it with the attack half absorbs the PLC stop and the program download: --review exits 1
        Path copy = dir.resolve("extended.db");
        Files.copy(demo, copy);
        CliRun extend = CliRun.run("learn", root(ATTACK), "--db", copy.toString(), "--review");
        assertEquals(ExitCode.FINDINGS, extend.exitCode(), extend.err());
        assertTrue(extend.out().contains("snapshot 2 (extends 1)"), extend.out());
        assertTrue(extend.out().contains("stop_or_start   10.50.0.20 -> 10.10.2.20 s7comm unit 0 plc_stop, once"),
                extend.out());
        assertTrue(extend.out().contains("program         10.50.0.20 -> 10.10.2.20 s7comm unit 0 download_block, "
                + "2 times"), extend.out());
        // the setpoint written while learning is no longer new: not listed again
        assertFalse(extend.out().contains("write_single_register holding_register:100,"), extend.out());

        // a capture with reads only absorbs nothing: --review exits 0
        Path reads = dir.resolve("reads.db");
        CliRun readOnly = CliRun.run("learn", root("fixtures/pcaps/s7comm/s7comm_clean.pcap"), "--fresh", "--db",
                reads.toString(), "--review");
        assertEquals(ExitCode.OK, readOnly.exitCode(), readOnly.out() + readOnly.err());
        assertFalse(readOnly.out().contains("review:"), readOnly.out());
    }
}
