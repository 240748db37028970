package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.nio.file.Path;
import java.util.List;
import otb.baseline.learn.AbsorbedOperations;
import otb.baseline.store.BaselineStore;
import otb.capture.LiveStatistics;
import otb.dissect.DissectorConfig;
import otb.runtime.OfflineLearning;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** The lines otb monitor prints for what its run reports, exactly as the operator reads them. */
class MonitorReportTest {
    private static final long SECOND = 1_000_000_000L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final int[] capturing = {0};
    private final MonitorReport report = new MonitorReport(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), new TimeFormat(false), () -> capturing[0]++);

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void stateChangesAreOneLineEach() {
        report.capturing("eth9");
        report.learning("eth9", 90 * SECOND, 7 * 86_400 * SECOND, OptionalLong.of(4));
        report.checkpointSaved("eth9", 5, 600 * SECOND, 7 * 86_400 * SECOND);
        report.learningEnded("eth9", 7 * 86_400 * SECOND, 6);
        report.detecting("eth9", OptionalLong.empty());
        report.stoppedWhileLearning("eth9", 7, 30 * SECOND, 60 * SECOND);
        assertEquals(1, capturing[0], "capture start runs the command's hook once");
        assertEquals("""
                otb: monitor eth9: learning, 90s of 7d learned (resuming snapshot 4)
                otb: monitor eth9: checkpoint: snapshot 5, 10m of 7d learned
                otb: monitor eth9: learning period of 7d ended: snapshot 6
                otb: monitor eth9: detecting against snapshot (not saved)
                otb: monitor eth9: stopped while learning: snapshot 7, 30s of 60s learned
                """, errText());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theOperationsALearningPeriodAbsorbedAreListedAsLearnListsThem(@TempDir Path dir) throws Exception {
        // dnp3_example.pcap: a master polls an outstation, then selects and operates its binary outputs
        Path capture = Path.of("fixtures/pcaps/dnp3/dnp3_example.pcap");
        AbsorbedOperations absorbed;
        try (BaselineStore store = BaselineStore.open(dir.resolve("monitor.db"))) {
            OfflineLearning learning = OfflineLearning.start(store, null, true);
            learning.read(List.of(capture), DissectorConfig.defaults(), null);
            absorbed = learning.learner().absorbed();
        }
        assertFalse(absorbed.isEmpty(), "the capture's selects and operates are absorbed");
        report.absorbed("eth9", absorbed);
        CliRun learned = CliRun.run("learn", capture.toString(), "--fresh", "--db", dir.resolve("learn.db").toString());
        assertEquals(ExitCode.OK, learned.exitCode(), learned.err());
        String review = learned.out().substring(learned.out().indexOf("review: learning absorbed "));
        assertEquals("otb: monitor eth9: learning period ended; " + review, errText());
        assertEquals("", out.toString(StandardCharsets.UTF_8), "stdout is for alerts");
        // a period that absorbed nothing says nothing more
        report.absorbed("eth9", new otb.baseline.learn.Learner(otb.baseline.cells.Cells.automatic(),
                new otb.baseline.model.Baseline()).absorbed());
        assertEquals("otb: monitor eth9: learning period ended; " + review, errText());
    }

    @Test
    void theWarmUpSaysWhatItDoesFromItsFirstSecond() {
        report.warmingUp("eth9", 1_000_000);
        report.warmUpRound("eth9", 1, 4);
        report.warmUpAwaitingCompiler("eth9");
        report.warmedUp("eth9", 12_345_000_000L);
        assertEquals("otb: monitor eth9: interface open; warming up on 1000000 simulated frames first ("
                + MonitorReport.WARM_UP_DURATION + "; --warm-up 0 skips it), traffic arriving meanwhile waits in the "
                + "kernel buffer\n"
                + "otb: monitor eth9: warm-up round 1 of 4\n"
                + "otb: monitor eth9: warm-up: waiting for the JIT compiler to finish\n"
                + "otb: monitor eth9: warm-up done in 12.3 s\n", errText());
        assertEquals(0, capturing[0], "signals stop the run only once capture has started");
    }

    @Test
    void countersLossAndSilenceAreLoggedWithTheCaptureSummary() {
        LiveStatistics statistics = new LiveStatistics(100, 8000, 100, 105, 5, 0, 0, 0);
        report.framesLost("eth9", 5, statistics);
        report.noTraffic("eth9", 300 * SECOND);
        report.counters("eth9", statistics);
        assertEquals("otb: monitor eth9: 5 frames lost (" + statistics.summary() + ")\n"
                + "otb: monitor eth9: no traffic for 5m\n"
                + "otb: monitor eth9: " + statistics.summary() + "\n", errText());
    }

    @Test
    void failuresNameWhatFailed() {
        report.sinkFailed("syslog h:514: refused");
        report.checkpointFailed("a.jsonl: cannot write (disk full)");
        report.framesNotWritten("disk full");
        report.evidenceSkipped(3);
        assertEquals("""
                otb: syslog h:514: refused
                otb: checkpoint failed: a.jsonl: cannot write (disk full)
                otb: monitor: cannot write frames (disk full); evidence and --write-capture stop
                otb: monitor: 3 alerts got no evidence file (bounds reached)
                """, errText());
    }
}
