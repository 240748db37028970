package otb.runtime;

import otb.baseline.cells.Cells;
import otb.baseline.model.Baseline;
import otb.capture.LiveStatistics;

/**
 * A checkpoint of a live run as a {@link CheckpointSink} sees it.
 *
 * @param captureNanos  capture time of the checkpoint, nanoseconds since the epoch
 * @param baseline      a copy of the baseline learned so far, the sink's to keep and read (never
 *                      changed by the run): at every checkpoint while learning, and once, whole,
 *                      when learning ends; null at the checkpoints of detection (health only)
 * @param cells         the cells it was learned with
 * @param learnedNanos  capture time learned so far, at most {@code periodNanos}
 * @param periodNanos   the learning period
 * @param learning      whether the run still learns (false: it detects against {@code baseline})
 * @param framesDecoded frames the pipeline decoded since the run started
 * @param statistics    the capture's counters (received, dropped)
 */
public record SensorCheckpoint(long captureNanos, Baseline baseline, Cells cells, long learnedNanos,
                               long periodNanos, boolean learning, long framesDecoded, LiveStatistics statistics) {
}
