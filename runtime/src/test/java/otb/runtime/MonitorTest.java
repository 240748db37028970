package otb.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.dissect.DissectorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live run driven directly, no command line and no interface: the demo captures played as live
 * sources through {@link Monitor}. The learning period is kept in capture time across runs (one
 * checkpoint snapshot per run, the newest), ends where it should and turns the run to detection,
 * and detecting live raises exactly the alerts of analysing the same frames offline, warm-up or
 * not.
 */
class MonitorTest {
    private static final long MINUTE = 60_000_000_000L;
    private static final long WEEK = 7 * 24 * 60 * MINUTE;

    @TempDir
    Path dir;

    private final RecordingMonitorListener listener = new RecordingMonitorListener();

    private static MonitorOptions options(Path file, long learnNanos, Path jsonl, Path captureCopy, long warmUpFrames) {
        return new MonitorOptions(FileLiveSource.opener("demo0", file), learnNanos, 10 * MINUTE, 60 * MINUTE,
                5 * MINUTE, DemoCaptures.CELLS, jsonl, null, captureCopy, warmUpFrames,
                (frames, out) -> Files.copy(DemoCaptures.LEARN, out), DissectorConfig.defaults(),
                DetectionConfig.defaults(), List.of());
    }

    private boolean run(Path database, MonitorOptions options) throws Exception {
        try (BaselineStore store = BaselineStore.open(database)) {
            return new Monitor(options, store, listener).run();
        }
    }

    private static Snapshot latest(Path database) throws Exception {
        try (BaselineStore store = BaselineStore.open(database)) {
            return store.loadLatest();
        }
    }

    @Test
    void learningIsSavedWhenTheRunStopsAndTheNextRunResumesIt() throws Exception {
        Path database = dir.resolve("live.db");
        assertTrue(run(database, options(DemoCaptures.LEARN, WEEK, null, null, 0)));
        Snapshot first = latest(database);
        assertEquals(Monitor.LEARNING_COMMAND, first.info().command());
        List<String> stopped = listener.events("stoppedWhileLearning");
        assertEquals(1, stopped.size(), listener.all().toString());
        long learned = Long.parseLong(stopped.get(0).split(" ")[3]);
        assertTrue(learned > 29 * MINUTE && learned < 30 * MINUTE, "the capture's 30 minutes: " + learned);
        assertTrue(first.info().note().startsWith("learned " + learned + " of " + WEEK + " ns on demo0"),
                first.info().note());
        assertEquals(List.of("capturing demo0", "learning demo0 0 " + WEEK + " " + OptionalLong.empty()),
                listener.all().subList(0, 2));
        assertTrue(listener.events("detecting").isEmpty(), "a week is not over");
        // checkpoints every 10 minutes of the 30: saved while learning, then superseded by the final one
        assertTrue(!listener.events("checkpointSaved").isEmpty(), listener.all().toString());
        try (BaselineStore store = BaselineStore.open(database)) {
            assertEquals(List.of(first.info().id()), store.snapshots().stream().map(s -> s.id()).toList(),
                    "the run's earlier checkpoints superseded");
        }

        assertTrue(run(database, options(DemoCaptures.LEARN, WEEK, null, null, 0)));
        assertTrue(listener.events("learning").contains("learning demo0 " + learned + " " + WEEK + " "
                + OptionalLong.of(first.info().id())), listener.all().toString());
        Snapshot second = latest(database);
        assertEquals(Monitor.LEARNING_COMMAND, second.info().command());
        assertTrue(second.info().note().startsWith("learned " + (learned + learned) + " of "), second.info().note());
        assertEquals(List.of("stopped demo0 35612"), listener.events("stopped").subList(1, 2),
                "every frame decoded, once per run");
    }

    @Test
    void theLearningPeriodEndsInCaptureTimeAndTheRunDetectsAgainstWhatItLearned() throws Exception {
        Path database = dir.resolve("live.db");
        assertTrue(run(database, options(DemoCaptures.LEARN, 10 * MINUTE, null, null, 0)));
        List<String> ended = listener.events("learningEnded");
        assertEquals(1, ended.size(), listener.all().toString());
        Snapshot learned = latest(database);
        assertEquals(Monitor.LEARNED_COMMAND, learned.info().command());
        assertEquals("learningEnded demo0 " + 10 * MINUTE + " " + learned.info().id(), ended.get(0));
        assertEquals(List.of("detecting demo0 " + OptionalLong.of(learned.info().id())), listener.events("detecting"));
        assertTrue(listener.events("stoppedWhileLearning").isEmpty());

        // the operations the period absorbed are listed as it ends, before its snapshot is saved: the
        // demo HMI's first setpoint write (frame 929, as `otb learn` of the whole capture lists it)
        // and the substation master's DNP3 select/operate, none after the period
        List<String> absorbed = listener.events("absorbed");
        assertEquals(1, absorbed.size(), listener.all().toString());
        assertTrue(listener.all().indexOf(absorbed.get(0)) < listener.all().indexOf(ended.get(0)));
        String[] entries = absorbed.get(0).split(" \\| ");
        assertEquals("absorbed demo0 0", entries[0]);
        assertTrue(entries[1].startsWith("write_new_point 10.10.1.10->10.10.1.21 write_single_register "
                + "holding_register:100 x1 frame 929 at "), entries[1]);
        assertTrue(absorbed.get(0).contains(" | control 10.20.0.5->10.20.0.11 select  x"), absorbed.get(0));
        long firstNanos = Long.parseLong(entries[1].substring(entries[1].lastIndexOf(' ') + 1));
        for (int i = 1; i < entries.length; i++) {
            long at = Long.parseLong(entries[i].substring(entries[i].lastIndexOf(' ') + 1));
            assertTrue(at >= firstNanos && at - firstNanos < 10 * MINUTE, "within the learning period: " + entries[i]);
        }

        // the next run finds a finished baseline and detects from its first frame
        assertTrue(run(database, options(DemoCaptures.ATTACK, 10 * MINUTE, null, null, 0)));
        assertEquals(2, listener.events("detecting").size());
        assertTrue(listener.events("alertOpened").size() > 10, "the attack raises alerts");
    }

