package otb.site;

import java.nio.file.Path;

/**
 * How a sensor publishes.
 *
 * @param target         brokers and topic prefix
 * @param sensor         this sensor's id: letters, digits, '.', '_', '-' (no comma), at most 100
 * @param spoolDirectory where records wait for the broker (kept across runs)
 * @param spoolBytes     bound of the spool on disk; past it records are dropped and counted
 * @param drainMillis    at the end of a run, how long to wait for the spool to empty
 * @param partitions     partitions of the topics when the sensor has to make them
 */
public record PublishOptions(PublishTarget target, String sensor, Path spoolDirectory, long spoolBytes,
                             long drainMillis, int partitions) {
    public static final long DEFAULT_SPOOL_BYTES = 256L << 20;
    private static final java.util.regex.Pattern SENSOR = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public PublishOptions {
        if (!SENSOR.matcher(sensor).matches()) {
            throw new IllegalArgumentException("bad sensor id '" + sensor + "': 1 to 100 letters, digits, '.', '_' or '-'");
        }
        if (spoolBytes < (1L << 20)) {
            throw new IllegalArgumentException("spool size " + spoolBytes + " bytes: at least 1 MiB");
        }
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("partitions " + partitions + ": 1 to 10000");
        }
    }
}
