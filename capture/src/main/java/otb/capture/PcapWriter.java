package otb.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes classic pcap (little-endian, nanosecond magic {@code 0xa1b23c4d}): the simulator's
 * output and the evidence files of alerts. Streams; holds one record header in memory.
 */
public final class PcapWriter implements AutoCloseable {
    /** Nanosecond-resolution pcap magic (as written little-endian). */
    public static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    private final OutputStream out;
    private final int snapLength;
    private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] copy;
    private long records;

    /**
     * @param out        where to write; closed by {@link #close()}
     * @param linkType   LINKTYPE_* of every record (1 = Ethernet)
     * @param snapLength largest captured length a record may have, 1..262144
     */
    public PcapWriter(OutputStream out, int linkType, int snapLength) throws IOException {
        if (snapLength < 1 || snapLength > 262_144) {
            throw new IllegalArgumentException("snap length out of range: " + snapLength);
        }
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.snapLength = snapLength;
        this.copy = new byte[snapLength];
        ByteBuffer global = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        global.putInt(MAGIC_NANOSECONDS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snapLength).putInt(linkType);
        this.out.write(global.array());
    }

    /**
     * Appends one record: the bytes of {@code frame} from position to limit (not moved), cut to
     * the snap length.
     *
     * @param timestampNanos capture time, nanoseconds since the epoch, not negative
     * @param originalLength length on the wire, at least the captured length
     */
    public void write(long timestampNanos, ByteBuffer frame, int originalLength) throws IOException {
        int captured = Math.min(frame.remaining(), snapLength);
        header.clear();
        header.putInt((int) (timestampNanos / 1_000_000_000L)).putInt((int) (timestampNanos % 1_000_000_000L))
                .putInt(captured).putInt(Math.max(originalLength, captured));
        out.write(header.array());
        if (frame.hasArray()) {
            out.write(frame.array(), frame.arrayOffset() + frame.position(), captured);
        } else {
            frame.duplicate().get(copy, 0, captured);
            out.write(copy, 0, captured);
        }
        records++;
    }

    /** Convenience for whole byte arrays. */
    public void write(long timestampNanos, byte[] frame) throws IOException {
        write(timestampNanos, ByteBuffer.wrap(frame), frame.length);
    }

    public long records() {
        return records;
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
