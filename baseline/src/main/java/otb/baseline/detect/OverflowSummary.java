package otb.baseline.detect;

import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;

/**
 * The alerts of one kind folded together while the open-alert budget is reached: how many, and
 * the first and last of them as examples. Bounded whatever their number.
 */
final class OverflowSummary {
    private final AlertKind kind;
    /** Capture time of the overflow alert's first occurrence; its de-duplication window runs from here. */
    final long firstNanos;
    private long count;
    private String first = "";
    private String last = "";

    OverflowSummary(AlertKind kind, long firstNanos) {
        this.kind = kind;
        this.firstNanos = firstNanos;
    }

    void add(Alert alert) {
        count++;
        String text = alert.detail().isEmpty() ? alert.key() : alert.detail();
        if (count == 1) {
            first = text;
        }
        last = text;
    }

    String detail() {
        return count + " " + kind + " alerts beyond the open-alert budget, folded here; first: " + first
                + (count > 1 ? "; last: " + last : "");
    }
}
