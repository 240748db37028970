package otb.runtime;

import java.util.OptionalLong;
import otb.baseline.alert.Alert;
import otb.capture.LiveStatistics;

/**
 * What a live run ({@link Monitor}) reports as it goes: its state, the alerts it opens, the
 * capture's counters and every failure. The runtime never prints; a command line prints these,
 * a service logs them. Calls come from the pipeline thread unless said otherwise; durations are
 * nanoseconds of capture time, {@code input} is the interface name.
 */
public interface MonitorListener {

    /** A line from the capture layer (a retry, a link coming back). */
    void captureNotice(String line);

    /**
     * The interface is open and the warm-up starts: {@code frames} simulated frames through a
     * throwaway pipeline; frames arriving meanwhile wait in the kernel buffer. Wall-clock seconds
     * to tens of seconds.
     */
    default void warmingUp(String input, long frames) {
    }

    /** Warm-up round {@code round} (1-based) of {@code rounds} starts. */
    default void warmUpRound(String input, int round, int rounds) {
    }

    /** The warm-up's rounds ended; it waits for the JIT compiler to finish what they queued. */
    default void warmUpAwaitingCompiler(String input) {
    }

    /** The warm-up ended after {@code wallNanos} of wall-clock time; capture starts. */
    default void warmedUp(String input, long wallNanos) {
    }

    /** The warm-up could not run; capture starts without it. */
    void warmUpSkipped(String reason);

    /** The interface is open and capture is about to start: from here {@link Monitor#stop} ends the run cleanly. */
    void capturing(String input);

    /** The run learns; {@code resumed} is the learning snapshot it continues, if any. */
    void learning(String input, long learnedNanos, long periodNanos, OptionalLong resumed);

    /** The run detects against {@code snapshot} (empty when the learned baseline could not be saved). */
    void detecting(String input, OptionalLong snapshot);

    /**
     * Right after {@link #detecting}: the baseline detected against, for a listener to judge its
     * maturity ({@link otb.baseline.model.Maturity}). Read it, do not change it.
     */
    default void detectingWith(String input, OptionalLong snapshot, otb.baseline.model.Baseline baseline) {
    }

    /**
     * The learning period ended: the control, program, stop/start and write-to-new-point
     * operations this run's learning absorbed into the baseline, for an operator to review before
     * trusting it (as {@code otb learn} lists them); called even when there are none. A run that
     * resumed a learning snapshot lists only what it learned itself. Read it, do not change it.
     */
    default void absorbed(String input, otb.baseline.learn.AbsorbedOperations absorbed) {
    }

    /** The learning period ended and its baseline was saved as {@code snapshot}. Store thread. */
    void learningEnded(String input, long periodNanos, long snapshot);

    /** A checkpoint of the learning baseline was saved as {@code snapshot}. Store thread. */
    void checkpointSaved(String input, long snapshot, long learnedNanos, long periodNanos);

    /** The run stopped while learning; what was learned was saved as {@code snapshot}. Store thread. */
    void stoppedWhileLearning(String input, long snapshot, long learnedNanos, long periodNanos);

    /** An alert's first occurrence, as soon as it is seen. */
    void alertOpened(Alert first);

    /** The capture lost {@code framesLost} frames since the last reading (also raised as CAPTURE_LOSS). */
    void framesLost(String input, long framesLost, LiveStatistics statistics);

    /** No frame for {@code silentNanos} of wall-clock time (also raised as NO_TRAFFIC). */
    void noTraffic(String input, long silentNanos);

    /** The capture's counters, every statistics interval. */
    void counters(String input, LiveStatistics statistics);

    /** The database or an alert sink failed; the run goes on and ends as failed. Maybe the store thread. */
    void sinkFailed(String message);

    /** A checkpoint could not flush the sinks or the frame files; the run goes on and ends as failed. */
    void checkpointFailed(String message);

    /** Frames could not be written (evidence ring, capture copy); those files stop, the run ends as failed. */
    void framesNotWritten(String message);

    /** The evidence file of an alert could not be written. */
    void evidenceFailed(String alertId, String message);

    /** A frame file could not be closed at the end; the run ends as failed. */
    void outputFailed(String message);

    /**
     * At the end: {@code alerts} alerts were not stored in the database because it fell
     * {@code limit} alerts behind (the pending alert writes budget); they reached the other sinks.
     */
    default void alertsNotStored(long alerts, int limit) {
    }

    /** At the end: {@code alerts} alerts got no evidence file because a bound was reached. */
    void evidenceSkipped(long alerts);

    /** The run ended: the capture's final counters and the frames decoded. */
    void stopped(String input, LiveStatistics statistics, long framesDecoded);
}
