package otb.baseline.model;

/**
 * One kind of request within a function: the first address range it touches. The polling
 * cycle of a conversation is learned per signature.
 */
public final class RequestSignature {
    /** Intervals longer than this are gaps in the input, not polling cycles. */
    public static final long MAX_CYCLE_NANOS = 600_000_000_000L;

    final String space;
    final long start;
    final long count;
    final TimingSummary cycle;
    long requests;
    /** Capture time of the previous request, learning state (not persisted). */
    private long lastRequestNanos = Long.MIN_VALUE;

    RequestSignature(String space, long start, long count, TimingSummary cycle) {
        this.space = space;
        this.start = start;
        this.count = count;
        this.cycle = cycle;
    }

    /**
     * Counts a request at capture time {@code nanos}; the interval since the previous one is a
     * polling cycle when it is positive and at most {@link #MAX_CYCLE_NANOS}.
     */
    public void request(long nanos) {
        requests++;
        long interval = nanos - lastRequestNanos;
        if (lastRequestNanos != Long.MIN_VALUE && interval > 0 && interval <= MAX_CYCLE_NANOS) {
            cycle.recordNanos(interval);
        }
        lastRequestNanos = nanos;
    }

    boolean matches(String otherSpace, long otherStart, long otherCount) {
        return start == otherStart && count == otherCount && space.equals(otherSpace);
    }

    /** Address space, "" when the request touches no points. */
    public String space() { return space; }

    public long start() { return start; }

    public long count() { return count; }

    /** Intervals between consecutive requests of this signature. */
    public TimingSummary cycle() { return cycle; }

    public long requests() { return requests; }

    /** e.g. {@code holding_register:0+10}, or {@code -} for requests without points. */
    public String label() {
        return space.isEmpty() ? "-" : space + ":" + start + "+" + count;
    }
}
