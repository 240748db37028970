package otb.baseline.detect;

import otb.baseline.model.ValueSummary;

/**
 * The fingerprint and variety of a window of {@link ValueSummary#WINDOW} values kept in a ring
 * of a detection state: the same values as learning's {@link ValueSummary.ValueWindow} (a test
 * compares them on random windows), so a learned window is recognised.
 */
final class ValueWindows {
    private ValueWindows() {
    }

    /** The fingerprint of the full ring {@code values} whose oldest value is at {@code oldest} (never 0). */
    static long fingerprint(double[] values, int oldest) {
        long hash = 0x2545F4914F6CDD1DL;
        for (int k = 0; k < ValueSummary.WINDOW; k++) {
            hash = (hash ^ Double.doubleToLongBits(values[(oldest + k) & (ValueSummary.WINDOW - 1)] + 0.0))
                    * 0x9E3779B97F4A7C15L;
            hash ^= hash >>> 29;
        }
        return hash == 0 ? 1 : hash;
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
