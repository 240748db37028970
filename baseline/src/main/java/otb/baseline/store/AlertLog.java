package otb.baseline.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertContext;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import otb.baseline.model.Folding;

/**
 * The alerts table: alerts written in batches as detection raises them, and read back newest
 * first within a limit. Their triage state is {@link Triage}'s; writes run within the
 * transaction of {@link BaselineStore}, which owns them.
 */
final class AlertLog {
    /** Alerts buffered by the alert sink before a transaction writes them. */
    static final int BATCH = 1000;

    private static final String COLUMNS = "SELECT id, snapshot, kind, severity, state, first_ns, last_ns, count,"
            + " cell, src, dst, proto, func, func_name, frames, input, baseline, detail, dedup_key, fold, context, incident,"
            + " coalesce(site_alert_sensors.sensors, '') FROM alerts"
            + " LEFT JOIN site_alert_sensors ON site_alert_sensors.alert = alerts.id";

    /** Writes a batch of alerts in one transaction. */
    @FunctionalInterface
    interface BatchWriter {
        void write(List<Alert> batch) throws StoreException;
    }

    private final Connection connection;
    private final Path file;

    AlertLog(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /** A sink handing alerts to {@code writer} {@value #BATCH} at a time, and the rest on flush. */
    static AlertSink batching(BatchWriter writer) {
        return new AlertSink() {
            private final List<Alert> pending = new ArrayList<>();

            @Override
            public void accept(Alert alert) throws AlertSinkException {
                pending.add(alert);
                if (pending.size() >= BATCH) {
                    flush();
                }
            }

            @Override
            public void flush() throws AlertSinkException {
                if (pending.isEmpty()) {
                    return;
                }
                try {
                    writer.write(pending);
                    pending.clear();
                } catch (StoreException e) {
                    throw new AlertSinkException(e.getMessage(), e);
                }
            }
        };
    }

    /**
     * Stores alerts detected against {@code snapshot}. An alert whose key was muted is stored
     * muted. Storing the same alert again (same id) updates its count, last time and frames,
     * keeping its state.
     */
    void insert(List<Alert> alerts, OptionalLong snapshot) throws SQLException {
        try (PreparedStatement muted = connection.prepareStatement(
                "SELECT 1 FROM alerts WHERE dedup_key = ? AND state = 'muted' LIMIT 1");
             PreparedStatement upsert = connection.prepareStatement("INSERT INTO alerts (id, snapshot, kind,"
                     + " severity, state, first_ns, last_ns, count, cell, src, dst, proto, func, func_name, frames,"
                     + " input, baseline, detail, dedup_key, fold, context, incident) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                     + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                     + " last_ns = excluded.last_ns, count = excluded.count, frames = excluded.frames,"
                     + " context = excluded.context")) {
            for (Alert alert : alerts) {
                muted.setString(1, alert.key());
                boolean isMuted;
                try (ResultSet rows = muted.executeQuery()) {
                    isMuted = rows.next();
                }
                int i = 1;
                upsert.setString(i++, alert.id());
                NullableColumns.set(upsert, i++, snapshot);
                upsert.setString(i++, alert.kind().name());
                upsert.setString(i++, alert.severity().wireName());
                upsert.setString(i++, (isMuted ? AlertState.MUTED : AlertState.NEW).wireName());
                upsert.setLong(i++, alert.firstNanos());
                upsert.setLong(i++, alert.lastNanos());
                upsert.setLong(i++, alert.count());
                upsert.setString(i++, alert.cell());
                upsert.setString(i++, alert.src());
                upsert.setString(i++, alert.dst());
                upsert.setString(i++, alert.protocol());
                NullableColumns.set(upsert, i++, alert.function());
                upsert.setString(i++, alert.functionName());
                StringJoiner frames = new StringJoiner(",");
                alert.frames().forEach(frame -> frames.add(frame.toString()));
                upsert.setString(i++, frames.toString());
                upsert.setString(i++, alert.input());
                upsert.setString(i++, alert.baselineFact());
                upsert.setString(i++, alert.detail());
                upsert.setString(i++, alert.key());
                upsert.setString(i++, Folding.encode(alert.fold()));
                upsert.setString(i++, Folding.encode(alert.context().toMap()));
                upsert.setString(i, alert.incident());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /**
     * The newest alerts by first capture time, listed oldest first: past {@code limit} the
     * oldest are left out (see {@link BaselineStore#alerts}).
     */
    List<StoredAlert> newest(Optional<AlertState> state, Severity minSeverity, int limit)
            throws SQLException, StoreException {
        try (PreparedStatement query = connection.prepareStatement(COLUMNS
                + (state.isPresent() ? " WHERE state = ?" : "") + " ORDER BY first_ns DESC, id DESC")) {
            if (state.isPresent()) {
                query.setString(1, state.get().wireName());
            }
            List<StoredAlert> list = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next() && list.size() < limit) {
                    StoredAlert alert = alert(rows);
                    if (alert.alert().severity().compareTo(minSeverity) >= 0) {
                        list.add(alert);
                    }
                }
            }
            Collections.reverse(list);
            return list;
        }
    }

    Optional<StoredAlert> find(String id) throws SQLException, StoreException {
        try (PreparedStatement query = connection.prepareStatement(COLUMNS + " WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(alert(rows)) : Optional.empty();
            }
        }
    }

    /** The alert in a row of {@link #COLUMNS}; one that does not parse is damaged or from a newer otb. */
    private StoredAlert alert(ResultSet rows) throws SQLException, StoreException {
        OptionalLong snapshot = NullableColumns.getLong(rows, 2);
        List<Long> frames = new ArrayList<>();
        String frameText = rows.getString(15);
        try {
            if (!frameText.isEmpty()) {
                for (String frame : frameText.split(",")) {
                    frames.add(Long.parseLong(frame));
                }
            }
            Alert alert = new Alert(rows.getString(1), AlertKind.valueOf(rows.getString(3)),
                    Severity.parse(rows.getString(4)), rows.getLong(6), rows.getLong(7), rows.getLong(8),
                    rows.getString(9), rows.getString(10), rows.getString(11), rows.getString(12),
                    NullableColumns.getInt(rows, 13), rows.getString(14), frames, rows.getString(16),
                    rows.getString(17), rows.getString(18), rows.getString(19), Folding.decode(rows.getString(20)),
                    AlertContext.fromMap(Folding.decode(rows.getString(21))), rows.getString(22));
            String sensors = rows.getString(23);
            return new StoredAlert(alert, AlertState.parse(rows.getString(5)), snapshot,
                    sensors.isEmpty() ? List.of() : List.of(sensors.split(",")));
        } catch (IllegalArgumentException e) {
            throw new StoreException("alert " + rows.getString(1) + " in " + file + " is damaged or from a newer otb: "
                    + e.getMessage());
        }
    }
}
