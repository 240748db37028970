package otb.baseline.detect;

import otb.baseline.model.ValueSummary;

/**
 * The fingerprint and variety of a window of {@link ValueSummary#WINDOW} (8) values kept in the
 * fields of a detection state: the same values as learning's {@link ValueSummary.ValueWindow} (a test
 * compares them on random windows), so a learned window is recognised.
 */
final class ValueWindows {
    private ValueWindows() {
    }

    /** The fingerprint of a full window of 8 values, oldest first (never 0). */
    static long fingerprint(double v0, double v1, double v2, double v3, double v4, double v5, double v6, double v7) {
        long hash = step(step(step(step(step(step(step(step(0x2545F4914F6CDD1DL, v0), v1), v2), v3), v4), v5), v6), v7);
        return hash == 0 ? 1 : hash;
    }

    private static long step(long hash, double value) {
        long mixed = (hash ^ Double.doubleToLongBits(value + 0.0)) * 0x9E3779B97F4A7C15L;
        return mixed ^ (mixed >>> 29);
    }

    /** True when the window holds at least {@link ValueSummary#WINDOW_MIN_DISTINCT} distinct values. */
    static boolean varied(double[] values) {
        int distinctValues = 0;
        for (int k = 0; k < ValueSummary.WINDOW; k++) {
            boolean seen = false;
            for (int m = 0; m < k; m++) {
                if (values[m] == values[k]) {
                    seen = true;
                    break;
                }
            }
            if (!seen && ++distinctValues >= ValueSummary.WINDOW_MIN_DISTINCT) {
                return true;
            }
        }
        return false;
    }
}
