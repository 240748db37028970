package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SnapshotInfo;
import otb.capture.TestEnvironment;

/**
 * Issue 20: databases otb cannot or must not write. An unknown schema version is refused with one
 * line; a read-only database serves the commands that only read; a second baseline writer is
 * refused instead of forking the baseline.
 */
class DatabaseAccessTest {
    private static final String LEARN = "fixtures/pcaps/demo/demo-learn.pcap";
    private static final String ATTACK = "fixtures/pcaps/demo/demo-attack.pcap";

    @TempDir
    Path dir;

    /** fixtures/robustness/db-user_version-minus1.db: every command ended with an internal error (exit 4). */
    @Test
    void aNegativeSchemaVersionIsRefusedInOneLine() throws Exception {
        Path db = dir.resolve("minus1.db");
        Files.copy(Path.of("fixtures/robustness/db-user_version-minus1.db"), db);
        String file = db.toString();
        for (List<String> args : List.of(List.of("inventory", "--db", file), List.of("alerts", "--db", file),
                List.of("diff", "--db", file), List.of("report", "--db", file, "-o", dir.resolve("r.html").toString()),
                List.of("audit", "--db", file), List.of("learn", LEARN, "--db", file, "-q"),
                List.of("analyze", ATTACK, "--db", file, "-q"))) {
            CliRun run = CliRun.run(args.toArray(String[]::new));
            assertEquals(ExitCode.INPUT, run.exitCode(), args + ": " + run.err());
            assertTrue(run.oneErrorLine(), args + ": " + run.err());
            assertTrue(run.err().contains("unknown schema version -1"), args + ": " + run.err());
        }
    }

    /**
     * The database in a directory mounted read-only (the case of a copy handed to an auditor, or a
     * mode-0444 file of another user; root ignores file modes, so the test mounts), and a read-only
     * file in a writable directory: report, inventory, alerts, diff and audit read it.
     */
    @Test
    void aReadOnlyDatabaseServesTheCommandsThatRead() throws Exception {
        TestEnvironment.requireOrSkip(canMount());
        Path readOnlyDirectory = Files.createDirectories(dir.resolve("ro"));
        Path db = readOnlyDirectory.resolve("plant.db");
        Path writableDirectory = Files.createDirectories(dir.resolve("rw"));
        Path readOnlyFile = writableDirectory.resolve("plant.db");
        CliRun learned = CliRun.run("learn", LEARN, "--fresh", "--cells", "fixtures/pcaps/demo/cells.conf", "--db",
                db.toString(), "-q");
        assertEquals(ExitCode.OK, learned.exitCode(), learned.err());
        CliRun analyzed = CliRun.run("analyze", ATTACK, "--db", db.toString(), "-q");
        assertEquals(ExitCode.OK, analyzed.exitCode(), analyzed.err());
        Files.copy(db, readOnlyFile);
        for (Path target : List.of(readOnlyDirectory, readOnlyFile)) {
            String mount = "mount --bind " + target + " " + target + " && mount -o remount,ro,bind " + target;
            for (List<String> args : List.of(List.of("inventory"), List.of("alerts"), List.of("diff", "--list"),
                    List.of("audit"), List.of("report", "-o", dir.resolve("report.html").toString()))) {
                List<String> command = new ArrayList<>(args);
                command.addAll(List.of("--db", target.toString().endsWith(".db") ? target.toString() : db.toString()));
                ChildOtb run = inMountNamespace(mount, command);
                assertEquals(ExitCode.OK, run.exitCode(), target + " " + command + ": " + run);
            }
            ChildOtb learn = inMountNamespace(mount, List.of("learn", LEARN, "--db",
                    target.toString().endsWith(".db") ? target.toString() : db.toString(), "-q"));
            assertEquals(ExitCode.INPUT, learn.exitCode(), "a writer is refused: " + learn);
            assertTrue(learn.oneErrorLine(), learn.toString());
        }
    }

