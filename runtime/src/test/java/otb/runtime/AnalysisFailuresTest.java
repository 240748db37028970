package otb.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertSink;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.capture.PacketSource;
import otb.dissect.DissectorConfig;
import otb.dissect.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otb analyze --threads N} when a stage fails on the demo attack capture against the demo's
 * baseline (a real SQLite file): a failure of the detection stage (an alert sink that throws) or of
 * the reading stage (the frame observer throws, as a dissector bug or an OutOfMemoryError would)
 * reaches the caller as it was, with 1, 2 and 4 threads, within a time limit (no hang), with no
 * pipeline thread left running, and after the detector saw exactly the events, and raised exactly
 * the alerts, of a one-thread run.
 */
class AnalysisFailuresTest {
    private static final int[] THREAD_COUNTS = {1, 2, 4};
    /** Far more than a run of the demo attack capture takes; only a hang reaches it. */
    private static final Duration NO_HANG = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static Path demoDatabase;

    @BeforeAll
    static void learnDemo() throws Exception {
        demoDatabase = dir.resolve("demo.db");
        try (BaselineStore store = BaselineStore.open(demoDatabase)) {
            OfflineLearning learning = OfflineLearning.start(store, Cells.load(DemoCaptures.CELLS), true);
            learning.read(List.of(DemoCaptures.LEARN), DissectorConfig.defaults(), null);
            learning.save("demo", "failures test", "tester");
        }
    }

    /** What a failed analysis raised before it failed, and what it threw. */
    private record Failed(Throwable thrown, List<String> alerts) {
    }

    /** Analyses the attack capture with a caller's sink {@code sink} and a frame observer {@code frames}. */
    private static Failed analyseUntilFailure(int threads, AlertSink sink, List<Alert> raised,
                                              PacketSource.FrameHandler frames) throws Exception {
        Path database = dir.resolve("failing-" + threads + "-" + System.nanoTime() + ".db");
        Files.copy(demoDatabase, database, StandardCopyOption.REPLACE_EXISTING);
        try (BaselineStore store = BaselineStore.open(database)) {
            Snapshot baseline = store.loadLatest();
            try (OfflineAnalysis analysis = OfflineAnalysis.start(store, baseline, DetectionConfig.defaults(),
                    new OfflineAnalysis.Sinks(true, null, List.of()), List.of(sink))) {
                Throwable thrown = assertThrows(Throwable.class, () -> assertTimeoutPreemptively(NO_HANG,
                        () -> analysis.read(List.of(DemoCaptures.ATTACK), DissectorConfig.defaults(), frames, threads)));
                return new Failed(thrown, raised.stream().map(alert -> Json.write(alert.fields())).toList());
            }
        }
    }

    @Test
    void aFailingDetectionStageReachesTheCallerAfterTheSameAlerts() throws Exception {
        IllegalStateException failure = new IllegalStateException("sink failed (test)");
        Failed one = null;
        for (int threads : THREAD_COUNTS) {
            List<Alert> raised = new ArrayList<>();
            AlertSink failing = new AlertSink() {
                @Override
                public void accept(Alert alert) {
                    raised.add(alert);
                    if (raised.size() == 20) {
                        throw failure;
                    }
                }
            };
            Failed failed = analyseUntilFailure(threads, failing, raised, null);
            assertSame(failure, failed.thrown(), threads + " threads: the sink's own exception");
            assertEquals(20, failed.alerts().size(), threads + " threads: no alert after the failure");
            assertFalse(pipelineThreadAlive(), threads + " threads: no pipeline thread left running");
            if (one == null) {
                one = failed;
            } else {
                assertEquals(one.alerts(), failed.alerts(), threads + " threads: the alerts before the failure");
            }
        }
    }

    @Test
    void aFailingReadingStageReachesTheCallerAfterTheSameAlerts() throws Exception {
        Failed one = null;
        for (int threads : THREAD_COUNTS) {
            OutOfMemoryError failure = new OutOfMemoryError("Java heap space (test)");
            AtomicLong frames = new AtomicLong();
            List<Alert> raised = new ArrayList<>();
            Failed failed = analyseUntilFailure(threads, OfflineRunsTest.recording(raised), raised, packet -> {
                if (frames.incrementAndGet() == 30_000) {
                    throw failure;
                }
            });
            assertSame(failure, failed.thrown(), threads + " threads: the reading's own Error, as it was");
            assertFalse(pipelineThreadAlive(), threads + " threads: no pipeline thread left running");
            if (one == null) {
                one = failed;
                assertFalse(one.alerts().isEmpty(), "alerts raised before frame 30,000");
            } else {
                assertEquals(one.alerts(), failed.alerts(), threads + " threads: the alerts before the failure");
            }
        }
    }

    /**
     * The events before a reading failure all reach the consumer, the last partly filled batch
     * included, as on one thread: nothing the dissection produced is lost on the way.
     */
    @Test
    void everyEventBeforeAReadingFailureIsConsumed() {
        List<String> oneThread = eventsUntilFrame(1, 12_345);
        assertTrue(oneThread.size() > 2 * EventHandOff.BATCH_EVENTS, "events before the failure: " + oneThread.size());
        assertTrue(oneThread.size() % EventHandOff.BATCH_EVENTS != 0, "a partly filled batch at the failure");
        for (int threads : THREAD_COUNTS) {
            List<String> many = eventsUntilFrame(threads, 12_345);
            assertEquals(oneThread.size(), many.size(), threads + " threads: events consumed before the failure");
            assertEquals(oneThread, many, threads + " threads: the events, in order");
        }
    }

    /** The events consumed before frame {@code failingFrame} failed: kind, flow and capture time of each. */
    private static List<String> eventsUntilFrame(int threads, long failingFrame) {
        List<String> consumed = new ArrayList<>();
        AtomicLong frames = new AtomicLong();
        IllegalStateException failure = new IllegalStateException("reading failed (test)");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> assertTimeoutPreemptively(
                NO_HANG, () -> CaptureFileReader.read(List.of(DemoCaptures.ATTACK), DissectorConfig.defaults(),
                        event -> consumed.add(event.getClass().getSimpleName() + " " + event.flow() + " "
                                + event.timestampNanos()), packet -> {
                            if (frames.incrementAndGet() == failingFrame) {
                                throw failure;
                            }
                        }, threads)));
        assertSame(failure, thrown);
        return consumed;
    }

    private static boolean pipelineThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("otb-"));
    }
}
