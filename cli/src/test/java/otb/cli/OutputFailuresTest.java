package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import otb.capture.TestEnvironment;

/**
 * Issue 20: output to a full disk or a closed pipe is an error (exit 3, one line), never exit 0
 * with the output silently cut. otb runs in a child JVM whose stdout is {@code /dev/full} or a
 * pipe its reader closes early.
 */
class OutputFailuresTest {
    private static final String LEARN = "fixtures/pcaps/demo/demo-learn.pcap";
    private static final String ATTACK = "fixtures/pcaps/demo/demo-attack.pcap";
    private static final File FULL = new File("/dev/full");

    @TempDir
    Path dir;

    private String db;

    @BeforeEach
    void learn() {
        TestEnvironment.requireOrSkip(FULL.exists() ? null : "/dev/full is missing");
        db = dir.resolve("demo.db").toString();
        CliRun learned = CliRun.run("learn", LEARN, "--fresh", "--cells", "fixtures/pcaps/demo/cells.conf", "--db", db,
                "-q");
        assertEquals(0, learned.exitCode(), learned.err());
    }

    @Test
    void dissectToAFullDiskFails() throws Exception {
        assertFullDisk(ChildOtb.run(List.of(), FULL, dir, "dissect", LEARN, "--format", "jsonl"));
    }

    @Test
    void shortOutputsToAFullDiskFail() throws Exception {
        assertFullDisk(ChildOtb.run(List.of(), FULL, dir, "inventory", "--db", db));
        assertFullDisk(ChildOtb.run(List.of(), FULL, dir, "inventory", "--db", db, "--format", "csv"));
        assertFullDisk(ChildOtb.run(List.of(), FULL, dir, "analyze", ATTACK, "--db", db, "--no-store", "-q"));
        assertFullDisk(ChildOtb.run(List.of(), FULL, dir, "alerts", "--db", db));
        assertFullDisk(ChildOtb.run(List.of(), FULL, dir, "diff", "--db", db));
    }

    @Test
    void dissectIntoAClosedPipeFails() throws Exception {
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(ChildOtb.command(List.of(), "dissect", LEARN, "--format", "jsonl"))
                .redirectError(err.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertTrue(out.readLine().startsWith("{\"frame\":"));
        } // the reader goes away, as `otb dissect ... | head -1` does
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "otb ended");
        ChildOtb run = new ChildOtb(process.exitValue(), "", Files.readString(err, StandardCharsets.UTF_8));
        assertEquals(ExitCode.INPUT, run.exitCode(), run.toString());
        assertTrue(run.oneErrorLine(), run.toString());
        assertTrue(run.err().startsWith("otb: cannot write standard output: "), run.toString());
    }

    /** {@code -o} naming a device is written to, not replaced by a file; a full one fails. */
    @Test
    void reportAndDiffToAFullDeviceFail() throws Exception {
        Path full = dir.resolve("full");
        Process mknod = new ProcessBuilder("mknod", full.toString(), "c", "1", "7").redirectErrorStream(true).start();
        boolean made = mknod.waitFor(30, TimeUnit.SECONDS) && mknod.exitValue() == 0;
        // without the right to make device nodes, the test cannot have a full device of its own
        // (it must not risk replacing the machine's /dev/full)
        TestEnvironment.requireOrSkip(made ? null : "cannot make a device node (mknod needs root)");
        for (List<String> args : List.of(List.of("report", "--db", db, "-o", full.toString()),
                List.of("diff", "--db", db, "-o", full.toString()))) {
            ChildOtb run = ChildOtb.run(List.of(), null, dir, args.toArray(String[]::new));
            assertEquals(ExitCode.INPUT, run.exitCode(), args + ": " + run);
            assertTrue(run.oneErrorLine(), run.toString());
            assertTrue(run.err().startsWith("otb: cannot write " + full + ": "), run.toString());
            assertFalse(Files.isRegularFile(full), "the device is still a device");
        }
    }

    private static void assertFullDisk(ChildOtb run) {
        assertEquals(ExitCode.INPUT, run.exitCode(), run.toString());
        assertTrue(run.oneErrorLine(), run.toString());
        assertEquals("otb: cannot write standard output: No space left on device; the output is incomplete",
                run.err().strip());
    }
}
