package otb.baseline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Who changed the baseline or triaged an alert, when and why: one row per action, never changed,
 * each chained to the one before by hash ({@link AuditChain}). Entries are written within the
 * action's transaction.
 */
final class AuditTrail {
    private static final String COLUMNS = "id, at, who, action, alert, reason, snapshot, detail, signature, prev_hash, hash";

    private final Connection connection;
    private final Clock clock;

    AuditTrail(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /**
     * Records an action at the clock's time, as the next link of the chain.
     *
     * @param alertId  the alert acted on, "" when none
     * @param snapshot the snapshot the action created, if any
     * @param detail   what exactly (see {@link AuditEntry#detail})
     * @param signer   signs the entry, or {@link AuditSigner#NONE}
     * @return the entry written
     */
    AuditEntry record(String who, String action, String alertId, String reason, OptionalLong snapshot, String detail,
                      AuditSigner signer) throws SQLException {
        long id = 1;
        String previous = AuditChain.GENESIS;
        try (Statement statement = connection.createStatement();
             ResultSet last = statement.executeQuery("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")) {
            if (last.next()) {
                id = last.getLong(1) + 1;
                previous = last.getString(2);
            }
        }
        String at = Instant.now(clock).toString();
        String snapshotText = snapshot.isPresent() ? Long.toString(snapshot.getAsLong()) : "";
        byte[] payload = AuditChain.payload(id, at, who, action, alertId, reason, snapshotText, detail, previous);
        String signature = signer.sign(payload);
        AuditEntry entry = new AuditEntry(id, at, who, action, alertId, reason, snapshot, detail, signature, previous,
                AuditChain.hash(payload, signature));
        insert(connection, entry);
        return entry;
    }

    static void insert(Connection connection, AuditEntry entry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, entry.id());
            insert.setString(2, entry.at());
            insert.setString(3, entry.who());
            insert.setString(4, entry.action());
            insert.setString(5, entry.alertId());
            insert.setString(6, entry.reason());
            NullableColumns.set(insert, 7, entry.snapshot());
            insert.setString(8, entry.detail());
            insert.setString(9, entry.signature());
            insert.setString(10, entry.prevHash());
            insert.setString(11, entry.hash());
            insert.executeUpdate();
        }
    }

    /** The trail, oldest first. */
    List<AuditEntry> list() throws SQLException {
        return list(connection);
    }

    static List<AuditEntry> list(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + COLUMNS + " FROM audit ORDER BY id")) {
            List<AuditEntry> list = new ArrayList<>();
            while (rows.next()) {
                list.add(new AuditEntry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), NullableColumns.getLong(rows, 7), rows.getString(8),
                        rows.getString(9), rows.getString(10), rows.getString(11)));
            }
            return list;
        }
    }

    /**
     * Schema 2's migration: chains the rows written before the chain existed, in id order, as
     * they are (their ids become the chain's positions).
     */
    static void chainExisting(Connection connection) throws SQLException {
        String previous = AuditChain.GENESIS;
        List<AuditEntry> rows = list(connection);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?")) {
            for (AuditEntry row : rows) {
                AuditEntry linked = new AuditEntry(row.id(), row.at(), row.who(), row.action(), row.alertId(),
                        row.reason(), row.snapshot(), row.detail(), row.signature(), previous, "");
                String hash = AuditChain.hash(linked);
                update.setString(1, previous);
                update.setString(2, hash);
                update.setLong(3, row.id());
                update.addBatch();
                previous = hash;
            }
            update.executeBatch();
        }
    }
}
