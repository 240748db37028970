package otb.dissect;

import java.util.Objects;

/**
 * A {@link PointSeries} held in an array of its own: immutable, so a message costs no object per
 * point until someone looks at them.
 */
public final class PointRun extends PointSeries {
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

    @Override
    public String space() {
        return space;
    }

    @Override
    public long start() {
        return start;
    }

    @Override
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
    public int size() {
        return count;
    }
}
