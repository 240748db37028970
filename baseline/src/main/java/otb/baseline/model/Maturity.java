package otb.baseline.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a baseline has learned long enough to be trusted: learned over at least a minimum span
 * of capture time, and in every cell that learned messages a learning completeness
 * ({@link CellProgress#completeness()}) at or above a threshold. An immature baseline still
 * detects, but what it raises as new may only be what it has not had time to learn.
 *
 * @param immature        true when a threshold is not met
 * @param learnedNanos    capture time spanned by learning, first to last traffic of any cell
 * @param minLearnedNanos the minimum span required
 * @param weakestCell     the cell of lowest completeness among those that learned messages, "" when none
 * @param completeness    that cell's completeness, 0..1 (0 when none)
 * @param minCompleteness the threshold required, 0..1
 * @param reasons         one readable reason per threshold not met, empty when mature
 */
public record Maturity(boolean immature, long learnedNanos, long minLearnedNanos, String weakestCell,
                       double completeness, double minCompleteness, List<String> reasons) {
    /** Default minimum learning span: one hour of capture time. */
    public static final long DEFAULT_MIN_LEARNED_NANOS = 3_600_000_000_000L;
    /** Default minimum learning completeness of every cell: 0.5 (half the span brought nothing new). */
    public static final double DEFAULT_MIN_COMPLETENESS = 0.5;

    public Maturity {
        reasons = List.copyOf(reasons);
    }

    /** The maturity of {@code baseline} against the two thresholds. */
    public static Maturity of(Baseline baseline, double minCompleteness, long minLearnedNanos) {
        long first = 0;
        long last = 0;
        String weakest = "";
        double lowest = 0;
        for (Map.Entry<String, CellProgress> entry : baseline.cells().entrySet()) {
            CellProgress cell = entry.getValue();
            first = Baseline.earliest(first, cell.firstSeenNanos());
            last = Math.max(last, cell.lastSeenNanos());
            if (cell.messages() > 0 && (weakest.isEmpty() || cell.completeness() < lowest)) {
                weakest = entry.getKey();
                lowest = cell.completeness();
            }
        }
        long learned = Math.max(0, last - first);
        List<String> reasons = new ArrayList<>();
        if (baseline.messages() == 0) {
            reasons.add("it learned no industrial message");
        }
        if (learned < minLearnedNanos) {
            reasons.add("learned over " + duration(learned) + ", less than the minimum "
                    + duration(minLearnedNanos));
        }
        if (!weakest.isEmpty() && lowest < minCompleteness) {
            reasons.add(String.format(java.util.Locale.ROOT, "cell %s is %.0f%% complete, below the minimum %.0f%%",
                    weakest, 100 * lowest, 100 * minCompleteness));
        }
        return new Maturity(!reasons.isEmpty(), learned, minLearnedNanos, weakest, lowest, minCompleteness, reasons);
    }

    /** A duration for people, whole units as the command line writes them: 45s, 29m, 5h, 7d. */
    static String duration(long nanos) {
        long seconds = Math.max(0, nanos / 1_000_000_000L);
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7_200) {
            return seconds / 60 + "m";
        }
        return seconds < 172_800 ? seconds / 3_600 + "h" : seconds / 86_400 + "d";
    }

    /** One line for stderr and reports: "immature: REASON; REASON" or "mature". */
    public String summary() {
        return immature ? "immature: " + String.join("; ", reasons) : "mature";
    }
}
