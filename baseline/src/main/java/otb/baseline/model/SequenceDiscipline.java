package otb.baseline.model;

import java.util.Arrays;
import otb.dissect.SequenceNumber;

/**
 * What a sender does with one sequence counter ({@link SequenceKey}), learned over its
 * connections: how each message's value lay against the value expected after the previous one
 * in the same connection (the <em>offset</em>: 0 when it advanced by exactly what the previous
 * message took, {@code 2^bits - 1} when it repeated a one-step counter), and the values
 * connections started with. Mergeable: tallies add.
 *
 * <p>The discipline is <em>kept</em> ({@link #kept}) when at least {@link #MIN_PAIRS} consecutive
 * pairs were learned and at least {@link #KEPT_SHARE} of them had one offset, the counter's
 * {@link #step}; a client that never kept its counter in order while learning has no discipline,
 * and nothing is raised about it.
 */
public final class SequenceDiscipline {
    /** Consecutive pairs needed before a discipline counts as learned. */
    public static final long MIN_PAIRS = 32;
    /** Share of pairs that must share the dominant offset. */
    public static final double KEPT_SHARE = 0.995;
    /** An offset seen this often while learning is allowed, besides the step. */
    public static final long ALLOWED_OFFSET_COUNT = 3;
    /** Distinct offsets and start values remembered; others are counted only. */
    static final int MAX_TALLIES = 8;

    int bits;
    /** Consecutive message pairs within a connection, with no gap between them. */
    long pairs;
    /** Offsets, most seen kept ({@link #MAX_TALLIES}), with their counts. */
    long[] offsets = new long[0];
    long[] offsetCounts = new long[0];
    /** Pairs whose offset fell outside the remembered ones. */
    long otherOffsets;
    /** Connections whose first message (after a handshake) was seen, and their first values. */
    long starts;
    long[] startValues = new long[0];
    long[] startCounts = new long[0];
    long otherStarts;
    /** Largest value seen: where a counter narrower than its field wraps. */
    long largestValue = -1;

    SequenceDiscipline(int bits) {
        this.bits = bits;
    }

    /** The counter's width in bits. */
    public int bits() {
        return bits;
    }

    /** A value the counter carried. */
    public void seen(long value) {
        largestValue = Math.max(largestValue, value);
    }

    /** A message of a connection whose counter lay {@code offset} past the value expected after the one before. */
    public void pair(long offset) {
        pairs++;
        if (!addOffset(offset, 1)) {
            otherOffsets++;
        }
    }

    /** The first message of a connection whose start was seen carried {@code value}. */
    public void start(long value) {
        starts++;
        if (!addStart(value, 1)) {
            otherStarts++;
        }
    }

    private boolean addOffset(long offset, long n) {
        int at = tally(offsets, offset);
        if (at < 0) {
            if (offsets.length >= MAX_TALLIES) {
                return false;
            }
            offsets = Arrays.copyOf(offsets, offsets.length + 1);
            offsetCounts = Arrays.copyOf(offsetCounts, offsetCounts.length + 1);
            at = offsets.length - 1;
            offsets[at] = offset;
        }
        offsetCounts[at] += n;
        return true;
    }

    private boolean addStart(long value, long n) {
        int at = tally(startValues, value);
        if (at < 0) {
            if (startValues.length >= MAX_TALLIES) {
                return false;
            }
            startValues = Arrays.copyOf(startValues, startValues.length + 1);
            startCounts = Arrays.copyOf(startCounts, startCounts.length + 1);
            at = startValues.length - 1;
            startValues[at] = value;
        }
        startCounts[at] += n;
        return true;
    }

    private static int tally(long[] keys, long key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    /** The offset most pairs had, 0 (advancing exactly) when none was learned. */
    public long step() {
        long best = 0;
        long bestCount = -1;
        for (int i = 0; i < offsets.length; i++) {
            if (offsetCounts[i] > bestCount) {
                best = offsets[i];
                bestCount = offsetCounts[i];
            }
        }
        return best;
    }

    private long count(long offset) {
        int at = tally(offsets, offset);
        return at < 0 ? 0 : offsetCounts[at];
    }

    /** True when enough pairs were learned and nearly all of them had the {@link #step}. */
    public boolean kept() {
        return pairs >= MIN_PAIRS && count(step()) >= KEPT_SHARE * pairs;
    }

    /**
     * Whether a pair with this offset keeps the learned discipline: the step, an offset learned
     * at least {@link #ALLOWED_OFFSET_COUNT} times, or a wrap where the learned counter wraps
     * (from its largest learned value to 0 or 1).
     *
     * @param previous the value before, to recognise a wrap
     * @param value    the value seen
     */
    public boolean allows(long offset, long previous, long value) {
        if (offset == step() || count(offset) >= ALLOWED_OFFSET_COUNT) {
            return true;
        }
        return largestValue >= 0 && previous >= largestValue && value <= 1;
    }

    /** The learned start values when connections start at a few fixed values, else an empty array. */
    public long[] fixedStarts() {
        if (starts < MIN_STARTS || otherStarts > 0 || startValues.length > 2) {
            return new long[0];
        }
        return startValues.clone();
    }

    /** Connection starts needed before their start values count as a habit. */
    public static final long MIN_STARTS = 3;

    public long pairs() { return pairs; }

    public long starts() { return starts; }

    /** The largest value learned, -1 when none. */
    public long largestValue() { return largestValue; }

    /** Readable: "steps by 1 in 5000 of 5000 pairs, 12 connections starting at 1". */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(kept() ? "advances by " : "no discipline; mostly advances by ").append(stepText(step(), bits))
                .append(" in ").append(count(step())).append(" of ").append(pairs).append(" pairs");
        long[] fixed = fixedStarts();
        if (fixed.length > 0) {
            text.append(", ").append(starts).append(" connections starting at ");
            for (int i = 0; i < fixed.length; i++) {
                text.append(i > 0 ? " or " : "").append(fixed[i]);
            }
        }
        return text.toString();
    }

    /**
     * Readable, for an acknowledging counter ({@link SequenceFollower#acknowledged}), whose pairs
     * count {@link SequenceFollower#ACK_WITHIN} and its breaks: "acknowledges only frames sent,
     * never fewer than before, in 812 of 812 frames".
     */
    public String describeAcknowledgements() {
        return (kept() ? "acknowledges only frames sent, never fewer than before, in "
                : "no discipline; acknowledges only frames sent, never fewer than before, in ")
                + count(SequenceFollower.ACK_WITHIN) + " of " + pairs + " frames";
    }

    /** How an offset reads: the advance it makes, "1" for offset 0, "0 (repeats)" for -1. */
    public static String stepText(long offset, int bits) {
        long advance = SequenceNumber.distance(-1, offset, bits);
        return advance == 0 ? "0 (repeats)" : Long.toString(advance);
    }

    void merge(SequenceDiscipline other) {
        bits = Math.max(bits, other.bits);
        pairs += other.pairs;
        otherOffsets += other.otherOffsets;
        for (int i = 0; i < other.offsets.length; i++) {
            if (!addOffset(other.offsets[i], other.offsetCounts[i])) {
                otherOffsets += other.offsetCounts[i];
            }
        }
        starts += other.starts;
        otherStarts += other.otherStarts;
        for (int i = 0; i < other.startValues.length; i++) {
            if (!addStart(other.startValues[i], other.startCounts[i])) {
                otherStarts += other.startCounts[i];
            }
        }
        largestValue = Math.max(largestValue, other.largestValue);
    }
}