    @Test
    void detectingLiveRaisesTheAlertsOfOfflineAnalysisOfTheSameFrames() throws Exception {
        Path database = dir.resolve("live.db");
        try (BaselineStore store = BaselineStore.open(database)) {
            OfflineLearning learning = OfflineLearning.start(store, Cells.load(DemoCaptures.CELLS), true);
            learning.read(List.of(DemoCaptures.LEARN), DissectorConfig.defaults(), null);
            learning.save(DemoCaptures.LEARN.toString(), "");
        }
        Path offline = dir.resolve("offline.jsonl");
        try (BaselineStore store = BaselineStore.open(database);
             OfflineAnalysis analysis = OfflineAnalysis.start(store, store.loadLatest(), DetectionConfig.defaults(),
                     new OfflineAnalysis.Sinks(false, offline, List.of()), List.of())) {
            analysis.read(List.of(DemoCaptures.ATTACK), DissectorConfig.defaults(), null);
            analysis.finish();
        }

        Path live = dir.resolve("live.jsonl");
        Path copy = dir.resolve("copy.pcap");
        // a warm-up round over the clean capture first: it must leave no trace in the results
        assertTrue(run(database, options(DemoCaptures.ATTACK, 0, live, copy, 1)));
        List<String> offlineAlerts = withoutInput(offline);
        assertTrue(offlineAlerts.size() > 10, "the attack capture raises alerts: " + offlineAlerts.size());
        assertEquals(offlineAlerts, withoutInput(live));
        assertEquals(offlineAlerts.size(), listener.events("alertOpened").size(), "each alert opened once");
        assertEquals(frames(DemoCaptures.ATTACK), frames(copy), "the capture copy holds every frame");
        assertTrue(listener.events("warmUpSkipped").isEmpty(), listener.all().toString());
        // the warm-up runs with the source open, says so first, and ends before capture starts
        List<String> all = listener.all();
        assertEquals(List.of("warmingUp demo0 1", "warmUpRound 1/1", "warmedUp demo0"), all.subList(0, 3),
                all.toString());
        assertTrue(all.indexOf("warmedUp demo0") < all.indexOf("capturing demo0"), all.toString());
        assertTrue(listener.events("sinkFailed").isEmpty() && listener.events("checkpointFailed").isEmpty(),
                listener.all().toString());
    }

    @Test
    void aPinnedSignedBaselineIsDetectedAgainstFromTheFirstFrameAndNamedInEveryJsonLine() throws Exception {
        Path database = dir.resolve("live.db");
        long approved;
        try (BaselineStore store = BaselineStore.open(database)) {
            OfflineLearning learning = OfflineLearning.start(store, Cells.load(DemoCaptures.CELLS), true);
            learning.read(List.of(DemoCaptures.LEARN), DissectorConfig.defaults(), null);
            approved = learning.save(DemoCaptures.LEARN.toString(), "");
            // A learning period still open is the newest snapshot: unpinned, the run would go on learning.
            store.saveCheckpoint(learning.baseline(), Cells.load(DemoCaptures.CELLS), Monitor.LEARNING_COMMAND,
                    "demo0", OptionalLong.of(approved), "learned 1 of " + WEEK + " ns on demo0");
        }
        Path jsonl = dir.resolve("pinned.jsonl");
        SignedBaselineLabel label = new SignedBaselineLabel("ab".repeat(32), "alice");
        try (BaselineStore store = BaselineStore.open(database)) {
            assertTrue(new Monitor(options(DemoCaptures.ATTACK, WEEK, jsonl, null, 0), store, listener)
                    .detectingAgainst(store.load(approved), label).run());
        }
        assertEquals(List.of("detecting demo0 " + OptionalLong.of(approved)), listener.events("detecting"));
        assertTrue(listener.events("learning").isEmpty(), listener.all().toString());
        List<String> lines = Files.readAllLines(jsonl);
        assertTrue(lines.size() > 10, "the attack raises alerts: " + lines.size());
        for (String line : lines) {
            assertTrue(line.endsWith(",\"baseline_id\":\"" + label.baselineId() + "\",\"baseline_signer\":\"alice\"}"),
                    line);
        }
    }

    /** JSON lines without the field naming the input (the file offline, the source live). */
    private static List<String> withoutInput(Path jsonl) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            lines.add(line.replaceAll(",\"input\":\"(\\\\.|[^\"\\\\])*\"", ""));
        }
        return lines;
    }

    private static long frames(Path file) throws Exception {
        long[] frames = {0};
        try (PacketSource source = CaptureFiles.open(file)) {
            source.run(packet -> frames[0]++);
        }
        return frames[0];
    }
}
