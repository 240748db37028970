package otb.baseline.model;

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
    public static final int FINGERPRINTS = 256;
    /**
     * One window in this many (by hash) is remembered: a replay of n consecutive values holds
     * n − 7 windows and is missed with probability (7/8)^(n−7), under 2% from 40 values.
     */
    public static final int FINGERPRINT_SAMPLING = 8;
    /** Repeated windows among the last 64 checked that make a repetition more than chance. */
    public static final int REPLAY_MIN_HITS = 3;

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
    /** Capture time the longest run of one value lasted, nanoseconds. */
    long longestRunNanos;
    /** Values seen in write requests: a point written is a setpoint. */
    long writes;
    boolean integral = true;
    /** True when learning itself saw windows repeat again and again: the point is periodic, replays cannot be told. */
    boolean windowsRepeat;
    long firstSeenNanos;
    long lastSeenNanos;
    FingerprintSet fingerprints;

    /** The sequence state for values added without a stream of their own; not persisted. */
    private Stream ownStream;

    /**
     * One sequence of a point's values as one conversation sees it (several clients may read
     * the same point): the last value, the current run of it, the last window. Learning state,
     * not persisted.
     */
    static final class Stream {
        boolean hasLast;
        double last;
        long run;
        long runStartNanos;
        /** One bit per recent sampled window, set when it repeated an earlier one. */
        long repeatHits;
        final ValueWindow window = new ValueWindow();
    }

    /** Adds one observed value (read back or reported) at capture time {@code nanos}. */
    public void add(double value, long nanos) {
        if (ownStream == null) {
            ownStream = new Stream();
        }
        add(value, nanos, false, ownStream, ALWAYS);
    }

    /**
     * Adds one observed value at capture time {@code nanos}.
     *
     * @param written true when a request wrote it: the point is a setpoint
     * @param stream  the sequence it belongs to (its conversation's view of the point)
     */
    /** Value windows without a budget. */
    private static final java.util.function.BooleanSupplier ALWAYS = () -> true;

    /**
     * @param windowBudget asked before the point's first value-window fingerprint set is made;
     *                     false: the point learns no windows
     */
    void add(double value, long nanos, boolean written, Stream stream, java.util.function.BooleanSupplier windowBudget) {
        if (Double.isNaN(value)) {
            return;
        }
        if (written) {
            writes++;
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
        if (stream.hasLast) {
            double step = value - stream.last;
            largestStep = Math.max(largestStep, Math.abs(step));
            if (step > 0) {
                increases++;
            } else if (step < 0) {
                decreases++;
            }
            if (step == 0) {
                stream.run++;
            } else {
                stream.run = 1;
                stream.runStartNanos = nanos;
            }
        } else {
            stream.run = 1;
            stream.runStartNanos = nanos;
        }
        longestRun = Math.max(longestRun, stream.run);
        longestRunNanos = Math.max(longestRunNanos, nanos - stream.runStartNanos);
        stream.hasLast = true;
        stream.last = value;
        long fingerprint = stream.window.push(value);
        if (fingerprint != 0 && Long.remainderUnsigned(fingerprint, FINGERPRINT_SAMPLING) == 0
                && stream.window.varied() && (fingerprints != null || windowBudget.getAsBoolean())) {
            if (fingerprints == null) {
                fingerprints = new FingerprintSet(FINGERPRINTS);
            }
            stream.repeatHits <<= 1;
            if (!fingerprints.add(fingerprint)) {
                stream.repeatHits |= 1;
                // one repeat may be chance; several close together mean the point is periodic
                windowsRepeat |= Long.bitCount(stream.repeatHits) >= REPLAY_MIN_HITS;
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

    /** The distinct values learned, in order of first appearance (at most {@link #MAX_DISTINCT}). */
    public double[] knownValues() {
        return Arrays.copyOf(distinct, distinctCount);
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
        longestRunNanos = Math.max(longestRunNanos, other.longestRunNanos);
        writes += other.writes;
        integral &= other.integral;
        windowsRepeat |= other.windowsRepeat;
        firstSeenNanos = Math.min(firstSeenNanos, other.firstSeenNanos);
        lastSeenNanos = Math.max(lastSeenNanos, other.lastSeenNanos);
        if (other.fingerprints != null) {
            if (fingerprints == null) {
                fingerprints = new FingerprintSet(FINGERPRINTS);
            }
            for (long fingerprint : other.fingerprints.toArray()) {
                fingerprints.add(fingerprint);
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

    public long longestRunNanos() { return longestRunNanos; }

    /** Values written to this point by requests (a setpoint when above 0). */
    public long writes() { return writes; }

    public boolean windowsRepeat() { return windowsRepeat; }

    public long firstSeenNanos() { return firstSeenNanos; }

    public long lastSeenNanos() { return lastSeenNanos; }

    /** Whether a learned window fingerprint matches. */
    public boolean knowsWindow(long fingerprint) {
        return fingerprints != null && fingerprints.contains(fingerprint);
    }

    /**
     * The last {@link #WINDOW} values of a point and their fingerprint. Shared by learning and
     * detection so both hash windows identically.
     */
    public static final class ValueWindow {
        private final double[] values = new double[WINDOW];
        private int next;
        private int filled;

        /**
         * Adds a value; returns the fingerprint of the window ending here (never 0), or 0 while the
         * window is not full. Whether the window varies enough to prove anything is asked
         * separately ({@link #varied}), only for the few fingerprints that matter.
         */
        public long push(double value) {
            values[next] = value;
            next = (next + 1) % WINDOW;
            if (filled < WINDOW) {
                filled++;
                if (filled < WINDOW) {
                    return 0;
                }
            }
            long hash = 0x2545F4914F6CDD1DL;
            for (int k = 0; k < WINDOW; k++) {
                hash = (hash ^ Double.doubleToLongBits(values[(next + k) % WINDOW] + 0.0)) * 0x9E3779B97F4A7C15L;
                hash ^= hash >>> 29;
            }
            return hash == 0 ? 1 : hash;
        }

        /** True when the current window holds at least {@link #WINDOW_MIN_DISTINCT} distinct values. */
        public boolean varied() {
            int distinctValues = 0;
            for (int k = 0; k < WINDOW; k++) {
                boolean seen = false;
                for (int m = 0; m < k; m++) {
                    if (values[m] == values[k]) {
                        seen = true;
                        break;
                    }
                }
                if (!seen && ++distinctValues >= WINDOW_MIN_DISTINCT) {
                    return true;
                }
            }
            return false;
        }
    }
}
