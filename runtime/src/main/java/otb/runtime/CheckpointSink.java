package otb.runtime;

import otb.baseline.alert.AlertSink;

/**
 * An alert sink that also hears of a live run's checkpoints (a publisher to a site hub sends
 * the learned baseline and the sensor's health with them). Called on the pipeline thread, after
 * the checkpoint was handed to the store; it must return quickly.
 */
public interface CheckpointSink extends AlertSink {
    void checkpoint(SensorCheckpoint checkpoint) throws AlertSinkException;
}
