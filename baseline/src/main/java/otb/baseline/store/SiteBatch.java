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
 * @param baselines each sensor's whole learned baseline at a checkpoint
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
     * A sensor's whole baseline, encoded as in a snapshot.
     *
     * @param cells       the sensor's cells text ("" for automatic cells)
     * @param modelFormat {@link otb.baseline.model.BaselineCodec#FORMAT_VERSION} of {@code model}
     */
    public record SensorBaseline(String sensor, long epoch, long seq, String cells, int modelFormat, byte[] model) {
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
