package otb.baseline.store;

import java.util.OptionalLong;

/**
 * One triage action.
 *
 * @param at       wall-clock time, ISO-8601 UTC
 * @param who      the operator
 * @param action   acknowledge, approve or mute
 * @param alertId  the alert acted on
 * @param reason   why
 * @param snapshot the snapshot an approval created, if any
 */
public record AuditEntry(long id, String at, String who, String action, String alertId, String reason,
                         OptionalLong snapshot) {
}
