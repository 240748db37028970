package otb.baseline.detect;

/**
 * The last few intervals of a request signature and their median. The intervals are kept twice:
 * in arrival order (a ring, to know which one leaves) and sorted, the sorted copy updated as one
 * interval comes and the oldest goes, so the median is read, not sorted, at every request.
 * Sorting the window per request (an insertion sort of 8) was 2.1% of `otb analyze`'s CPU on the
 * demo plant (async-profiler, bench/README.md).
 */
final class IntervalWindow {
    private final long[] arrival;
    private final long[] sorted;
    private int count;
    /** Where the next interval goes in {@link #arrival}: the oldest once full. */
    private int next;

    IntervalWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an interval window holds at least one interval, not " + capacity);
        }
        arrival = new long[capacity];
        sorted = new long[capacity];
    }

    /** Adds an interval; once the window is full the oldest leaves. */
    void add(long interval) {
        int size = count;
        if (size == arrival.length) {
            // the oldest leaves: the sorted copy closes over one interval equal to it
            long oldest = arrival[next];
            int at = 0;
            while (sorted[at] != oldest) {
                at++;
            }
            size--;
            for (; at < size; at++) {
                sorted[at] = sorted[at + 1];
            }
        }
        int at = size;
        while (at > 0 && sorted[at - 1] > interval) {
            sorted[at] = sorted[at - 1];
            at--;
        }
        sorted[at] = interval;
        arrival[next] = interval;
        next = (next + 1) % arrival.length;
        count = size + 1;
    }

    /** Intervals held: at most the capacity. */
    int count() {
        return count;
    }

    /** True when the window holds as many intervals as it can. */
    boolean full() {
        return count == arrival.length;
    }

    int capacity() {
        return arrival.length;
    }

    /** The middle interval (the upper of the two middle ones when the count is even); the window must not be empty. */
    long median() {
        return sorted[count / 2];
    }
}
