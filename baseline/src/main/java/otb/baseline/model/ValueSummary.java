package otb.baseline.model;

import java.util.Arrays;

/**
 * What one server point's values looked like while learning: envelope, largest step between
 * consecutive values, variance, distinct values (bounded), direction of changes, the longest
 * run of one repeated value, and fingerprints of windows of consecutive values (for replay
 * detection).
 *
 * <p>Adding a value costs O(1): the sums are exact ({@link ExactSum}), the distinct values a
 * sorted set of at most {@link #MAX_DISTINCT}, the window fingerprint fixed-size work.
 *
 * <p>Merging is exact when each sequence of values (one conversation's view of the point) is
 * wholly in one of the summaries merged, as when sensors or shards each see their own
 * conversations: count, envelope, steps, sums (so mean and variance to the bit), distinct
 * values, changes, runs, writes and times come out the same as learning everything in one
 * summary, in any merge order. Two parts are samples and stay approximate: the window
 * fingerprints (a bounded set that forgets its oldest generation; merged sets keep the union
 * while it fits) and {@link #windowsRepeat} (a window repeated across two summaries is only
 * seen when they were learned together).
 */
public final class ValueSummary {
    /** Distinct values remembered; past it the point counts as having "many". */
    public static final int MAX_DISTINCT = 32;
    /** At most this many distinct integral values make an enumeration. */
    static final int ENUMERATION_MAX_DISTINCT = 16;
    /** A point that only ever rose through at least this many values counts as a counter. */
    static final int COUNTER_MIN_DISTINCT = 3;
    /** Consecutive values in one fingerprinted window (a power of two: indices wrap with a mask). */
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

    private static final double[] NO_VALUES = {};

    long count;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double largestStep;
    /**
     * The exact sum of the values and of their squares: merging them is exact, in any order. Read
     * them through {@link #sum()} and {@link #sumOfSquares()}: integers below 2^31 in magnitude
     * (register values, most values) are summed in the 128-bit integers below, on this object,
     * until then. On a plant of 50,000 points the sums' own objects were a cache miss per value:
     * `ExactSum.add` was 24% of the CPU samples of `otb learn`; its 500 k frames learned in 19.0
     * and 21.0 s against 19.5 and 22.3 s (alternated runs; bench/README.md, per-value learning).
     */
    private final ExactSum sumRest = new ExactSum();
    private final ExactSum squaresRest = new ExactSum();
    /** Small integers' sum and sum of squares, two's complement in two longs each. */
    private long smallSumLow;
    private long smallSumHigh;
    private long smallSquaresLow;
    private long smallSquaresHigh;
    /** Mean and variance computed from the exact sums, or NaN until asked for after a change. */
    private double cachedMean = Double.NaN;
    private double cachedVariance = Double.NaN;
    /**
     * The distinct values seen, ascending (a set: the same whatever the order values came in),
     * while there are at most {@link #MAX_DISTINCT}; emptied once there are more.
     */
    double[] distinct = NO_VALUES;
    int distinctCount;
    /** The distinct value last found or added: a constant point never searches the array. */
    private double lastDistinct = Double.NaN;
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
    /**
     * Learning state for the value-windows budget, not persisted: the order ({@link
     * Baseline#addValues}) and capture time at which this point was given its fingerprint set while
     * learning (-1: it was not, e.g. it came with them from a snapshot), and how many sampled
     * windows asked for one (each is one refusal when the budget is full). A sharded learning
     * gives the budget back to one learner's points with them ({@link BaselineParts#merge}).
     */
    long windowOrder = -1;
    long windowNanos;
    long windowAsks;

    /** The sequence state for values added without a stream of their own; not persisted. */
    private Stream ownStream;

    /**
     * One sequence of a point's values as one conversation sees it (several clients may read
     * the same point): the last value, the current run of it, the last window. Learning state,
     * not persisted. A conversation's point stream ({@code Conversation.PointStream}) is one, so
     * a value touches one object of the conversation's view of the point.
     */
    static class Stream extends WindowRegister {
        boolean hasLast;
        double last;
        long run;
        long runStartNanos;
        /** One bit per recent sampled window, set when it repeated an earlier one. */
        long repeatHits;
        /** One bit per recent value, set when it differed from the one before (the newest in bit 0). */
        int changes;
    }

