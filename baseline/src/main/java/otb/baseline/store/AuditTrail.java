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
 * Who did what to which alert, when and why: one row per triage action, never changed.
 * Entries are written within the triage action's transaction.
 */
final class AuditTrail {
    private final Connection connection;
    private final Clock clock;

    AuditTrail(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /**
     * Records a triage action at the clock's time.
     *
     * @param snapshot the snapshot the action created (an approval's), if any
     */
    void record(String who, String action, String alertId, String reason, OptionalLong snapshot) throws SQLException {
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

    /** The trail, oldest first. */
    List<AuditEntry> list() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT id, at, who, action, alert, reason, snapshot FROM audit ORDER BY id")) {
            List<AuditEntry> list = new ArrayList<>();
            while (rows.next()) {
                list.add(new AuditEntry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), NullableColumns.getLong(rows, 7)));
            }
            return list;
        }
    }
}
