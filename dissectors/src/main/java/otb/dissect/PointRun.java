package otb.dissect;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Values of consecutive points of one address space, held as one array: the compact form of a
 * read response or a multiple write, which can carry a hundred values or more. Immutable; the
 * {@link PointValue} of an index is made when it is read, so a message costs no object per
 * point until someone looks at them.
 */
public final class PointRun extends AbstractList<PointValue> implements RandomAccess {
    private final String space;
    private final long start;
    private final int[] values;
    private final int count;

    /**
     * @param space  the points' address space (see {@link PointRange#space()})
     * @param start  address of the first point
     * @param values the values, first point first; the run takes ownership: never modify it after
     * @param count  points in the run, 0..values.length
     */
    public PointRun(String space, long start, int[] values, int count) {
        this.space = Objects.requireNonNull(space, "space");
        this.start = start;
        this.values = values;
        Objects.checkFromIndexSize(0, count, values.length);
        this.count = count;
    }

    public String space() {
        return space;
    }

    public long start() {
        return start;
    }

    /** The value of the {@code index}-th point without making a {@link PointValue}. */
    public int valueAt(int index) {
        return values[Objects.checkIndex(index, count)];
    }

    @Override
    public PointValue get(int index) {
        return new PointValue(space, start + Objects.checkIndex(index, count), values[index]);
    }

    @Override
    public int size() {
        return count;
    }
}
