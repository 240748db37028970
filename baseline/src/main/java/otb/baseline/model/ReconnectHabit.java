package otb.baseline.model;

import java.util.Arrays;

/**
 * How a client reconnects to one server port ({@link IpConversation}): the intervals between the
 * starts of its consecutive connections, learned as a small mergeable summary — their count, the
 * shortest and longest exactly, and a log-scale histogram of whole milliseconds (four buckets per
 * doubling, so a bucket spans at most a quarter of its lower edge; {@link #BUCKETS} buckets up to
 * about 35 years, kept sparse: only buckets that hold an interval are stored). Merging adds counts
 * bucket by bucket, so learning two inputs apart and merging gives exactly the summary of both
 * (the interval across the boundary between them is not known to either and not counted).
 *
 * <p>A new connection whose interval since the conversation's previous start lies within the
 * learned {@link #allows habit} is one the client would open anyway: a command it resends there is
 * no replay. The capture time of the latest start learned is kept (merged as the latest), so the
 * first connection of a continuation is judged against the last one learned.
 */
public final class ReconnectHabit {
    /** Buckets of the histogram: 0..3 ms one each, then four per doubling up to 2^40 ms. */
    public static final int BUCKETS = 4 * 39 + 4;
    /** Intervals longer than this (about 35 years) count in the last bucket. */
    static final long MAX_MILLIS = (1L << 40) - 1;
    /** Share of the learned intervals below the habit's lower end and above its upper end. */
    static final double TAIL = 0.01;

    long count;
    long minMillis = Long.MAX_VALUE;
    long maxMillis = -1;
    /** Capture time of the latest connection start learned, {@link Long#MIN_VALUE} before any. */
    long lastStartNanos = Long.MIN_VALUE;
    /** Buckets that hold intervals, ascending, and their counts (shared empty arrays before any). */
    short[] buckets = NO_BUCKETS;
    long[] counts = NO_COUNTS;
    private static final short[] NO_BUCKETS = new short[0];
    private static final long[] NO_COUNTS = new long[0];

    /** A connection of the conversation started at {@code nanos}, {@code sincePrevious} after the one before (-1: none known). */
    public void connectionStarted(long nanos, long sincePreviousNanos) {
        lastStartNanos = Math.max(lastStartNanos, nanos);
        if (sincePreviousNanos >= 0) {
            add(sincePreviousNanos / 1_000_000);
        }
    }

    /** One interval of whole milliseconds. */
    void add(long millis) {
        long clamped = Math.min(Math.max(millis, 0), MAX_MILLIS);
        count++;
        minMillis = Math.min(minMillis, clamped);
        maxMillis = Math.max(maxMillis, clamped);
        addToBucket(bucket(clamped), 1);
    }

    private void addToBucket(int bucket, long n) {
        int at = Arrays.binarySearch(buckets, (short) bucket);
        if (at < 0) {
            at = -at - 1;
            short[] moreBuckets = new short[buckets.length + 1];
            long[] moreCounts = new long[counts.length + 1];
            System.arraycopy(buckets, 0, moreBuckets, 0, at);
            System.arraycopy(counts, 0, moreCounts, 0, at);
            System.arraycopy(buckets, at, moreBuckets, at + 1, buckets.length - at);
            System.arraycopy(counts, at, moreCounts, at + 1, counts.length - at);
            moreBuckets[at] = (short) bucket;
            buckets = moreBuckets;
            counts = moreCounts;
        }
        counts[at] += n;
    }

    /** The bucket of an interval: exact below 4 ms, then four per doubling. */
    static int bucket(long millis) {
        if (millis < 4) {
            return (int) millis;
        }
        int top = 63 - Long.numberOfLeadingZeros(millis);
        return 4 * (top - 1) + (int) ((millis >>> (top - 2)) & 3);
    }

    /** The smallest interval of a bucket, in milliseconds. */
    static long lowerEdge(int bucket) {
        if (bucket < 4) {
            return bucket;
        }
        int top = bucket / 4 + 1;
        return (4L + bucket % 4) << (top - 2);
    }

