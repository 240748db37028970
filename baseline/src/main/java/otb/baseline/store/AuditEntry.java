package otb.baseline.store;

import java.util.OptionalLong;

/**
 * One entry of the audit trail: a change to the baseline (learn, monitor, approve, import) or a
 * triage action (acknowledge, mute, approve), chained to the entry before it by hash (see
 * {@link AuditChain}).
 *
 * @param id        position in the trail, from 1, without gaps
 * @param at        wall-clock time, ISO-8601 UTC
 * @param who       the operator (or the OS login name of the process that made the change)
 * @param action    learn, monitor, import, acknowledge, approve or mute
 * @param alertId   the alert acted on, "" for changes that are not about an alert
 * @param reason    why
 * @param snapshot  the snapshot the action created, if any
 * @param detail    what exactly: the input learned from, the approved fact ({@code Folding.encode}), the
 *                  imported baseline's id and signer; "" when nothing more
 * @param signature {@code ed25519:KEYID:BASE64} over {@link AuditChain#payload}, "" when unsigned
 * @param prevHash  {@link #hash} of the entry before, {@link AuditChain#GENESIS} for the first
 * @param hash      SHA-256 (hex) of this entry's payload and signature
 */
public record AuditEntry(long id, String at, String who, String action, String alertId, String reason,
                         OptionalLong snapshot, String detail, String signature, String prevHash, String hash) {
}
