package otb.baseline.alert;

import java.util.Locale;

/** Alert severity, lowest first. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    /** This severity moved by {@code steps}, clamped to INFO..CRITICAL. */
    public Severity shift(int steps) {
        Severity[] all = values();
        return all[Math.max(0, Math.min(all.length - 1, ordinal() + steps))];
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name (any case); throws IllegalArgumentException for anything else. */
    public static Severity parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
