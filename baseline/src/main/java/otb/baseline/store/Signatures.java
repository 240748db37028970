package otb.baseline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where imported snapshots came from: the id and signer of the signed baseline each was verified
 * from. Writes run within the transaction of {@link BaselineStore}, which owns them.
 */
final class Signatures {
    private final Connection connection;

    Signatures(Connection connection) {
        this.connection = connection;
    }

    void insert(long snapshot, SnapshotSignature signature) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO signatures (snapshot, baseline_id,"
                + " signer, key_id, signed_at, source) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, snapshot);
            insert.setString(2, signature.baselineId());
            insert.setString(3, signature.signer());
            insert.setString(4, signature.keyId());
            insert.setString(5, signature.signedAt());
            insert.setString(6, signature.source());
            insert.executeUpdate();
        }
    }

    Optional<SnapshotSignature> find(long snapshot) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT baseline_id, signer, key_id, signed_at,"
                + " source FROM signatures WHERE snapshot = ?")) {
            query.setLong(1, snapshot);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(new SnapshotSignature(rows.getString(1), rows.getString(2),
                        rows.getString(3), rows.getString(4), rows.getString(5))) : Optional.empty();
            }
        }
    }

    List<Long> snapshotsOf(String baselineId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT snapshot FROM signatures WHERE baseline_id = ? ORDER BY snapshot")) {
            query.setString(1, baselineId);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }
}
