package otb.baseline.store;

import java.util.Locale;

/** Where an alert stands in triage. */
public enum AlertState {
    /** Raised, nobody looked yet. */
    NEW,
    /** Seen by an operator. */
    ACKNOWLEDGED,
    /** Accepted as normal: its fact was folded into the baseline. */
    APPROVED,
    /** Silenced: later alerts with the same key are stored muted too. */
    MUTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertState parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
