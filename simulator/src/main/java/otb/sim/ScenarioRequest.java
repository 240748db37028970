package otb.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scenario to inject and when.
 *
 * @param kind   the scenario
 * @param offset start as an offset from the capture start; null for the kind's default
 *               fraction of the capture duration
 */
public record ScenarioRequest(ScenarioKind kind, Duration offset) {
    /** The longest duration or offset the simulator takes: ten years of plant time. */
    public static final Duration MAX_DURATION = Duration.ofDays(3650);
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+(?:\\.\\d+)?)s)?");

    /**
     * Parses {@code all} (the demo's scenarios, {@link ScenarioKind#inAll}), {@code none}, or a comma-separated list of {@code kind[@offset]}
     * where offset is like {@code 90s}, {@code 5m}, {@code 1h30m} or ISO-8601 {@code PT5M}.
     *
     * @throws IllegalArgumentException with a message naming the bad part
     */
    public static List<ScenarioRequest> parseList(String text) {
        String trimmed = text.trim();
        List<ScenarioRequest> requests = new ArrayList<>();
        if (trimmed.equals("none") || trimmed.isEmpty()) {
            return requests;
        }
        if (trimmed.equals("all")) {
            for (ScenarioKind kind : ScenarioKind.values()) {
                if (kind.inAll()) {
                    requests.add(new ScenarioRequest(kind, null));
                }
            }
            return requests;
        }
        for (String part : trimmed.split(",")) {
            String item = part.trim();
            int at = item.indexOf('@');
            String name = at < 0 ? item : item.substring(0, at);
            ScenarioKind kind = ScenarioKind.byName(name.toLowerCase(Locale.ROOT));
            if (kind == null) {
                throw new IllegalArgumentException("unknown scenario '" + name + "'; known: all, none, "
                        + String.join(", ", kindNames()));
            }
            requests.add(new ScenarioRequest(kind, at < 0 ? null : parseDuration(item.substring(at + 1))));
        }
        return requests;
    }

    static List<String> kindNames() {
        List<String> names = new ArrayList<>();
        for (ScenarioKind kind : ScenarioKind.values()) {
            names.add(kind.kindName());
        }
        return names;
    }

    /** {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 2.5s} or ISO-8601 ({@code PT5M}). */
    public static Duration parseDuration(String text) {
        String value = text.trim();
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return inRange(Duration.parse(value.toUpperCase(Locale.ROOT)), text);
            } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException("not a duration: '" + text + "'");
            }
        }
        Matcher matcher = SIMPLE_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (value.isEmpty() || !matcher.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 90s, 5m, 1h30m)");
        }
        Duration duration = Duration.ZERO;
        try {
            if (matcher.group(1) != null) {
                duration = duration.plusHours(Long.parseLong(matcher.group(1)));
            }
            if (matcher.group(2) != null) {
                duration = duration.plusMinutes(Long.parseLong(matcher.group(2)));
            }
            if (matcher.group(3) != null) {
                duration = duration.plusNanos(Math.round(Double.parseDouble(matcher.group(3)) * 1e9));
            }
        } catch (ArithmeticException | NumberFormatException e) { // digits beyond a long, or hours beyond seconds
            throw tooLong(text);
        }
        return inRange(duration, text);
    }

    /** Refuses a negative duration ({@code PT-5M}) or one beyond {@link #MAX_DURATION}, before any arithmetic on it. */
    private static Duration inRange(Duration duration, String text) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration: '" + text + "'");
        }
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw tooLong(text);
        }
        return duration;
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException("duration '" + text + "' is longer than the simulator's "
                + MAX_DURATION.toDays() + " days");
    }
}
