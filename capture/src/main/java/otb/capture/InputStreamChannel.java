package otb.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A channel over a stream that makes one stream read per call, so the bytes a read returned
 * are never lost to an exception of a later read (the JDK adapter keeps reading while the
 * stream reports bytes available, and drops what it read when gzip input ends early).
 */
final class InputStreamChannel implements ReadableByteChannel {
    private static final int CHUNK_BYTES = 1 << 16;

    private final InputStream in;
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private boolean open = true;

    InputStreamChannel(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        int wanted = Math.min(destination.remaining(), chunk.length);
        if (wanted == 0) {
            return 0;
        }
        int read = in.read(chunk, 0, wanted);
        if (read > 0) {
            destination.put(chunk, 0, read);
        }
        return read;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
        in.close();
    }
}
