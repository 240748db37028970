package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import otb.baseline.cells.Cells;
import otb.baseline.model.Baseline;
import otb.baseline.store.BaselineStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code otb diff --since}: says which snapshots it compared, and says so when none is that old. */
class DiffSinceTest {
    @TempDir
    Path dir;

    /** A database with a snapshot written at each of {@code ages} before now, oldest first. */
    private Path database(Duration... ages) throws Exception {
        Path file = dir.resolve("plant.db");
        Instant now = Instant.now();
        long parent = 0;
        for (Duration age : ages) {
            try (BaselineStore store = BaselineStore.open(file, Clock.fixed(now.minus(age), ZoneOffset.UTC))) {
                parent = store.saveSnapshot(new Baseline(), Cells.automatic(), "learn", "test.pcap",
                        parent == 0 ? OptionalLong.empty() : OptionalLong.of(parent), "");
            }
        }
        return file;
    }

    @Test
    void saysWhichSnapshotsItCompared() throws Exception {
        Path db = database(Duration.ofDays(10), Duration.ofDays(8), Duration.ofDays(3), Duration.ofMinutes(1));
        CliRun run = CliRun.run("diff", "--db", db.toString(), "--since", "7d");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        // the newest snapshot written at least 7 days ago is #2, compared with the newest, #4
        assertTrue(run.err().strip().matches("otb: diff --since 7d: compared snapshot 2 \\(written [-0-9T:.]+Z\\)"
                + " -> snapshot 4 \\(written [-0-9T:.]+Z\\)"), run.err());
        assertTrue(run.out().contains("#2") && run.out().contains("#4"), run.out());
    }

    @Test
    void saysSoWhenNoSnapshotIsThatOld() throws Exception {
        Path db = database(Duration.ofDays(2), Duration.ofMinutes(1));
        CliRun run = CliRun.run("diff", "--db", db.toString(), "--since", "7d");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("otb: diff --since 7d: no snapshot is that old; compared the oldest, snapshot 1"),
                run.err());
        assertTrue(run.err().contains("-> snapshot 2"), run.err());

        Path single = dir.resolve("single.db");
        try (BaselineStore store = BaselineStore.open(single)) {
            store.saveSnapshot(new Baseline(), Cells.automatic(), "learn", "test.pcap", OptionalLong.empty(), "");
        }
        CliRun alone = CliRun.run("diff", "--db", single.toString(), "--since", "7d");
        assertTrue(alone.err().contains("no snapshot is that old and none is older than snapshot 1; compared an empty "
                + "baseline"), alone.err());
    }
}
