package otb.baseline.store;

import java.util.OptionalLong;

/**
 * A stored baseline snapshot's metadata.
 *
 * @param id         snapshot number, from 1
 * @param createdAt  wall-clock time the snapshot was written, ISO-8601 UTC (metadata only)
 * @param command    the command that wrote it: learn, monitor, approve, ...
 * @param input      files or interface learned from (or the approved alert)
 * @param parent     the snapshot it extends, if any
 * @param messages   messages learned from in total
 * @param firstNanos capture time of the earliest learned traffic, 0 when none
 * @param lastNanos  capture time of the latest learned traffic, 0 when none
 * @param note       free text: who approved what and why
 */
public record SnapshotInfo(long id, String createdAt, String command, String input, OptionalLong parent,
                           long messages, long firstNanos, long lastNanos, String note) {
}
