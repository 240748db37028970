package otb.baseline.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.StringJoiner;
import otb.baseline.Alert;
import otb.baseline.AlertKind;
import otb.baseline.AlertSink;
import otb.baseline.Baseline;
import otb.baseline.Cells;
import otb.baseline.Folding;
import otb.baseline.Severity;

/**
 * otb's SQLite database: numbered baseline snapshots, alerts with their triage state, and the
 * audit trail of triage. WAL journal; every snapshot and every batch of alerts is one
 * transaction, so killing the process at any moment leaves the last committed snapshot intact.
 * All failures are {@link StoreException}s with a one-line message.
 */
public final class BaselineStore implements AutoCloseable {
    /** Schema version this otb writes; databases with a higher one are refused. */
    public static final int SCHEMA_VERSION = Schema.VERSION;
    /** SQLite application id marking otb databases: "otb1". */
    public static final int APPLICATION_ID = Schema.APPLICATION_ID;
    /** Alerts buffered by the alert sink before a transaction writes them. */
    static final int ALERT_BATCH = 1000;

    /** Work on the connection that may fail in SQLite or in otb's reading of what it holds. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException, StoreException;
    }

    private final Path file;
    private final Connection connection;
    private final Clock clock;
    private final Snapshots snapshots;

    private BaselineStore(Path file, Connection connection, Clock clock) {
        this.file = file;
        this.connection = connection;
        this.clock = clock;
        this.snapshots = new Snapshots(connection, file, clock);
    }

    /** Opens (creating when missing) a database; wall-clock times of snapshots and audit from the system clock. */
    public static BaselineStore open(Path file) throws StoreException {
        return open(file, Clock.systemUTC());
    }

    public static BaselineStore open(Path file, Clock clock) throws StoreException {
        return new BaselineStore(file, Schema.open(file), clock);
    }

    public Path file() {
        return file;
    }

    // ------------------------------------------------------------------------------ snapshots

    /**
     * Writes a baseline as a new snapshot, in one transaction.
     *
     * @param command what wrote it (learn, monitor, approve)
     * @param input   what it was learned from (files or interface)
     * @param parent  the snapshot it extends, if any
     * @param note    free text
     * @return the new snapshot's number
     */
    public long saveSnapshot(Baseline baseline, Cells cells, String command, String input, OptionalLong parent,
                             String note) throws StoreException {
        return inTransaction(() -> snapshots.insert(baseline, cells, command, input, parent, note));
    }

    /**
     * Writes a checkpoint of a run that is still learning ({@code otb monitor}'s
     * {@code monitor-learning} snapshots): a new snapshot, as {@link #saveSnapshot}, that
     * supersedes the earlier checkpoints of its run, which are deleted in the same transaction. A
     * checkpoint holds everything its predecessors did, so a learning period of a week keeps one
     * snapshot rather than one per checkpoint interval (a thousand at 10 minutes), and the
     * database stops growing with the learning period's length.
     *
     * <p>The earlier checkpoints of a run are the snapshots written by the same command, from the
     * same input (interface), on the same parent (none, or the snapshot the run resumed). One that
     * something refers to (a snapshot's parent, an alert, the audit trail) is kept.
     *
     * @return the new snapshot's number
     */
    public long saveCheckpoint(Baseline baseline, Cells cells, String command, String input, OptionalLong parent,
                               String note) throws StoreException {
        return inTransaction(() -> snapshots.insertCheckpoint(baseline, cells, command, input, parent, note));
    }

    /** Snapshots, oldest first. */
    public List<SnapshotInfo> snapshots() throws StoreException {
        return read(snapshots::list);
    }

    /** The newest snapshot's number, if any. */
    public OptionalLong latestSnapshotId() throws StoreException {
        return read(snapshots::latestId);
    }

    /** The newest snapshot, or empty when the database holds none yet (a first {@code otb learn}). */
    public Optional<Snapshot> latest() throws StoreException {
        return read(snapshots::latest);
    }

    /** The newest snapshot; a clear error when the database holds none. */
    public Snapshot loadLatest() throws StoreException {
        return read(snapshots::loadLatest);
    }

    /** Reads a snapshot back, verifying its checksum. */
    public Snapshot load(long id) throws StoreException {
        return read(() -> snapshots.load(id));
    }

    // ------------------------------------------------------------------------------ alerts

