package otb.baseline.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import otb.baseline.model.Folding;

/**
 * What operators do with alerts: acknowledge, mute, approve. Each action moves an alert to its
 * {@link AlertState} and is recorded in the {@link AuditTrail}; approving also folds the alert's
 * fact into a new snapshot. The actions run within the transaction of {@link BaselineStore},
 * which owns them.
 */
final class Triage {
    /**
     * An approval read and folded before its transaction.
     *
     * @param alertId         the alert approved
     * @param newestWithFact  the newest snapshot with the alert's fact folded into its baseline;
     *                        empty when the alert's kind has no fact to fold (timing, floods, scans)
     */
    record Approval(String alertId, Optional<Snapshot> newestWithFact) {
    }

    private final Connection connection;
    private final Path file;
    private final AlertLog alerts;
    private final Snapshots snapshots;
    private final AuditTrail audit;

    Triage(Connection connection, Path file, AlertLog alerts, Snapshots snapshots, AuditTrail audit) {
        this.connection = connection;
        this.file = file;
        this.alerts = alerts;
        this.snapshots = snapshots;
        this.audit = audit;
    }

    void acknowledge(String id, String who, String reason) throws SQLException, StoreException {
        move(id, AlertState.ACKNOWLEDGED, "acknowledge", who, reason);
    }

    /** Mutes an alert; {@link AlertLog} stores later alerts with its key muted. */
    void mute(String id, String who, String reason) throws SQLException, StoreException {
        move(id, AlertState.MUTED, "mute", who, reason);
    }

    /** Reads the alert to approve and, when it has a fact to fold, the newest snapshot with it folded in. */
    Approval prepareApproval(String id) throws SQLException, StoreException {
        StoredAlert stored = alerts.find(id).orElseThrow(() -> new StoreException("no alert " + id + " in " + file));
        Map<String, String> fold = stored.alert().fold();
        if (fold.isEmpty()) {
            return new Approval(id, Optional.empty());
        }
        Snapshot latest = snapshots.loadLatest();
        try {
            Folding.apply(latest.baseline(), fold);
        } catch (Folding.FoldException e) {
            throw new StoreException("alert " + id + " cannot be approved: " + e.getMessage());
        }
        return new Approval(id, Optional.of(latest));
    }

    /**
     * Approves: writes the folded baseline as a snapshot (command {@code approve}) extending the
     * one it was folded into, and records who, when and why.
     *
     * @return the new snapshot, or empty when there was no fact to fold: then the alert is only
     *         marked approved
     */
    OptionalLong approve(Approval approval, String who, String reason) throws SQLException, StoreException {
        String id = approval.alertId();
        if (approval.newestWithFact().isEmpty()) {
            move(id, AlertState.APPROVED, "approve", who, reason);
            return OptionalLong.empty();
        }
        Snapshot folded = approval.newestWithFact().get();
        long snapshot = snapshots.insert(folded.baseline(), folded.cells(), "approve", "alert " + id,
                OptionalLong.of(folded.info().id()), who + ": " + reason);
        setState(id, AlertState.APPROVED);
        audit.record(who, "approve", id, reason, OptionalLong.of(snapshot));
        return OptionalLong.of(snapshot);
    }

    /** Moves an alert to {@code state} and records the action; an unknown alert is an error. */
    private void move(String id, AlertState state, String action, String who, String reason)
            throws SQLException, StoreException {
        if (!setState(id, state)) {
            throw new StoreException("no alert " + id + " in " + file);
        }
        audit.record(who, action, id, reason, OptionalLong.empty());
    }

    /** Sets an alert's state; false when there is no such alert. */
    private boolean setState(String id, AlertState state) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE alerts SET state = ? WHERE id = ?")) {
            update.setString(1, state.wireName());
            update.setString(2, id);
            return update.executeUpdate() == 1;
        }
    }
}
