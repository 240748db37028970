package otb.baseline.store;

import java.util.List;
import otb.baseline.alert.Alert;

/**
 * What a site hub consumed in one poll, written to the site database in one transaction
 * ({@link BaselineStore#applySite}). Every item names the sensor that sent it and that sensor's
 * position: {@code epoch} (when its spool was created, milliseconds since the epoch) and
 * {@code seq} (its sequence number within that spool, from 1), so that a re-delivered or older
 * item never replaces a newer one.
 *
 * @param alerts    alerts as they opened or closed, as each sensor raised them
 * @param baselines parts of each sensor's learned baseline at a checkpoint, one per cell
 * @param health    each sensor's latest health record (JSON text, kept as sent)
 */
public record SiteBatch(List<Sighting> alerts, List<SensorBaseline> baselines, List<SensorHealth> health) {
    public SiteBatch {
        alerts = List.copyOf(alerts);
        baselines = List.copyOf(baselines);
        health = List.copyOf(health);
    }

    public boolean isEmpty() {
        return alerts.isEmpty() && baselines.isEmpty() && health.isEmpty();
    }

    /** An alert of {@code sensor}: its first occurrence or, later, its final form. */
    public record Sighting(String sensor, long epoch, long seq, Alert alert) {
    }

    /**
     * One cell's part of a sensor's baseline ({@link otb.baseline.model.BaselineCells}), encoded
     * as in a snapshot. The part of cell {@code ""} (sensor-wide) also says which cells the
     * sensor's baseline had then: held parts of other cells, older than it, are dropped.
     *
     * @param cell        the cell, {@code ""} for the sensor-wide part
     * @param cells       the sensor's cells text ("" for automatic cells)
     * @param modelFormat {@link otb.baseline.model.BaselineCodec#FORMAT_VERSION} of {@code model}
     * @param held        for the sensor-wide part, the cells the sensor's baseline has; else empty
     */
    public record SensorBaseline(String sensor, String cell, long epoch, long seq, String cells, int modelFormat,
                                 byte[] model, List<String> held) {
        public SensorBaseline {
            held = List.copyOf(held);
        }

        /**
         * A sensor's whole baseline in one (as a version-1 record carries it): its sensor-wide
         * part, with no other cell held.
         */
        public SensorBaseline(String sensor, long epoch, long seq, String cells, int modelFormat, byte[] model) {
            this(sensor, "", epoch, seq, cells, modelFormat, model, List.of());
        }
    }

    public record SensorHealth(String sensor, long epoch, long seq, String record) {
    }

    /**
     * What one batch changed.
     *
     * @param newAlerts      alerts new to the site
     * @param foldedAlerts   first sightings by one more sensor of an alert the site already had
     * @param repeated       sightings already recorded (re-delivered, or an update of a count)
     * @param staleBaselines baselines older than the one held for their sensor, ignored
     * @param snapshot       the merged site snapshot written, 0 when no baseline changed
     */
    public record Result(int newAlerts, int foldedAlerts, int repeated, int staleBaselines, long snapshot) {
    }
}
