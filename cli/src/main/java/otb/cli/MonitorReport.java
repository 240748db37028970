package otb.cli;

import java.io.PrintStream;
import java.util.OptionalLong;
import otb.baseline.alert.Alert;
import otb.capture.LiveStatistics;
import otb.runtime.MonitorListener;

/**
 * What {@code otb monitor} prints of its run: one line on stderr per state change, counter
 * reading and failure, and each alert as it opens as one line on stdout.
 */
final class MonitorReport implements MonitorListener {
    /** How long the default warm-up took on a 2-core machine (README, "Live monitoring"). */
    static final String WARM_UP_DURATION = "10-30 s on 2 cores";

    private final PrintStream out;
    private final PrintStream err;
    private final TimeFormat time;
    private final Runnable onCapturing;
    private MaturityOptions maturity;

    /** {@code onCapturing} runs once capture starts (the command installs its signal handling then). */
    MonitorReport(PrintStream out, PrintStream err, TimeFormat time, Runnable onCapturing) {
        this.out = out;
        this.err = err;
        this.time = time;
        this.onCapturing = onCapturing;
    }

    @Override
    public void captureNotice(String line) {
        err.println("otb: " + line);
    }

    @Override
    public void warmingUp(String input, long frames) {
        err.printf("otb: monitor %s: interface open; warming up on %d simulated frames first (%s; --warm-up 0 skips "
                + "it), traffic arriving meanwhile waits in the kernel buffer%n", input, frames, WARM_UP_DURATION);
    }

    @Override
    public void warmUpRound(String input, int round, int rounds) {
        err.printf("otb: monitor %s: warm-up round %d of %d%n", input, round, rounds);
    }

    @Override
    public void warmUpAwaitingCompiler(String input) {
        err.printf("otb: monitor %s: warm-up: waiting for the JIT compiler to finish%n", input);
    }

    @Override
    public void warmedUp(String input, long wallNanos) {
        err.printf("otb: monitor %s: warm-up done in %.1f s%n", input, wallNanos / 1e9);
    }

    @Override
    public void warmUpSkipped(String reason) {
        err.println("otb: monitor: warm-up skipped (" + reason + ")");
    }

    @Override
    public void capturing(String input) {
        onCapturing.run();
    }

    @Override
    public void learning(String input, long learnedNanos, long periodNanos, OptionalLong resumed) {
        err.printf("otb: monitor %s: learning, %s of %s learned%s%n", input, Durations.format(learnedNanos),
                Durations.format(periodNanos),
                resumed.isEmpty() ? "" : " (resuming snapshot " + resumed.getAsLong() + ")");
    }

    @Override
    public void detecting(String input, OptionalLong snapshot) {
        err.printf("otb: monitor %s: detecting against snapshot %s%n", input,
                snapshot.isPresent() ? Long.toString(snapshot.getAsLong()) : "(not saved)");
    }

    /** Judges the maturity of the baseline detected against with {@code options} (none: not judged). */
    MonitorReport judgingMaturity(MaturityOptions options) {
        this.maturity = options;
        return this;
    }

    @Override
    public void detectingWith(String input, OptionalLong snapshot, otb.baseline.model.Baseline baseline) {
        if (maturity != null) {
            maturity.warn(err, snapshot.isPresent() ? Long.toString(snapshot.getAsLong()) : "(not saved)", baseline);
        }
    }

    /** The operations the learning period absorbed, listed on stderr as {@code otb learn} lists them. */
    @Override
    public void absorbed(String input, otb.baseline.learn.AbsorbedOperations absorbed) {
        if (!absorbed.isEmpty()) {
            err.printf("otb: monitor %s: learning period ended; ", input);
            LearnCommand.absorbedList(err, absorbed, time);
            err.flush();
        }
    }

    @Override
    public void learningEnded(String input, long periodNanos, long snapshot) {
        err.printf("otb: monitor %s: learning period of %s ended: snapshot %d%n", input, Durations.format(periodNanos),
                snapshot);
    }

    @Override
    public void checkpointSaved(String input, long snapshot, long learnedNanos, long periodNanos) {
        err.printf("otb: monitor %s: checkpoint: snapshot %d, %s of %s learned%n", input, snapshot,
                Durations.format(learnedNanos), Durations.format(periodNanos));
    }

    @Override
    public void stoppedWhileLearning(String input, long snapshot, long learnedNanos, long periodNanos) {
        err.printf("otb: monitor %s: stopped while learning: snapshot %d, %s of %s learned%n", input, snapshot,
                Durations.format(learnedNanos), Durations.format(periodNanos));
    }

    @Override
    public void alertOpened(Alert first) {
        out.printf("%s %-8s %-28s %s%s%s%n", time.format(first.firstNanos()), first.severity().wireName(),
                first.kind().name(), first.src().isEmpty() ? "" : first.src() + " -> " + first.dst() + " ",
                first.protocol().isEmpty() ? "" : first.protocol() + " ", first.detail());
        out.flush();
    }

    @Override
    public void framesLost(String input, long framesLost, LiveStatistics statistics) {
        err.printf("otb: monitor %s: %d frames lost (%s)%n", input, framesLost, statistics.summary());
    }

    @Override
    public void noTraffic(String input, long silentNanos) {
        err.printf("otb: monitor %s: no traffic for %s%n", input, Durations.format(silentNanos));
    }

    @Override
    public void counters(String input, LiveStatistics statistics) {
        err.printf("otb: monitor %s: %s%n", input, statistics.summary());
    }

    @Override
    public void sinkFailed(String message) {
        err.println("otb: " + message);
    }

    @Override
    public void checkpointFailed(String message) {
        err.println("otb: checkpoint failed: " + message);
    }

    @Override
    public void framesNotWritten(String message) {
        err.println("otb: monitor: cannot write frames (" + message + "); evidence and --write-capture stop");
    }

    @Override
    public void evidenceFailed(String alertId, String message) {
        err.println("otb: monitor: evidence for alert " + alertId + ": " + message);
    }

    @Override
    public void outputFailed(String message) {
        err.println("otb: monitor: " + message);
    }

    @Override
    public void alertsNotStored(long alerts, int limit) {
        err.printf("otb: monitor: %d alerts were not stored in the database: it fell %d alerts behind "
                + "(--max-pending-alert-writes); they reached the terminal, --jsonl and syslog%n", alerts, limit);
    }

    @Override
    public void evidenceSkipped(long alerts) {
        err.printf("otb: monitor: %d alerts got no evidence file (bounds reached)%n", alerts);
    }

    @Override
    public void stopped(String input, LiveStatistics statistics, long framesDecoded) {
        err.printf("otb: monitor %s: stopped: %s; %d frames decoded%n", input, statistics.summary(), framesDecoded);
    }
}
