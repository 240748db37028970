package otb.dissect;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The point values one message carries, held in three parallel arrays (space, address, value)
 * instead of one {@link PointValue} object each: an immutable {@code List<PointValue>} whose
 * {@link #get} makes the record on demand, and whose {@link #space}, {@link #address} and
 * {@link #value} read a value's parts without making one.
 *
 * <p>A Modbus read of 125 registers used to cost 125 records, an {@code ArrayList}'s growth and
 * a copy into the message; on a plant of 50,000 registers that was the largest allocation of
 * `otb learn` (bench/README.md, "values without records"). Now it is three arrays, made once.
 */
public final class PointValues extends AbstractList<PointValue> implements RandomAccess {
    /** No values. */
    public static final PointValues EMPTY = new PointValues(new String[0], new long[0], new double[0]);

    private final String[] spaces;
    private final long[] addresses;
    private final double[] values;

    private PointValues(String[] spaces, long[] addresses, double[] values) {
        this.spaces = spaces;
        this.addresses = addresses;
        this.values = values;
    }

    /** These values: the list itself when it is a {@code PointValues} (immutable), else a copy. */
    public static PointValues copyOf(List<PointValue> values) {
        if (values instanceof PointValues same) {
            return same;
        }
        if (values.isEmpty()) {
            return EMPTY;
        }
        Builder builder = new Builder(values.size());
        for (PointValue value : values) {
            builder.add(value.space(), value.address(), value.value());
        }
        return builder.build();
    }

    @Override
    public int size() {
        return values.length;
    }

    /** The value at {@code index} as a record (made on each call). */
    @Override
    public PointValue get(int index) {
        return new PointValue(spaces[index], addresses[index], values[index]);
    }

    /** The address space of the value at {@code index}. */
    public String space(int index) {
        return spaces[index];
    }

    /** The point address of the value at {@code index}. */
    public long address(int index) {
        return addresses[index];
    }

    /** The value at {@code index}. */
    public double value(int index) {
        return values[index];
    }

    /** Collects values in order; {@link #build} makes the list. Not thread-safe. */
    public static final class Builder {
        private String[] spaces;
        private long[] addresses;
        private double[] values;
        private int size;
        /** True once {@link #build} gave the arrays to a list: the next value added copies them. */
        private boolean given;

        public Builder(int expected) {
            int capacity = Math.max(4, expected);
            spaces = new String[capacity];
            addresses = new long[capacity];
            values = new double[capacity];
        }

        public Builder add(String space, long address, double value) {
            if (size == values.length || given) {
                resize(size == values.length ? size * 2 : values.length);
            }
            spaces[size] = space;
            addresses[size] = address;
            values[size] = value;
            size++;
            return this;
        }

        /**
         * Makes room for {@code more} values beyond those added, when the caller knows how many come;
         * grows by half at least, so that many small reservations (an S7 answer's items) copy little.
         */
        public Builder reserve(int more) {
            if (more > values.length - size) {
                resize(Math.max(size + more, values.length + (values.length >> 1)));
            }
            return this;
        }

        private void resize(int capacity) {
            given = false;
            spaces = Arrays.copyOf(spaces, capacity);
            addresses = Arrays.copyOf(addresses, capacity);
            values = Arrays.copyOf(values, capacity);
        }

        /** The values added so far; the builder may go on adding to a list of its own. */
        public PointValues build() {
            if (size == 0) {
                return EMPTY;
            }
            if (size == values.length) {
                given = true;
                return new PointValues(spaces, addresses, values);
            }
            return new PointValues(Arrays.copyOf(spaces, size), Arrays.copyOf(addresses, size),
                    Arrays.copyOf(values, size));
        }
    }
}