    /** Two {@code otb learn} on one database at once: the second is refused, the baseline stays one line. */
    @Test
    void aSecondLearnerIsRefusedInsteadOfForkingTheBaseline() throws Exception {
        Path db = dir.resolve("plant.db");
        CliRun first = CliRun.run("learn", LEARN, "--fresh", "--db", db.toString(), "-q");
        assertEquals(ExitCode.OK, first.exitCode(), first.err());
        Path lock = dir.resolve("plant.db.lock");
        Process longer = new ProcessBuilder(ChildOtb.command(List.of(), "learn", LEARN, ATTACK, "--db", db.toString(),
                "-q")).redirectOutput(dir.resolve("a.out").toFile()).redirectError(dir.resolve("a.err").toFile()).start();
        // the second starts once the first holds the lock (it names its pid in the lock file)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(lock) && Files.readString(lock, StandardCharsets.UTF_8).contains("pid " + longer.pid()))
                && System.nanoTime() < deadline && longer.isAlive()) {
            Thread.sleep(20);
        }
        ChildOtb second = ChildOtb.run(dir, "learn", LEARN, "--db", db.toString(), "-q");
        assertTrue(longer.waitFor(300, TimeUnit.SECONDS), "the first learn ended");
        assertEquals(ExitCode.OK, longer.exitValue(), Files.readString(dir.resolve("a.err")));
        assertEquals(ExitCode.INPUT, second.exitCode(), second.toString());
        assertTrue(second.oneErrorLine(), second.toString());
        assertTrue(second.err().contains("is being changed by another otb (otb learn, pid " + longer.pid()),
                second.toString());
        try (BaselineStore store = BaselineStore.openReadOnly(db)) {
            List<SnapshotInfo> snapshots = store.snapshots();
            assertEquals(2, snapshots.size(), "one learn extended the baseline: " + snapshots);
            Set<Long> parents = new HashSet<>();
            for (SnapshotInfo snapshot : snapshots) {
                snapshot.parent().ifPresent(parent -> assertTrue(parents.add(parent), "forked at " + parent));
            }
        }
    }

    /**
     * {@code otb alerts approve} extends the baseline (a snapshot of the newest plus the alert's
     * fact), so it is a writer too: while another writer holds the lock (here this test process,
     * as a learning run would) an approve in another process is refused with one line and changes
     * nothing; once the lock is free it goes through.
     */
    @Test
    void approveTakesTheWriterLock() throws Exception {
        Path db = dir.resolve("plant.db");
        assertEquals(ExitCode.OK, CliRun.run("learn", "fixtures/pcaps/modbus/ModbusTCP.pcap", "--fresh", "--db",
                db.toString(), "-q").exitCode());
        CliRun analyze = CliRun.run("analyze", "fixtures/pcaps/modbus/modbus_test.pcap", "--db", db.toString(), "-q");
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        String id = CliRun.run("alerts", "--db", db.toString(), "--format", "jsonl").out().lines().findFirst()
                .orElseThrow().replaceAll("^\\{\"id\":\"([0-9a-f]+)\".*", "$1");
        int snapshots;
        try (BaselineStore writer = BaselineStore.openWriter(db, "otb learn")) {
            snapshots = writer.snapshots().size();
            ChildOtb refused = ChildOtb.run(dir, "alerts", "approve", id, "--db", db.toString(), "--reason", "new HMI");
            assertEquals(ExitCode.INPUT, refused.exitCode(), refused.toString());
            assertTrue(refused.oneErrorLine(), refused.toString());
            assertTrue(refused.err().contains("is being changed by another otb (otb learn, pid "
                    + ProcessHandle.current().pid()), refused.toString());
            assertEquals(snapshots, writer.snapshots().size(), "no snapshot made");
            assertEquals(otb.baseline.store.AlertState.NEW, writer.alert(id).orElseThrow().state());
            // ack changes only the alert's state: it needs no lock
            CliRun ack = CliRun.run("alerts", "ack", id, "--db", db.toString());
            assertEquals(ExitCode.OK, ack.exitCode(), ack.err());
        }
        ChildOtb approved = ChildOtb.run(dir, "alerts", "approve", id, "--db", db.toString(), "--reason", "new HMI");
        assertEquals(ExitCode.OK, approved.exitCode(), approved.toString());
        try (BaselineStore store = BaselineStore.openReadOnly(db)) {
            assertEquals(otb.baseline.store.AlertState.APPROVED, store.alert(id).orElseThrow().state());
        }
    }

    private ChildOtb inMountNamespace(String mount, List<String> args) throws Exception {
        List<String> java = ChildOtb.command(List.of(), args.toArray(String[]::new));
        StringBuilder script = new StringBuilder(mount).append(" && exec");
        for (String word : java) {
            script.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder("unshare", "-m", "sh", "-c", script.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "otb ended");
        return new ChildOtb(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Null when this process may make a mount namespace with a read-only bind mount, else why not. */
    private String canMount() throws Exception {
        Path probe = Files.createDirectories(dir.resolve("probe"));
        try {
            Process process = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount --bind " + probe + " " + probe
                    + " && mount -o remount,ro,bind " + probe + " && ! touch " + probe + "/x 2>/dev/null")
                    .redirectErrorStream(true).start();
            boolean ended = process.waitFor(30, TimeUnit.SECONDS);
            return ended && process.exitValue() == 0 ? null
                    : "cannot mount read-only in a mount namespace (needs root and unshare)";
        } catch (java.io.IOException e) {
            return "unshare is not installed";
        }
    }
}