    /**
     * The last {@link #WINDOW} values of a sequence, oldest in w0: a shift register in fields,
     * hashed as {@link ValueWindow} hashes its array. In fields rather than a {@code ValueWindow}
     * and its array: two objects fewer to load per value. Learning's streams and detection's point
     * state extend it, so each value touches one object.
     */
    public abstract static class WindowRegister {
        private double w0;
        private double w1;
        private double w2;
        private double w3;
        private double w4;
        private double w5;
        private double w6;
        private double w7;
        private int filled;

        /** Adds a value to the window; returns whether it is full (its {@link #fingerprint} means something). */
        protected final boolean store(double value) {
            w0 = w1;
            w1 = w2;
            w2 = w3;
            w3 = w4;
            w4 = w5;
            w5 = w6;
            w6 = w7;
            w7 = value;
            if (filled < WINDOW) {
                filled++;
                return filled == WINDOW;
            }
            return true;
        }

        /** The fingerprint of the full window, as {@link ValueWindow#fingerprint} (never 0). */
        protected final long fingerprint() {
            return ValueWindow.fingerprint(w0, w1, w2, w3, w4, w5, w6, w7);
        }

        /** The window's values, oldest first (for the rare questions asked of a full window). */
        public final double[] window() {
            return new double[] {w0, w1, w2, w3, w4, w5, w6, w7};
        }

        /** True when the full window holds at least {@link #WINDOW_MIN_DISTINCT} distinct values. */
        public final boolean varied() {
            return ValueWindow.varied(window());
        }
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
    /** Asked before a point's first value-window fingerprint set is made; false: it learns no windows. */
    interface WindowBudget {
        boolean take(ValueSummary asking);
    }

    /** Value windows without a budget. */
    private static final WindowBudget ALWAYS = asking -> true;

