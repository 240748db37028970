package otb.baseline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import otb.baseline.alert.Alert;
import otb.baseline.cells.Cells;
import otb.baseline.cells.CellsException;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCodec;
import otb.baseline.model.BaselineLimits;

/**
 * The site tables of a database kept by a hub (schema 3): which sensors saw each alert, each
 * sensor's latest baseline and health, and the merged site baseline written as a snapshot.
 * Writes run within {@link BaselineStore}'s transaction.
 *
 * <p>Alerts: a sighting is keyed by sensor and the sensor's alert id, so a re-delivered one
 * changes nothing (counts and last times only grow, by maximum). An alert a second sensor
 * raised too (overlapping mirror ports) is folded into the site's alert, which then lists both
 * sensors: the same alert id, or the same kind and de-duplication key with first capture times
 * within {@link #FOLD_NANOS}. Its count is the largest a sensor saw, not the sum: the sensors
 * saw the same traffic.
 */
final class SiteLedger {
    /** Two sensors' first occurrences of the same key this close in capture time are one alert. */
    static final long FOLD_NANOS = 2_000_000_000L;
    /** Snapshot command of the merged site baseline. */
    static final String COMMAND = "hub";

    private final Connection connection;
    private final AlertLog alertLog;
    private final Snapshots snapshots;

    SiteLedger(Connection connection, AlertLog alertLog, Snapshots snapshots) {
        this.connection = connection;
        this.alertLog = alertLog;
        this.snapshots = snapshots;
    }

    SiteBatch.Result apply(SiteBatch batch, String input, SiteHistory history) throws SQLException, StoreException {
        int fresh = 0;
        int folded = 0;
        int repeated = 0;
        for (SiteBatch.Sighting sighting : batch.alerts()) {
            switch (sight(sighting)) {
                case NEW -> fresh++;
                case FOLDED -> folded++;
                case REPEATED -> repeated++;
            }
        }
        int stale = 0;
        boolean changed = false;
        for (SiteBatch.SensorBaseline baseline : batch.baselines()) {
            if (replaceBaseline(baseline)) {
                changed = true;
            } else {
                stale++;
            }
        }
        for (SiteBatch.SensorHealth health : batch.health()) {
            replaceHealth(health);
        }
        long snapshot = changed ? mergeSnapshot(input, history) : 0;
        return new SiteBatch.Result(fresh, folded, repeated, stale, snapshot);
    }

    private enum Sight { NEW, FOLDED, REPEATED }

    private Sight sight(SiteBatch.Sighting sighting) throws SQLException {
        Alert alert = sighting.alert();
        String known = one("SELECT alert FROM site_sightings WHERE sensor = ? AND sensor_alert = ?",
                sighting.sensor(), alert.id());
        if (known != null) {
            exec("UPDATE site_sightings SET count = max(count, ?), last_ns = max(last_ns, ?)"
                    + " WHERE sensor = ? AND sensor_alert = ?", alert.count(), alert.lastNanos(), sighting.sensor(),
                    alert.id());
            grow(known, alert);
            return Sight.REPEATED;
        }
        String site = one("SELECT id FROM alerts WHERE id = ?", alert.id());
        if (site == null) {
            // instr, not LIKE: '_' may be part of a sensor id
            site = one("SELECT id FROM alerts LEFT JOIN site_alert_sensors s ON s.alert = alerts.id"
                            + " WHERE kind = ? AND dedup_key = ? AND first_ns BETWEEN ? AND ?"
                            + " AND instr(',' || coalesce(s.sensors, '') || ',', ?) = 0 ORDER BY first_ns LIMIT 1",
                    alert.kind().name(), alert.key(), alert.firstNanos() - FOLD_NANOS,
                    alert.firstNanos() + FOLD_NANOS, "," + sighting.sensor() + ",");
        }
        Sight result;
        if (site == null) {
            alertLog.insert(List.of(alert), OptionalLong.empty());
            site = alert.id();
            result = Sight.NEW;
        } else {
            result = Sight.FOLDED;
        }
        exec("INSERT INTO site_sightings (sensor, sensor_alert, alert, count, last_ns) VALUES (?, ?, ?, ?, ?)",
                sighting.sensor(), alert.id(), site, alert.count(), alert.lastNanos());
        TreeSet<String> sensors = new TreeSet<>();
        String listed = one("SELECT sensors FROM site_alert_sensors WHERE alert = ?", site);
        if (listed != null && !listed.isEmpty()) {
            sensors.addAll(List.of(listed.split(",")));
        }
        sensors.add(sighting.sensor());
        exec("INSERT INTO site_alert_sensors (alert, sensors) VALUES (?, ?) ON CONFLICT (alert) DO UPDATE SET"
                + " sensors = excluded.sensors", site, String.join(",", sensors));
        grow(site, alert);
        return result;
    }

