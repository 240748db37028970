package otb.runtime;

import java.nio.file.Path;
import java.util.List;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.model.BaselineLimits;
import otb.dissect.DissectorConfig;

/**
 * How a live run ({@link Monitor}) is built. Durations are nanoseconds: learning and checkpoints
 * in capture time, statistics and silence in wall-clock time; the last three are at least
 * {@link #MIN_INTERVAL_NANOS}.
 *
 * @param source           where the frames come from (see {@link LiveSource#interfaceCapture})
 * @param learnNanos       learning period when the database holds no finished baseline; 0 detects
 *                         from the first frame against the newest snapshot
 * @param checkpointNanos  how often the learning baseline is saved and the sinks flushed
 * @param statisticsNanos  how often the capture's counters are reported
 * @param silentLimitNanos silence after which NO_TRAFFIC is raised
 * @param cellsFile        cell definitions for a new baseline, or null (the snapshot's, else automatic)
 * @param jsonLines        file the alerts are appended to as JSON lines (with evidence), or null
 * @param evidenceDirectory directory for the frame ring and the alerts' evidence pcaps, or null
 * @param captureCopy      pcap file every captured frame is also written to, or null
 * @param warmUpFrames     simulated frames run through a throwaway pipeline first; 0 for none
 * @param warmUpTraffic    writes those frames (see {@link WarmUp.Traffic}); unused when warmUpFrames is 0
 * @param dissection       dissector settings (extra ports)
 * @param detection        detection thresholds and de-duplication window
 * @param moreSinks        further alert sinks (syslog), opened when the run starts
 * @param learningLimits   budgets of the baseline a learning run builds (see {@link BaselineLimits})
 * @param maxPendingAlertWrites alerts waiting for the database at most (the pending alert writes
 *                         budget, see {@link StoreWriter}); at least 1
 */
public record MonitorOptions(LiveSource.Opener source, long learnNanos, long checkpointNanos, long statisticsNanos,
                             long silentLimitNanos, Path cellsFile, Path jsonLines, Path evidenceDirectory,
                             Path captureCopy, long warmUpFrames, WarmUp.Traffic warmUpTraffic,
                             DissectorConfig dissection, DetectionConfig detection, List<AlertSinkOpener> moreSinks,
                             BaselineLimits learningLimits, int maxPendingAlertWrites) {
    /** Shortest checkpoint, statistics and silence interval: one second. */
    public static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    /** Default pending alert writes: 10,000 alerts (about 12 MiB). */
    public static final int DEFAULT_MAX_PENDING_ALERT_WRITES = StoreWriter.DEFAULT_MAX_PENDING_ALERT_WRITES;

    public MonitorOptions {
        checkpointNanos = Math.max(MIN_INTERVAL_NANOS, checkpointNanos);
        statisticsNanos = Math.max(MIN_INTERVAL_NANOS, statisticsNanos);
        silentLimitNanos = Math.max(MIN_INTERVAL_NANOS, silentLimitNanos);
        moreSinks = List.copyOf(moreSinks);
        maxPendingAlertWrites = Math.max(1, maxPendingAlertWrites);
        learningLimits = learningLimits == null ? BaselineLimits.defaults() : learningLimits;
    }

    /** As the canonical constructor, with the default learning and pending alert writes budgets. */
    public MonitorOptions(LiveSource.Opener source, long learnNanos, long checkpointNanos, long statisticsNanos,
                          long silentLimitNanos, Path cellsFile, Path jsonLines, Path evidenceDirectory,
                          Path captureCopy, long warmUpFrames, WarmUp.Traffic warmUpTraffic,
                          DissectorConfig dissection, DetectionConfig detection, List<AlertSinkOpener> moreSinks) {
        this(source, learnNanos, checkpointNanos, statisticsNanos, silentLimitNanos, cellsFile, jsonLines,
                evidenceDirectory, captureCopy, warmUpFrames, warmUpTraffic, dissection, detection, moreSinks,
                BaselineLimits.defaults(), DEFAULT_MAX_PENDING_ALERT_WRITES);
    }
}
