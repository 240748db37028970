package otb.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import otb.baseline.alert.Alert;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.diff.BaselineDiff;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.dissect.DissectorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a publisher to a site hub hears from a live run: the learned baseline at checkpoints
 * while learning, the whole learned baseline once when learning ends, health-only checkpoints
 * while detecting, and at the start of a detecting run the baseline it detects against.
 */
class CheckpointSinkTest {
    private static final long MINUTE = 60_000_000_000L;

    @TempDir
    Path dir;

    /** Records every checkpoint and alert it is handed. */
    static final class RecordingSink implements CheckpointSink {
        final List<SensorCheckpoint> checkpoints = new ArrayList<>();
        final List<Alert> opened = new ArrayList<>();
        final List<Alert> accepted = new ArrayList<>();

        @Override
        public void checkpoint(SensorCheckpoint checkpoint) {
            checkpoints.add(checkpoint);
        }

        @Override
        public void opened(Alert first) {
            opened.add(first);
        }

        @Override
        public void accept(Alert alert) {
            accepted.add(alert);
        }
    }

    private static MonitorOptions options(Path file, RecordingSink sink) {
        return new MonitorOptions(FileLiveSource.opener("demo0", file), 12 * MINUTE, 5 * MINUTE, 60 * MINUTE,
                5 * MINUTE, DemoCaptures.CELLS, null, null, null, 0, (frames, out) -> Files.copy(DemoCaptures.LEARN, out),
                DissectorConfig.defaults(), DetectionConfig.defaults(), List.of(() -> sink));
    }

    @Test
    void aLiveRunHandsItsBaselinesAndHealthToCheckpointSinks() throws Exception {
        Path database = dir.resolve("live.db");
        RecordingSink learning = new RecordingSink();
        RecordingMonitorListener first = new RecordingMonitorListener();
        try (BaselineStore store = BaselineStore.open(database)) {
            assertTrue(new Monitor(options(DemoCaptures.LEARN, learning), store, first).run(), first.all().toString());
        }
        Snapshot learned;
        try (BaselineStore store = BaselineStore.open(database)) {
            learned = store.loadLatest();
        }
        assertEquals(Monitor.LEARNED_COMMAND, learned.info().command());
        List<SensorCheckpoint> whileLearning = learning.checkpoints.stream().filter(SensorCheckpoint::learning).toList();
        assertTrue(whileLearning.size() >= 2, "checkpoints at 5 and 10 minutes: " + whileLearning.size());
        for (SensorCheckpoint checkpoint : whileLearning) {
            assertNotNull(checkpoint.baseline());
            assertTrue(checkpoint.learnedNanos() < 12 * MINUTE);
        }
        SensorCheckpoint end = learning.checkpoints.stream().filter(c -> !c.learning() && c.baseline() != null)
                .findFirst().orElseThrow();
        assertEquals(12 * MINUTE, end.learnedNanos());
        assertTrue(BaselineDiff.compare(learned.baseline(), end.baseline()).isEmpty(), "the whole learned baseline");
        List<SensorCheckpoint> afterwards = learning.checkpoints.subList(learning.checkpoints.indexOf(end) + 1,
                learning.checkpoints.size());
        assertFalse(afterwards.isEmpty(), "checkpoints while detecting the rest of the 30 minutes");
        afterwards.forEach(c -> assertNull(c.baseline(), "health only while detecting"));
        for (int i = 1; i < learning.checkpoints.size(); i++) {
            assertTrue(learning.checkpoints.get(i).framesDecoded() >= learning.checkpoints.get(i - 1).framesDecoded());
        }
        assertTrue(afterwards.get(afterwards.size() - 1).framesDecoded() > 10_000, "frames decoded, counted");

        RecordingSink detecting = new RecordingSink();
        RecordingMonitorListener second = new RecordingMonitorListener();
        try (BaselineStore store = BaselineStore.open(database)) {
            assertTrue(new Monitor(options(DemoCaptures.ATTACK, detecting), store, second).run(), second.all().toString());
        }
        SensorCheckpoint start = detecting.checkpoints.get(0);
        assertFalse(start.learning());
        assertTrue(BaselineDiff.compare(learned.baseline(), start.baseline()).isEmpty(),
                "a detecting run first hands over the baseline it detects against");
        assertTrue(detecting.opened.size() > 10 && detecting.accepted.size() >= detecting.opened.size(),
                detecting.opened.size() + " opened, " + detecting.accepted.size() + " final");
    }
}
