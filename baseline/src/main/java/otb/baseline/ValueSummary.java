package otb.baseline;

import java.util.Arrays;

/**
 * What one server point's values looked like while learning: envelope, largest step between
 * consecutive values, variance, distinct values (bounded), direction of changes, the longest
 * run of one repeated value, and fingerprints of windows of consecutive values (for replay
 * detection). Mergeable.
 */
public final class ValueSummary {
    /** Distinct values remembered; past it the point counts as having "many". */
    public static final int MAX_DISTINCT = 32;
    /** At most this many distinct integral values make an enumeration. */
    static final int ENUMERATION_MAX_DISTINCT = 16;
    /** A point that only ever rose through at least this many values counts as a counter. */
    static final int COUNTER_MIN_DISTINCT = 3;
    /** Consecutive values in one fingerprinted window. */
    public static final int WINDOW = 8;
    /** Distinct values a window needs before it is fingerprinted (a flat window proves nothing). */
    public static final int WINDOW_MIN_DISTINCT = 4;
    /** Learned window fingerprints kept per point. */
    static final int FINGERPRINTS = 256;
    /** One window in this many (by hash) is remembered, so replays of 2 windows or more are found. */
    static final int FINGERPRINT_SAMPLING = 4;

    long count;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double largestStep;
    double mean;
    /** Sum of squared deviations from the mean (Welford). */
    double squares;
    double[] distinct = new double[4];
    int distinctCount;
    boolean manyDistinct;
    long increases;
    long decreases;
    long longestRun;
    boolean integral = true;
    /** True when learning itself saw a window repeat: the point is periodic, replays cannot be told. */
    boolean windowsRepeat;
    long firstSeenNanos;
    long lastSeenNanos;
    FingerprintSet fingerprints;

    // learning state, not persisted
    private boolean hasLast;
    private double last;
    private long run;
    private final ValueWindow window = new ValueWindow();

    /** Adds one observed value at capture time {@code nanos}. */
    public void add(double value, long nanos) {
        if (Double.isNaN(value)) {
            return;
        }
        if (count == 0) {
            firstSeenNanos = nanos;
        }
        lastSeenNanos = Math.max(lastSeenNanos, nanos);
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        double delta = value - mean;
        mean += delta / count;
        squares += delta * (value - mean);
        integral &= value == Math.rint(value);
        addDistinct(value);
        if (hasLast) {
            double step = value - last;
            largestStep = Math.max(largestStep, Math.abs(step));
            if (step > 0) {
                increases++;
            } else if (step < 0) {
                decreases++;
            }
            run = step == 0 ? run + 1 : 1;
        } else {
            run = 1;
        }
        longestRun = Math.max(longestRun, run);
        hasLast = true;
        last = value;
        long fingerprint = window.push(value);
        if (fingerprint != 0 && Long.remainderUnsigned(fingerprint, FINGERPRINT_SAMPLING) == 0) {
            if (fingerprints == null) {
                fingerprints = new FingerprintSet(FINGERPRINTS);
            }
            if (!fingerprints.add(fingerprint)) {
                windowsRepeat = true;
            }
        }
    }

    private void addDistinct(double value) {
        if (manyDistinct) {
            return;
        }
        for (int i = 0; i < distinctCount; i++) {
            if (distinct[i] == value) {
                return;
            }
        }
        if (distinctCount == MAX_DISTINCT) {
            manyDistinct = true;
            return;
        }
        if (distinctCount == distinct.length) {
            distinct = Arrays.copyOf(distinct, distinct.length * 2);
        }
        distinct[distinctCount++] = value;
    }

    public boolean isKnownValue(double value) {
        for (int i = 0; i < distinctCount; i++) {
            if (distinct[i] == value) {
                return true;
            }
        }
        return false;
    }

