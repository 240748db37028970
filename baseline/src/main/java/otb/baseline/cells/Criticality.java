package otb.baseline.cells;

import java.util.Locale;

/** How much a cell or an asset matters to the plant; raises or lowers alert severities. */
public enum Criticality {
    LOW, MEDIUM, HIGH;

    /** Severity steps added to an alert's base severity. */
    public int severityShift() {
        return switch (this) {
            case LOW -> -1;
            case MEDIUM -> 0;
            case HIGH -> 1;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code low}, {@code medium} or {@code high}; null for anything else. */
    static Criticality parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "low" -> LOW;
            case "medium" -> MEDIUM;
            case "high" -> HIGH;
            default -> null;
        };
    }
}
