package otb.dissect;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * Values of consecutive points of one address space, held in the form they came in rather than
 * as a {@link PointValue} each: the compact form of a read response or a multiple write, which can
 * carry a hundred values or more (Modbus: 125 registers, 2000 coils). A {@link PointValue} is made
 * when an element is read; {@link #valueAt} reads a value without one.
 */
public abstract sealed class PointSeries extends AbstractList<PointValue> implements RandomAccess
        permits PointRun, PointWindow {

    /** The points' address space. */
    public abstract String space();

    /** The address of the first point. */
    public abstract long start();

    /** The value of the {@code index}-th point without making a {@link PointValue}. */
    public abstract int valueAt(int index);

    @Override
    public PointValue get(int index) {
        return new PointValue(space(), start() + index, valueAt(index));
    }
}