    /**
     * A sink storing alerts detected against {@code snapshot}, in transactions of up to
     * {@value #ALERT_BATCH}. An alert whose key was muted is stored muted. Storing the same alert
     * again (same id, e.g. the same input analysed twice) updates its count, keeping its state.
     */
    public AlertSink alertSink(OptionalLong snapshot) {
        return new AlertSink() {
            private final List<Alert> pending = new ArrayList<>();

            @Override
            public void accept(Alert alert) throws AlertSinkException {
                pending.add(alert);
                if (pending.size() >= ALERT_BATCH) {
                    flush();
                }
            }

            @Override
            public void flush() throws AlertSinkException {
                if (pending.isEmpty()) {
                    return;
                }
                try {
                    storeAlerts(pending, snapshot);
                    pending.clear();
                } catch (StoreException e) {
                    throw new AlertSinkException(e.getMessage(), e);
                }
            }
        };
    }

    private void storeAlerts(List<Alert> alerts, OptionalLong snapshot) throws StoreException {
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement muted = connection.prepareStatement(
                    "SELECT 1 FROM alerts WHERE dedup_key = ? AND state = 'muted' LIMIT 1");
                 PreparedStatement upsert = connection.prepareStatement("INSERT INTO alerts (id, snapshot, kind,"
                         + " severity, state, first_ns, last_ns, count, cell, src, dst, proto, func, func_name, frames,"
                         + " input, baseline, detail, dedup_key, fold) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                         + " ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_ns = excluded.last_ns,"
                         + " count = excluded.count, frames = excluded.frames")) {
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
                    if (alert.function().isPresent()) {
                        upsert.setInt(i++, alert.function().getAsInt());
                    } else {
                        upsert.setNull(i++, Types.INTEGER);
                    }
                    upsert.setString(i++, alert.functionName());
                    StringJoiner frames = new StringJoiner(",");
                    alert.frames().forEach(frame -> frames.add(frame.toString()));
                    upsert.setString(i++, frames.toString());
                    upsert.setString(i++, alert.input());
                    upsert.setString(i++, alert.baselineFact());
                    upsert.setString(i++, alert.detail());
                    upsert.setString(i++, alert.key());
                    upsert.setString(i, Folding.encode(alert.fold()));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw StoreException.of(file, e);
        } finally {
            autoCommit();
        }
    }

    /**
     * The newest alerts, by first capture time, listed oldest first: when more match than
     * {@code limit}, the oldest are left out (a monitor's database gathers alerts for months; the
     * recent ones are those to triage).
     *
     * @param state       only alerts in this state, or all when empty
     * @param minSeverity only alerts at or above this severity
     * @param limit       at most this many
     */
    public List<StoredAlert> alerts(Optional<AlertState> state, Severity minSeverity, int limit) throws StoreException {
        try (PreparedStatement query = connection.prepareStatement(ALERT_COLUMNS
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
        } catch (SQLException e) {
            throw StoreException.of(file, e);
        }
    }

    private static final String ALERT_COLUMNS = "SELECT id, snapshot, kind, severity, state, first_ns, last_ns, count,"
            + " cell, src, dst, proto, func, func_name, frames, input, baseline, detail, dedup_key, fold FROM alerts";

    public Optional<StoredAlert> alert(String id) throws StoreException {
        try (PreparedStatement query = connection.prepareStatement(ALERT_COLUMNS + " WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(alert(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw StoreException.of(file, e);
        }
    }

    private StoredAlert alert(ResultSet rows) throws SQLException, StoreException {
        long snapshot = rows.getLong(2);
        OptionalLong snapshotId = rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(snapshot);
        int func = rows.getInt(13);
        OptionalInt function = rows.wasNull() ? OptionalInt.empty() : OptionalInt.of(func);
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
                    rows.getString(9), rows.getString(10), rows.getString(11), rows.getString(12), function,
                    rows.getString(14), frames, rows.getString(16), rows.getString(17), rows.getString(18),
                    rows.getString(19), Folding.decode(rows.getString(20)));
            return new StoredAlert(alert, AlertState.parse(rows.getString(5)), snapshotId);
        } catch (IllegalArgumentException e) {
            throw new StoreException("alert " + rows.getString(1) + " in " + file + " is damaged or from a newer otb: "
                    + e.getMessage());
        }
    }

    /** Marks an alert seen. */
    public void acknowledge(String id, String who, String reason) throws StoreException {
        triage(id, AlertState.ACKNOWLEDGED, "acknowledge", who, reason, OptionalLong.empty());
    }

    /** Silences an alert and, from now on, every alert with its key. */
    public void mute(String id, String who, String reason) throws StoreException {
        triage(id, AlertState.MUTED, "mute", who, reason, OptionalLong.empty());
    }

    /**
     * Accepts an alert as normal: folds its fact into the newest baseline as a new snapshot
     * (command {@code approve}) and records who, when and why, all in one transaction.
     *
     * @return the new snapshot, or empty when the alert's kind has no baseline fact to fold
     *         (timing, floods, scans): then it is only marked approved
     */
    public OptionalLong approve(String id, String who, String reason) throws StoreException {
        StoredAlert stored = alert(id).orElseThrow(() -> new StoreException("no alert " + id + " in " + file));
        Map<String, String> fold = stored.alert().fold();
        if (fold.isEmpty()) {
            triage(id, AlertState.APPROVED, "approve", who, reason, OptionalLong.empty());
            return OptionalLong.empty();
        }
        Snapshot latest = loadLatest();
        Baseline baseline = latest.baseline();
        try {
            Folding.apply(baseline, fold);
        } catch (Folding.FoldException e) {
            throw new StoreException("alert " + id + " cannot be approved: " + e.getMessage());
        }
        try {
            connection.setAutoCommit(false);
            long snapshot = snapshots.insert(baseline, latest.cells(), "approve", "alert " + id,
                    OptionalLong.of(latest.info().id()), who + ": " + reason);
            updateState(id, AlertState.APPROVED);
            audit(who, "approve", id, reason, OptionalLong.of(snapshot));
            connection.commit();
            return OptionalLong.of(snapshot);
        } catch (SQLException e) {
            rollback();
            throw StoreException.of(file, e);
        } finally {
            autoCommit();
        }
    }

    private void triage(String id, AlertState state, String action, String who, String reason, OptionalLong snapshot)
            throws StoreException {
        try {
            connection.setAutoCommit(false);
            if (!updateState(id, state)) {
                throw new StoreException("no alert " + id + " in " + file);
            }
            audit(who, action, id, reason, snapshot);
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw StoreException.of(file, e);
        } catch (StoreException e) {
            rollback();
            throw e;
        } finally {
            autoCommit();
        }
    }

    private boolean updateState(String id, AlertState state) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE alerts SET state = ? WHERE id = ?")) {
            update.setString(1, state.wireName());
            update.setString(2, id);
            return update.executeUpdate() == 1;
        }
    }

    private void audit(String who, String action, String alertId, String reason, OptionalLong snapshot)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit (at, who, action, alert, reason, snapshot) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, Instant.now(clock).toString());
            insert.setString(2, who);
            insert.setString(3, action);
            insert.setString(4, alertId);
            insert.setString(5, reason);
            NullableColumns.set(insert, 6, snapshot);
            insert.executeUpdate();
        }
    }

    /** The triage trail, oldest first. */
    public List<AuditEntry> audit() throws StoreException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT id, at, who, action, alert, reason, snapshot FROM audit ORDER BY id")) {
            List<AuditEntry> list = new ArrayList<>();
            while (rows.next()) {
                long snapshot = rows.getLong(7);
                // wasNull() speaks of the last column read: read the snapshot's last
                OptionalLong snapshotId = rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(snapshot);
                list.add(new AuditEntry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), snapshotId));
            }
            return list;
        } catch (SQLException e) {
            throw StoreException.of(file, e);
        }
    }

    // ------------------------------------------------------------------------------ helpers

    /** Runs reads outside any transaction. */
    private <T> T read(Work<T> work) throws StoreException {
        try {
            return work.run();
        } catch (SQLException e) {
            throw StoreException.of(file, e);
        }
    }

    /** Runs writes in one transaction: all of them or, on failure, none. */
    private <T> T inTransaction(Work<T> work) throws StoreException {
        try {
            connection.setAutoCommit(false);
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw StoreException.of(file, e);
        } catch (StoreException e) {
            rollback();
            throw e;
        } finally {
            autoCommit();
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is failing already; the first error is the one reported
        }
    }

    private void autoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // reported by the next statement
        }
    }

    @Override
    public void close() throws StoreException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw StoreException.of(file, e);
        }
    }
}