    public ValueBehaviour behaviour() {
        if (!manyDistinct && distinctCount <= 1) {
            return ValueBehaviour.CONSTANT;
        }
        if (increases > 0 && decreases * 100 <= increases && (manyDistinct || distinctCount >= COUNTER_MIN_DISTINCT)) {
            return ValueBehaviour.COUNTER;
        }
        if (integral && !manyDistinct && distinctCount <= ENUMERATION_MAX_DISTINCT) {
            return ValueBehaviour.ENUMERATION;
        }
        return ValueBehaviour.ANALOG;
    }

    /** Combines another summary of the same point into this one (Chan et al. for the variance). */
    public void merge(ValueSummary other) {
        if (other.count == 0) {
            return;
        }
        if (count == 0) {
            firstSeenNanos = other.firstSeenNanos;
        }
        long total = count + other.count;
        double delta = other.mean - mean;
        squares = squares + other.squares + delta * delta * ((double) count * other.count / total);
        mean = mean + delta * other.count / total;
        count = total;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        largestStep = Math.max(largestStep, other.largestStep);
        for (int i = 0; i < other.distinctCount; i++) {
            addDistinct(other.distinct[i]);
        }
        manyDistinct |= other.manyDistinct;
        increases += other.increases;
        decreases += other.decreases;
        longestRun = Math.max(longestRun, other.longestRun);
        integral &= other.integral;
        windowsRepeat |= other.windowsRepeat;
        firstSeenNanos = Math.min(firstSeenNanos, other.firstSeenNanos);
        lastSeenNanos = Math.max(lastSeenNanos, other.lastSeenNanos);
        if (other.fingerprints != null) {
            if (fingerprints == null) {
                fingerprints = new FingerprintSet(FINGERPRINTS);
            }
            for (long fingerprint : other.fingerprints.toArray()) {
                if (!fingerprints.add(fingerprint)) {
                    windowsRepeat = true;
                }
            }
        }
    }

    public ValueSummary copy() {
        ValueSummary copy = new ValueSummary();
        copy.merge(this);
        return copy;
    }

    public long count() { return count; }

    public double min() { return min; }

    public double max() { return max; }

    public double largestStep() { return largestStep; }

    public double mean() { return mean; }

    public double variance() { return count > 1 ? squares / (count - 1) : 0; }

    /** Distinct values seen, or -1 when more than {@link #MAX_DISTINCT}. */
    public int distinctValues() { return manyDistinct ? -1 : distinctCount; }

    public long longestRun() { return longestRun; }

    public boolean windowsRepeat() { return windowsRepeat; }

    public long firstSeenNanos() { return firstSeenNanos; }

    public long lastSeenNanos() { return lastSeenNanos; }

    /** Whether a learned window fingerprint matches. */
    boolean knowsWindow(long fingerprint) {
        return fingerprints != null && fingerprints.contains(fingerprint);
    }

    /**
     * The last {@link #WINDOW} values of a point and their fingerprint. Shared by learning and
     * detection so both hash windows identically.
     */
    static final class ValueWindow {
        private final double[] values = new double[WINDOW];
        private int next;
        private int filled;

        /** Adds a value; returns the fingerprint of the window ending here, or 0 when the window is not full or too flat. */
        long push(double value) {
            values[next] = value;
            next = (next + 1) % WINDOW;
            if (filled < WINDOW) {
                filled++;
                if (filled < WINDOW) {
                    return 0;
                }
            }
            long hash = 0x2545F4914F6CDD1DL;
            int distinctValues = 0;
            for (int k = 0; k < WINDOW; k++) {
                double v = values[(next + k) % WINDOW];
                boolean seen = false;
                for (int m = 0; m < k; m++) {
                    if (values[(next + m) % WINDOW] == v) {
                        seen = true;
                        break;
                    }
                }
                if (!seen) {
                    distinctValues++;
                }
                hash = (hash ^ Double.doubleToLongBits(v + 0.0)) * 0x9E3779B97F4A7C15L;
                hash ^= hash >>> 29;
            }
            if (distinctValues < WINDOW_MIN_DISTINCT || hash == 0) {
                return 0;
            }
            return hash;
        }
    }
}
