package otb.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * Buffered reading of a capture file through one reused direct buffer: the unread bytes lie
 * between the buffer's position and limit, and frames are handed out as offsets into it (no
 * copy per record). Works for files of any size and for pipes (gzip).
 */
final class ChannelReader {
    /** Size of the read buffer; every record or block held whole must fit in it. */
    static final int BUFFER_BYTES = 1 << 20;

    private final ReadableByteChannel channel;
    private final ByteBuffer buffer;
    /** Offset in the input stream of buffer index 0. */
    private long bufferStartOffset;
    private boolean endOfInput;
    /** True when the channel decompresses: offsets then count decompressed bytes. */
    private final boolean compressed;

    ChannelReader(ReadableByteChannel channel, boolean compressed) {
        this.channel = channel;
        this.compressed = compressed;
        this.buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.BIG_ENDIAN);
        buffer.limit(0);
    }

    /** The read buffer; unread bytes from position to limit. Big-endian. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** Bytes buffered and not yet consumed. */
    int available() {
        return buffer.remaining();
    }

    /** Offset in the input stream of the next unread byte. */
    long offset() {
        return bufferStartOffset + buffer.position();
    }

    /**
     * Makes at least {@code count} (at most {@link #BUFFER_BYTES}) bytes available from the
     * position, reading as needed; false when the input ends first. May move the buffered
     * bytes, so indices taken before the call are stale after it.
     */
    boolean ensure(int count) throws IOException {
        if (count > buffer.capacity()) {
            throw new IllegalArgumentException("cannot buffer " + count + " bytes");
        }
        while (buffer.remaining() < count) {
            if (endOfInput) {
                return false;
            }
            if (buffer.capacity() - buffer.limit() < Math.max(count - buffer.remaining(), BUFFER_BYTES / 4)) {
                bufferStartOffset += buffer.position();
                buffer.compact();
                buffer.flip();
            }
            int position = buffer.position();
            buffer.position(buffer.limit());
            buffer.limit(buffer.capacity());
            int read;
            try {
                read = channel.read(buffer);
            } finally {
                buffer.limit(buffer.position());
                buffer.position(position);
            }
            if (read < 0) {
                endOfInput = true;
            }
        }
        return true;
    }

    /** Consumes {@code count} bytes that {@link #ensure} made available. */
    void consume(int count) {
        buffer.position(buffer.position() + count);
    }

    /** Consumes {@code count} bytes, reading through them; false when the input ends first. */
    boolean skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (buffer.remaining() == 0 && !ensure(1)) {
                return false;
            }
            int step = (int) Math.min(left, buffer.remaining());
            consume(step);
            left -= step;
        }
        return true;
    }

    /** The one-line error for damaged input at {@code offset}: "FILE: byte OFFSET: what is wrong". */
    CaptureException damaged(String name, long offset, String what) {
        return CaptureFiles.damaged(name, offset, compressed, what);
    }

    /** The one-line error for damaged input at the next unread byte. */
    CaptureException damaged(String name, String what) {
        return damaged(name, offset(), what);
    }

    CaptureException readError(String name, IOException e) {
        return CaptureFiles.readError(name, offset(), compressed, e);
    }
}
