package otb.dissect;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Values of consecutive points of one address space, held in the form they came in rather than
 * as a {@link PointValue} each: the compact form of a read response or a multiple write, which can
 * carry a hundred values or more (Modbus: 125 registers, 2000 coils). Immutable; a
 * {@link PointValue} is made when an element is read, {@link #valueAt} reads a value without one.
 */
public final class PointRun extends AbstractList<PointValue> implements RandomAccess {
    private static final int INTS = 0;
    private static final int BITS = 1;
    private static final int UNSIGNED_SHORTS = 2;

    private final String space;
    private final long start;
    private final int count;
    private final int encoding;
    private final int[] ints;
    private final byte[] bytes;

    private PointRun(String space, long start, int count, int encoding, int[] ints, byte[] bytes) {
        this.space = Objects.requireNonNull(space, "space");
        this.start = start;
        this.count = count;
        this.encoding = encoding;
        this.ints = ints;
        this.bytes = bytes;
    }

    /** {@code count} values, one int each; the run takes ownership of the array. */
    public static PointRun ofInts(String space, long start, int[] values, int count) {
        Objects.checkFromIndexSize(0, count, values.length);
        return new PointRun(space, start, count, INTS, values, null);
    }

    /**
     * {@code count} bits as 0/1, packed eight to a byte with the first point in the lowest bit of
     * the first byte (Modbus coils and discrete inputs); the run takes ownership of the array.
     */
    public static PointRun ofBits(String space, long start, byte[] packed, int count) {
        Objects.checkFromIndexSize(0, count, packed.length * 8);
        return new PointRun(space, start, count, BITS, null, packed);
    }

    /**
     * {@code count} unsigned 16-bit values, two bytes each, most significant byte first (Modbus
     * registers as on the wire); the run takes ownership of the array.
     */
    public static PointRun ofUnsignedShorts(String space, long start, byte[] bigEndian, int count) {
        Objects.checkFromIndexSize(0, count, bigEndian.length / 2);
        return new PointRun(space, start, count, UNSIGNED_SHORTS, null, bigEndian);
    }

    /** The points' address space. */
    public String space() {
        return space;
    }

    /** The address of the first point. */
    public long start() {
        return start;
    }

    /** The value of the {@code index}-th point without making a {@link PointValue}. */
    public int valueAt(int index) {
        Objects.checkIndex(index, count);
        switch (encoding) {
            case BITS:
                return (bytes[index >>> 3] >>> (index & 7)) & 1;
            case UNSIGNED_SHORTS:
                return ((bytes[2 * index] & 0xFF) << 8) | (bytes[2 * index + 1] & 0xFF);
            default:
                return ints[index];
        }
    }

    @Override
    public PointValue get(int index) {
        return new PointValue(space, start + index, valueAt(index));
    }

    @Override
    public int size() {
        return count;
    }
}