    /**
     * @param windowBudget asked before the point's first value-window fingerprint set is made;
     *                     false: the point learns no windows
     */
    void add(double value, long nanos, boolean written, Stream stream, WindowBudget windowBudget) {
        if (Double.isNaN(value)) {
            return;
        }
        if (written) {
            writes++;
        }
        firstSeenNanos = count == 0 ? nanos : Math.min(firstSeenNanos, nanos);
        lastSeenNanos = Math.max(lastSeenNanos, nanos);
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        long integer = (long) value;
        if (integer == value && integer + (1L << 31) >>> 32 == 0) {
            long before = smallSumLow;
            smallSumLow += integer;
            smallSumHigh += (integer >> 63) + (Long.compareUnsigned(smallSumLow, before) < 0 ? 1 : 0);
            before = smallSquaresLow;
            smallSquaresLow += integer * integer;
            smallSquaresHigh += Long.compareUnsigned(smallSquaresLow, before) < 0 ? 1 : 0;
        } else {
            sumRest.add(value);
            squaresRest.addSquare(value);
        }
        cachedMean = Double.NaN;
        integral &= value == Math.rint(value);
        if (value != lastDistinct) {
            addDistinct(value);
        }
        stream.changes = (stream.changes << 1) | (stream.hasLast && value != stream.last ? 1 : 0);
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
        // A window of WINDOW values holds at most 1 + (changes within it) distinct values: a window
        // that cannot be varied enough is not hashed at all. With ExactSum's integer fast path it
        // took `otb learn` of a 400 k-frame capture of 20 devices x 250 registers (half constant)
        // from 5.4-5.7 to 4.6-5.6 s CPU (3 runs each; median 5.6 -> 5.0 s, -10%).
        boolean full = stream.store(value);
        long fingerprint;
        if (full && Integer.bitCount(stream.changes & ((1 << (WINDOW - 1)) - 1)) >= WINDOW_MIN_DISTINCT - 1
                && ((fingerprint = stream.fingerprint()) & (FINGERPRINT_SAMPLING - 1)) == 0
                && stream.varied() && learnsWindows(windowBudget)) {
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

    /** Whether this point learns window fingerprints; the budget is asked for its set on its first sampled window. */
    private boolean learnsWindows(WindowBudget budget) {
        windowAsks++;
        return fingerprints != null || budget.take(this);
    }

    /**
     * Takes back the value-window set a point was given while learning, and what it taught (a
     * point without a set never learns that windows repeat): as if it had been refused.
     */
    void forgetWindows() {
        fingerprints = null;
        windowsRepeat = false;
        windowOrder = -1;
    }

    /** Adds a value to the set of distinct values: a binary search of at most 32 (O(1)). */
    private void addDistinct(double value) {
        if (manyDistinct) {
            return;
        }
        double key = value + 0.0; // -0.0 and 0.0 are one value
        int at = Arrays.binarySearch(distinct, 0, distinctCount, key);
        if (at >= 0) {
            lastDistinct = key;
            return;
        }
        if (distinctCount == MAX_DISTINCT) {
            tooManyDistinct();
            return;
        }
        int insert = -at - 1;
        if (distinctCount == distinct.length) {
            distinct = Arrays.copyOf(distinct, Math.max(4, distinct.length * 2));
        }
        System.arraycopy(distinct, insert, distinct, insert + 1, distinctCount - insert);
        distinct[insert] = key;
        distinctCount++;
        lastDistinct = key;
    }

    /** Sets the distinct values from a stored summary (any order; ignored when there were too many). */
    void setDistinct(double[] values) {
        distinct = NO_VALUES;
        distinctCount = 0;
        lastDistinct = Double.NaN;
        if (manyDistinct) {
            return;
        }
        for (double value : values) {
            if (!Double.isNaN(value)) {
                addDistinct(value);
            }
        }
    }

    /** Past {@link #MAX_DISTINCT} which values were seen no longer matters (and would depend on their order). */
    private void tooManyDistinct() {
        manyDistinct = true;
        distinct = NO_VALUES;
        distinctCount = 0;
        lastDistinct = Double.NaN;
    }

    /** The distinct values learned, ascending (at most {@link #MAX_DISTINCT}; none when there were more). */
    public double[] knownValues() {
        return Arrays.copyOf(distinct, distinctCount);
    }

    public boolean isKnownValue(double value) {
        return Arrays.binarySearch(distinct, 0, distinctCount, value + 0.0) >= 0;
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
        count += other.count;
        sum().add(other.sum());
        sumOfSquares().add(other.sumOfSquares());
        cachedMean = Double.NaN;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        largestStep = Math.max(largestStep, other.largestStep);
        if (other.manyDistinct) {
            tooManyDistinct();
        }
        for (int i = 0; i < other.distinctCount; i++) {
            addDistinct(other.distinct[i]);
        }
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

    /** The mean, from the exact sum: the same whatever order the values came in or were merged in. */
    public double mean() {
        computeMoments();
        return cachedMean;
    }

    /** The sample variance, computed exactly from the exact sums and rounded once. */
    public double variance() {
        computeMoments();
        return cachedVariance;
    }

    /** The exact sum of the values. */
    ExactSum sum() {
        if ((smallSumLow | smallSumHigh) != 0) {
            sumRest.add128(smallSumLow, smallSumHigh);
            smallSumLow = 0;
            smallSumHigh = 0;
        }
        return sumRest;
    }

    /** The exact sum of the values' squares. */
    ExactSum sumOfSquares() {
        if ((smallSquaresLow | smallSquaresHigh) != 0) {
            squaresRest.add128(smallSquaresLow, smallSquaresHigh);
            smallSquaresLow = 0;
            smallSquaresHigh = 0;
        }
        return squaresRest;
    }

    private void computeMoments() {
        ExactSum sum = sum();
        ExactSum sumOfSquares = sumOfSquares();
        if (!Double.isNaN(cachedMean) || count == 0) {
            if (count == 0) {
                cachedMean = 0;
                cachedVariance = 0;
            }
            return;
        }
        if (sum.infinite() != 0 || Double.isNaN(sum.infinite())) {
            cachedMean = sum.infinite();
            cachedVariance = Double.NaN;
            return;
        }
        java.math.BigInteger total = sum.units();
        cachedMean = ExactSum.toDouble(total, -ExactSum.bias()) / count;
        if (count < 2) {
            cachedVariance = 0;
        } else if (sumOfSquares.infinite() != 0) {
            cachedVariance = Double.POSITIVE_INFINITY;
        } else {
            // (n·Σx² − (Σx)²) / (n(n−1)), the numerator exact in units of 2^-2148
            java.math.BigInteger numerator = sumOfSquares.units().shiftLeft(ExactSum.bias())
                    .multiply(java.math.BigInteger.valueOf(count)).subtract(total.multiply(total));
            cachedVariance = ExactSum.toDouble(numerator, -2 * ExactSum.bias()) / count / (count - 1);
        }
        if (Double.isNaN(cachedMean)) {
            cachedMean = 0;
        }
    }

    /** Distinct values seen, or -1 when more than {@link #MAX_DISTINCT}. */
    public int distinctValues() { return manyDistinct ? -1 : distinctCount; }

    public long longestRun() { return longestRun; }

    public long longestRunNanos() { return longestRunNanos; }

    /** Values written to this point by requests (a setpoint when above 0). */
    public long writes() { return writes; }

    public boolean windowsRepeat() { return windowsRepeat; }

    public long firstSeenNanos() { return firstSeenNanos; }

    public long lastSeenNanos() { return lastSeenNanos; }

    /** Whether this point learned value-window fingerprints (the value-windows budget gave it a set). */
    public boolean windowsLearned() {
        return fingerprints != null;
    }

    /** Whether a learned window fingerprint matches. */
    public boolean knowsWindow(long fingerprint) {
        return fingerprints != null && fingerprints.contains(fingerprint);
    }

    /**
     * The last {@link #WINDOW} values of a point and their fingerprint, for detection. Learning
     * keeps its windows in its streams' fields ({@link Stream}) and hashes them with the same
     * {@link #mix} and {@link #finish}, so both fingerprint a window identically.
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
            return store(value) ? fingerprint() : 0;
        }

        /** Adds a value; returns whether the window is full (its {@link #fingerprint} means something). */
        boolean store(double value) {
            values[next] = value;
            next = (next + 1) & (WINDOW - 1);
            if (filled < WINDOW) {
                filled++;
                return filled == WINDOW;
            }
            return true;
        }

        /** The fingerprint of the full window (never 0). */
        long fingerprint() {
            long hash = SEED;
            for (int k = 0; k < WINDOW; k++) {
                hash = mix(hash, values[(next + k) & (WINDOW - 1)]);
            }
            return finish(hash);
        }

        /** A window's hash before its first value. */
        static final long SEED = 0x2545F4914F6CDD1DL;

        /** The hash of a window's values so far followed by {@code value} (-0.0 and 0.0 alike). */
        static long mix(long hash, double value) {
            long mixed = (hash ^ Double.doubleToLongBits(value + 0.0)) * 0x9E3779B97F4A7C15L;
            return mixed ^ mixed >>> 29;
        }

        /**
         * The fingerprint of a full window of {@link #WINDOW} values, oldest first (never 0): what
         * a window kept in fields elsewhere (detection's point state) hashes to.
         */
        public static long fingerprint(double v0, double v1, double v2, double v3, double v4, double v5, double v6,
                                       double v7) {
            long hash = mix(SEED, v0);
            hash = mix(hash, v1);
            hash = mix(hash, v2);
            hash = mix(hash, v3);
            hash = mix(hash, v4);
            hash = mix(hash, v5);
            hash = mix(hash, v6);
            return finish(mix(hash, v7));
        }

        /** The fingerprint of a window whose values hashed to {@code hash}: never 0. */
        static long finish(long hash) {
            return hash == 0 ? 1 : hash;
        }

        /** True when the current window holds at least {@link #WINDOW_MIN_DISTINCT} distinct values. */
        public boolean varied() {
            return varied(values);
        }

        /** True when {@code window} holds at least {@link #WINDOW_MIN_DISTINCT} distinct values. */
        public static boolean varied(double[] window) {
            int distinctValues = 0;
            for (int k = 0; k < window.length; k++) {
                boolean seen = false;
                for (int m = 0; m < k; m++) {
                    if (window[m] == window[k]) {
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
