package otb.dissect;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A {@link PointSeries} read in place from the bytes being parsed: the values of a
 * shared message (see {@link OtMessage#retain()}), so that a read response costs no copy of its
 * data until someone keeps it. Reused by its session for one message after another; valid only
 * while the message that carries it is, and only while the parsed bytes are unchanged.
 * {@link #copy()} is the immutable {@link PointRun} of the same values.
 */
public final class PointWindow extends PointSeries {
    private String space = "";
    private long start;
    private int count;
    private boolean bits;
    private ByteBuffer bytes;
    private int offset;

    /**
     * Now {@code count} unsigned 16-bit values, most significant byte first, from
     * {@code bytes[offset]} (Modbus registers as on the wire); the caller has checked that the
     * bytes are there.
     */
    public PointWindow unsignedShorts(String space, long start, ByteBuffer bytes, int offset, int count) {
        Objects.checkFromIndexSize(offset, 2 * count, bytes.limit());
        return set(space, start, bytes, offset, count, false);
    }

    /**
     * Now {@code count} bits as 0/1, packed eight to a byte from {@code bytes[offset]} with the
     * first point in the lowest bit (Modbus coils and discrete inputs).
     */
    public PointWindow bits(String space, long start, ByteBuffer bytes, int offset, int count) {
        Objects.checkFromIndexSize(offset, (count + 7) / 8, bytes.limit());
        return set(space, start, bytes, offset, count, true);
    }

    private PointWindow set(String space, long start, ByteBuffer bytes, int offset, int count, boolean bits) {
        // References are stored only when they change (garbage collector barriers; see OtMessage.Builder).
        if (this.space != space) {
            this.space = Objects.requireNonNull(space, "space");
        }
        this.start = start;
        if (this.bytes != bytes) {
            this.bytes = bytes;
        }
        this.offset = offset;
        this.count = count;
        this.bits = bits;
        return this;
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
        if (bits) {
            return (bytes.get(offset + (index >>> 3)) >>> (index & 7)) & 1;
        }
        int at = offset + 2 * index;
        return ((bytes.get(at) & 0xFF) << 8) | (bytes.get(at + 1) & 0xFF);
    }


    @Override
    public int size() {
        return count;
    }

    /** The same values, copied out of the parsed bytes into an immutable run. */
    public PointRun copy() {
        byte[] copied = new byte[bits ? (count + 7) / 8 : 2 * count];
        bytes.get(offset, copied);
        return bits ? PointRun.ofBits(space, start, copied, count)
                : PointRun.ofUnsignedShorts(space, start, copied, count);
    }
}