    /** A site alert's count and last time grow to what a sensor saw; they never shrink. */
    private void grow(String site, Alert alert) throws SQLException {
        exec("UPDATE alerts SET count = max(count, ?), last_ns = max(last_ns, ?) WHERE id = ?", alert.count(),
                alert.lastNanos(), site);
    }

    /** Keeps the newer of the held and the given baseline of a sensor; true when the given one was kept. */
    private boolean replaceBaseline(SiteBatch.SensorBaseline baseline) throws SQLException {
        if (!newer(baseline.sensor(), "site_sensors", baseline.epoch(), baseline.seq())) {
            return false;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO site_sensors (sensor, epoch, seq,"
                + " cells, model_format, model) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sensor) DO UPDATE SET"
                + " epoch = excluded.epoch, seq = excluded.seq, cells = excluded.cells,"
                + " model_format = excluded.model_format, model = excluded.model")) {
            upsert.setString(1, baseline.sensor());
            upsert.setLong(2, baseline.epoch());
            upsert.setLong(3, baseline.seq());
            upsert.setString(4, baseline.cells());
            upsert.setInt(5, baseline.modelFormat());
            upsert.setBytes(6, baseline.model());
            upsert.executeUpdate();
        }
        return true;
    }

    private void replaceHealth(SiteBatch.SensorHealth health) throws SQLException {
        if (newer(health.sensor(), "site_health", health.epoch(), health.seq())) {
            exec("INSERT INTO site_health (sensor, epoch, seq, record) VALUES (?, ?, ?, ?) ON CONFLICT (sensor)"
                            + " DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq, record = excluded.record",
                    health.sensor(), health.epoch(), health.seq(), health.record());
        }
    }

