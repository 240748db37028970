package otb.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import otb.dissect.MessageRecord;

/** Capture times for people: UTC ISO-8601 by default, the local zone with --local-time. */
final class TimeFormat {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private final boolean local;

    TimeFormat(boolean local) {
        this.local = local;
    }

    boolean local() {
        return local;
    }

    /** To the second, for tables: {@code 2026-03-02T09:01:31Z}, or with the local offset. */
    String formatSeconds(long nanos) {
        return format(nanos).replaceFirst("\\.\\d+", "");
    }

    String format(long nanos) {
        if (!local) {
            return MessageRecord.timestamp(nanos);
        }
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        return LOCAL.format(instant.atZone(ZoneId.systemDefault()));
    }
}
