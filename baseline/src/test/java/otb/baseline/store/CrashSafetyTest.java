package otb.baseline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import otb.baseline.cells.Cells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during learning: a child JVM learns into a real SQLite file and is killed with
 * destroyForcibly at a random moment, three times over; each time the database reopens cleanly
 * (quick_check passes on open) with every committed snapshot readable and consistent.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void killedLearningLeavesTheLastCommittedSnapshotIntact() throws Exception {
        Path file = dir.resolve("otb.db");
        Random random = new Random(11);
        long lastReported = 0;
        long lastReportedMessages = 0;
        for (int round = 0; round < 3; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LearningChild.class.getName(), file.toString())
                    .redirectError(dir.resolve("child-" + round + ".err").toFile()).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                int seen = 0;
                String line;
                while (seen < 2 && (line = lines.readLine()) != null) {
                    assertTrue(line.startsWith("snapshot "), "child said: " + line);
                    String[] words = line.split(" ");
                    lastReported = Long.parseLong(words[1]);
                    lastReportedMessages = Long.parseLong(words[2]);
                    seen++;
                }
                assertEquals(2, seen, "child stopped early: " + java.nio.file.Files.readString(dir.resolve("child-" + round + ".err")));
                Thread.sleep(random.nextInt(40)); // land anywhere, likely inside a later snapshot's work
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            try (BaselineStore store = BaselineStore.open(file)) {
                List<SnapshotInfo> snapshots = store.snapshots();
                long latest = store.latestSnapshotId().orElseThrow();
                assertTrue(latest >= lastReported, "reported snapshot " + lastReported + " survived, latest " + latest);
                Snapshot reported = store.load(lastReported);
                assertEquals(lastReportedMessages, reported.baseline().messages());
                assertEquals(reported.info().messages(), reported.baseline().messages());
                long previousMessages = 0;
                for (SnapshotInfo info : snapshots) {
                    Snapshot snapshot = store.load(info.id());
                    assertTrue(snapshot.baseline().messages() > previousMessages, "snapshots grow: " + info);
                    previousMessages = snapshot.baseline().messages();
                }
            }
        }
        try (BaselineStore store = BaselineStore.open(file)) {
            Snapshot latest = store.loadLatest();
            long next = store.saveSnapshot(latest.baseline(), Cells.automatic(), "learn", "after the crashes",
                    OptionalLong.of(latest.info().id()), "");
            assertEquals(latest.info().id() + 1, next);
        }
    }
}