    /** Whether (epoch, seq) is after what {@code table} holds for the sensor (or it holds nothing). */
    private boolean newer(String sensor, String table, long epoch, long seq) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT epoch, seq FROM " + table
                + " WHERE sensor = ?")) {
            query.setString(1, sensor);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return true;
                }
                long heldEpoch = rows.getLong(1);
                return epoch > heldEpoch || (epoch == heldEpoch && seq > rows.getLong(2));
            }
        }
    }

    /**
     * Merges every sensor's latest baseline, in sensor order, into a new site snapshot when the
     * merged baseline changed (the previous one of the same {@code history} period is replaced,
     * earlier periods' are kept within its budget), and records which sensors see which asset and
     * cell.
     *
     * @return the new snapshot, 0 when the merged baseline is the one the newest holds
     */
    private long mergeSnapshot(String input, SiteHistory history) throws SQLException, StoreException {
        Baseline site = new Baseline();
        Map<String, TreeSet<String>> assets = new TreeMap<>();
        Map<String, TreeSet<String>> cells = new TreeMap<>();
        Map<String, String> cellTexts = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT sensor, cells, model_format, model FROM site_sensors ORDER BY sensor");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String sensor = rows.getString(1);
                cellTexts.put(sensor, rows.getString(2));
                // older formats decode (format 3 sensors have no reconnect habits); newer ones do not
                if (rows.getInt(3) > BaselineCodec.FORMAT_VERSION) {
                    throw new StoreException("baseline of sensor " + sensor + " has model format " + rows.getInt(3)
                            + "; this otb reads " + BaselineCodec.FORMAT_VERSION);
                }
                Baseline theirs;
                try {
                    theirs = BaselineCodec.decode(rows.getBytes(4), BaselineLimits.defaults());
                } catch (BaselineCodec.BaselineFormatException e) {
                    throw new StoreException("baseline of sensor " + sensor + " is damaged: " + e.getMessage());
                }
                for (Asset asset : theirs.assets()) {
                    assets.computeIfAbsent(asset.address().toString(), a -> new TreeSet<>()).add(sensor);
                }
                for (String cell : theirs.cells().keySet()) {
                    cells.computeIfAbsent(cell, c -> new TreeSet<>()).add(sensor);
                }
                site.merge(theirs);
            }
        }
        exec("DELETE FROM site_assets");
        for (Map.Entry<String, TreeSet<String>> asset : assets.entrySet()) {
            exec("INSERT INTO site_assets (address, sensors) VALUES (?, ?)", asset.getKey(),
                    String.join(",", asset.getValue()));
        }
        exec("DELETE FROM site_cells");
        for (Map.Entry<String, TreeSet<String>> cell : cells.entrySet()) {
            exec("INSERT INTO site_cells (cell, sensors) VALUES (?, ?)", cell.getKey(),
                    String.join(",", cell.getValue()));
        }
        Cells siteCells = siteCells(cellTexts);
        return snapshots.insertPeriodic(BaselineCodec.encode(site), site, siteCells, COMMAND, input,
                "merged baselines of " + cellTexts.size() + " sensors: " + String.join(",", cellTexts.keySet()), history);
    }

    /**
     * The cells of the site snapshot: the sensors' cells text when they agree (all automatic, or
     * one site-wide cells file, the documented deployment), else the first sensor's that has one.
     */
    private static Cells siteCells(Map<String, String> texts) throws StoreException {
        String text = "";
        String from = "";
        for (Map.Entry<String, String> entry : texts.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                text = entry.getValue();
                from = entry.getKey();
                break;
            }
        }
        if (text.isEmpty()) {
            return Cells.automatic();
        }
        try {
            return Cells.parse(text, "cells of sensor " + from);
        } catch (CellsException e) {
            throw new StoreException(e.getMessage());
        }
    }

    /** Sensors per asset address, or per cell ({@code cells}); empty in a sensor's own database. */
    Map<String, List<String>> attribution(boolean cells) throws SQLException {
        Map<String, List<String>> map = new TreeMap<>();
        String sql = cells ? "SELECT cell, sensors FROM site_cells" : "SELECT address, sensors FROM site_assets";
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                map.put(rows.getString(1), List.of(rows.getString(2).split(",")));
            }
        }
        return map;
    }

    /** Sensor ids with their latest health record ("" when none came yet), by sensor. */
    Map<String, String> sensors() throws SQLException {
        Map<String, String> map = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT s.sensor, coalesce(h.record, '')"
                + " FROM (SELECT sensor FROM site_sensors UNION SELECT sensor FROM site_health"
                + " UNION SELECT DISTINCT sensor FROM site_sightings) s LEFT JOIN site_health h ON h.sensor = s.sensor");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                map.put(rows.getString(1), rows.getString(2));
            }
        }
        return map;
    }

    private String one(String sql, Object... arguments) throws SQLException {
        try (PreparedStatement query = prepare(sql, arguments); ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private void exec(String sql, Object... arguments) throws SQLException {
        try (PreparedStatement statement = prepare(sql, arguments)) {
            statement.executeUpdate();
        }
    }

    private PreparedStatement prepare(String sql, Object... arguments) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < arguments.length; i++) {
                statement.setObject(i + 1, arguments[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
