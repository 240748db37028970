package otb.runtime;

import otb.baseline.alert.AlertSink;

/**
 * Opens one more alert sink (a syslog collector; later a Kafka topic) when the pipeline starts
 * detecting, so that a connection is made only when it is needed and its failure is reported at
 * that point.
 */
@FunctionalInterface
public interface AlertSinkOpener {
    AlertSink open() throws PipelineException;
}
