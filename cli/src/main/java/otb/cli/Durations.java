package otb.cli;

import java.util.Locale;

/** Durations for options ({@code 7d}, {@code 90m}, {@code 30s}, {@code 1h30m}) and for people. */
final class Durations {
    /** The longest duration an option takes: 100 years, far within a long of nanoseconds (292 years). */
    static final long MAX_SECONDS = 36_500L * 86_400L;
    private Durations() {
    }

    /** Parses a duration like {@code 7d}, {@code 12h}, {@code 90m}, {@code 30s}, {@code 1h30m}, {@code 0s}. */
    static long parseNanos(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new UsageException("empty duration");
        }
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (start == i || i == s.length() || i - start > 9) {
                throw new UsageException("bad duration '" + text + "': use e.g. 7d, 12h, 90m, 30s");
            }
            long amount = Long.parseLong(s.substring(start, i));
            long unit = switch (s.charAt(i)) {
                case 'd' -> 86_400L;
                case 'h' -> 3_600L;
                case 'm' -> 60L;
                case 's' -> 1L;
                default -> throw new UsageException("bad duration '" + text + "': use e.g. 7d, 12h, 90m, 30s");
            };
            total += amount * unit; // at most 9 digits of days: no overflow in seconds
            if (total > MAX_SECONDS) {
                throw new UsageException("duration '" + text + "' is longer than " + MAX_SECONDS / 86_400L
                        + " days");
            }
            i++;
        }
        return total * 1_000_000_000L;
    }

    static String format(long nanos) {
        long seconds = Math.max(0, nanos / 1_000_000_000L);
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7_200) {
            return seconds / 60 + "m";
        }
        if (seconds < 172_800) {
            return seconds / 3_600 + "h";
        }
        return seconds / 86_400 + "d";
    }
}
