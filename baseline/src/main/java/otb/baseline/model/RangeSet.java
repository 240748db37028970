package otb.baseline.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Disjoint, sorted address intervals [start, end) of one address space, bounded to
 * {@link #MAX_INTERVALS}: past the bound, the two closest neighbours are joined, so the set
 * over-approximates rather than grows.
 */
public final class RangeSet {
    public static final int MAX_INTERVALS = 64;

    private long[] starts = new long[4];
    private long[] ends = new long[4];
    private int size;

    /** Adds [start, start + count). */
    public void add(long start, long count) {
        long end = start + Math.max(1, count);
        int i = 0;
        while (i < size && ends[i] < start) {
            i++;
        }
        if (i < size && starts[i] <= end) {
            // overlaps or touches interval i: extend it and swallow the following ones it reaches
            starts[i] = Math.min(starts[i], start);
            ends[i] = Math.max(ends[i], end);
            int j = i + 1;
            while (j < size && starts[j] <= ends[i]) {
                ends[i] = Math.max(ends[i], ends[j]);
                j++;
            }
            int removed = j - i - 1;
            if (removed > 0) {
                System.arraycopy(starts, j, starts, i + 1, size - j);
                System.arraycopy(ends, j, ends, i + 1, size - j);
                size -= removed;
            }
            return;
        }
        if (size == starts.length) {
            starts = java.util.Arrays.copyOf(starts, size * 2);
            ends = java.util.Arrays.copyOf(ends, size * 2);
        }
        System.arraycopy(starts, i, starts, i + 1, size - i);
        System.arraycopy(ends, i, ends, i + 1, size - i);
        starts[i] = start;
        ends[i] = end;
        size++;
        if (size > MAX_INTERVALS) {
            joinClosest();
        }
    }

    private void joinClosest() {
        int best = 0;
        long bestGap = Long.MAX_VALUE;
        for (int i = 0; i + 1 < size; i++) {
            long gap = starts[i + 1] - ends[i];
            if (gap < bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        ends[best] = ends[best + 1];
        System.arraycopy(starts, best + 2, starts, best + 1, size - best - 2);
        System.arraycopy(ends, best + 2, ends, best + 1, size - best - 2);
        size--;
    }

    /** True when every address of [start, start + count) is in the set. */
    public boolean contains(long start, long count) {
        long end = start + Math.max(1, count);
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (ends[mid] <= start) {
                low = mid + 1;
            } else if (starts[mid] > start) {
                high = mid - 1;
            } else {
                return end <= ends[mid];
            }
        }
        return false;
    }

    public void addAll(RangeSet other) {
        for (int i = 0; i < other.size; i++) {
            add(other.starts[i], other.ends[i] - other.starts[i]);
        }
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Intervals as [start, end) pairs. */
    public List<long[]> intervals() {
        List<long[]> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(new long[] {starts[i], ends[i]});
        }
        return list;
    }

    /** Text form such as {@code 0-9,100-100} (inclusive ends). */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(starts[i]).append('-').append(ends[i] - 1);
        }
        return text.toString();
    }
}
