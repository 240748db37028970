package otb.baseline.model;

import java.util.Locale;
import otb.dissect.Json;

/** How alerts and baseline diffs write numbers for people: values as in JSON, durations in seconds. */
public final class Formats {
    private Formats() {
    }

    /** A point value as JSON writes it: integral values without a fraction. */
    public static String value(double value) {
        StringBuilder text = new StringBuilder();
        Json.number(text, value);
        return text.toString();
    }

    /** A duration in nanoseconds, as seconds with three decimals, e.g. {@code 1.250 s}. */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
