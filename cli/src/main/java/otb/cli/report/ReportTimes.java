package otb.cli.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times and durations for people: capture times in UTC ISO-8601 by default, or in a given zone
 * with its offset; durations with a unit that suits their size.
 */
public final class ReportTimes {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final DateTimeFormatter ZONED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    private final ZoneId zone;

    /** {@code zone} null or UTC: times end in {@code Z}; else they carry the zone's offset. */
    public ReportTimes(ZoneId zone) {
        this.zone = zone == null ? ZoneOffset.UTC : zone;
    }

    public static ReportTimes utc() {
        return new ReportTimes(ZoneOffset.UTC);
    }

    public ZoneId zone() {
        return zone;
    }

    /** A capture time given in nanoseconds since the epoch, milliseconds shown; "-" for 0 (none). */
    public String time(long nanos) {
        if (nanos == 0) {
            return "-";
        }
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        if (zone.equals(ZoneOffset.UTC)) {
            return UTC.format(instant.atOffset(ZoneOffset.UTC));
        }
        return ZONED.format(instant.atZone(zone));
    }

    /** An ISO-8601 UTC wall-clock time from the database, shown in this zone (unchanged when unparsable). */
    public String wallClock(String isoUtc) {
        try {
            return time(nanos(Instant.parse(isoUtc)));
        } catch (RuntimeException e) {
            return isoUtc;
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** A duration in microseconds: {@code 850 \u00b5s}, {@code 12.3 ms}, {@code 1.990 s}, {@code 3.5 min}, {@code 2.0 h}. */
    public static String micros(double micros) {
        if (micros < 1_000) {
            return String.format(Locale.ROOT, "%.0f \u00b5s", micros);
        }
        if (micros < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1e3);
        }
        if (micros < 120_000_000) {
            return String.format(Locale.ROOT, "%.3f s", micros / 1e6);
        }
        if (micros < 7_200_000_000.0) {
            return String.format(Locale.ROOT, "%.1f min", micros / 60e6);
        }
        if (micros < 172_800_000_000.0) {
            return String.format(Locale.ROOT, "%.1f h", micros / 3600e6);
        }
        return String.format(Locale.ROOT, "%.1f d", micros / 86400e6);
    }

    /** A duration in nanoseconds, as {@link #micros}. */
    public static String nanos(long nanos) {
        return micros(nanos / 1e3);
    }
}