    /** The first interval past a bucket, in milliseconds. */
    static long upperEdge(int bucket) {
        return bucket < 4 ? bucket + 1 : lowerEdge(bucket) + (1L << (bucket / 4 - 1));
    }

    /** Intervals learned. */
    public long count() { return count; }

    /** The shortest interval learned, in milliseconds; -1 before any. */
    public long minMillis() { return count == 0 ? -1 : minMillis; }

    public long maxMillis() { return maxMillis; }

    /** Capture time of the latest connection start learned; meaningful when {@link #hasStart}. */
    public long lastStartNanos() { return lastStartNanos; }

    /** True once a connection start was learned. */
    public boolean hasStart() { return lastStartNanos != Long.MIN_VALUE; }

    /** The bucket holding the interval of the given rank (1-based, ascending). */
    private int bucketOfRank(long rank) {
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return buckets[i];
            }
        }
        return buckets[buckets.length - 1];
    }

    /**
     * The habit's range in milliseconds, {lower, upper exclusive}: from the bucket of the 1st
     * percentile interval to that of the 99th (with fewer than 100 intervals, the shortest and
     * the longest), widened by one bucket each way (about a fifth) for the jitter of a timer;
     * null before any interval was learned.
     */
    public long[] rangeMillis() {
        if (count == 0) {
            return null;
        }
        long lowRank = Math.max(1, (long) Math.ceil(TAIL * count));
        long highRank = Math.max(1, (long) Math.ceil((1 - TAIL) * count));
        int low = bucketOfRank(lowRank);
        int high = bucketOfRank(highRank);
        return new long[] {lowerEdge(Math.max(0, low - 1)), upperEdge(Math.min(BUCKETS - 1, high + 1))};
    }

    /** True when a connection {@code sinceNanos} after the previous start is within the learned habit. */
    public boolean allows(long sinceNanos) {
        long[] range = rangeMillis();
        if (range == null || sinceNanos < 0) {
            return false;
        }
        long millis = Math.min(sinceNanos / 1_000_000, MAX_MILLIS);
        return millis >= range[0] && millis < range[1];
    }

    /** Readable: "reconnects after 2.1 s..2.9 s (41 intervals, 1.9 s..3.0 s)". */
    public String describe() {
        long[] range = rangeMillis();
        if (range == null) {
            return "never reconnected while learning";
        }
        return "reconnects after " + Formats.seconds(range[0] * 1_000_000) + ".."
                + Formats.seconds(range[1] * 1_000_000) + " (" + count + (count == 1 ? " interval, " : " intervals, ")
                + Formats.seconds(minMillis * 1_000_000) + ".." + Formats.seconds(maxMillis * 1_000_000) + ")";
    }

    /** Distinct buckets held (each 10 bytes stored, about 10 in memory). */
    public int bucketsHeld() { return buckets.length; }

    /** Bucket counts as {bucket, count} pairs, ascending: for the codec and tests. */
    long[][] histogram() {
        long[][] pairs = new long[buckets.length][];
        for (int i = 0; i < buckets.length; i++) {
            pairs[i] = new long[] {buckets[i], counts[i]};
        }
        return pairs;
    }

    /** Restores one bucket's count (codec). */
    void restore(int bucket, long n) {
        if (bucket < 0 || bucket >= BUCKETS || n <= 0) {
            throw new IllegalArgumentException("reconnect bucket " + bucket + " count " + n);
        }
        addToBucket(bucket, n);
    }

    void merge(ReconnectHabit other) {
        count += other.count;
        minMillis = Math.min(minMillis, other.minMillis);
        maxMillis = Math.max(maxMillis, other.maxMillis);
        lastStartNanos = Math.max(lastStartNanos, other.lastStartNanos);
        for (int i = 0; i < other.buckets.length; i++) {
            addToBucket(other.buckets[i], other.counts[i]);
        }
    }
}
