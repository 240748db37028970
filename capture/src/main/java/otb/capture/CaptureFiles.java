package otb.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opens capture files: pcap, pcapng, and gzip of either, told apart by magic number. */
public final class CaptureFiles {
    /** First two bytes of a gzip member (RFC 1952, section 2.3.1). */
    static final int GZIP_MAGIC = 0x1F8B;
    private static final int GZIP_BUFFER_BYTES = 1 << 16;

    private CaptureFiles() {
    }

    /**
     * Opens a capture file; the format comes from its magic number, never its extension.
     * Frames carry the path as given as their {@link Packet#source()}.
     *
     * @throws CaptureException when the file is missing, unreadable or of an unknown format
     */
    public static PacketSource open(Path file) throws CaptureException {
        String name = file.toString();
        FileChannel fileChannel;
        try {
            fileChannel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CaptureException(name + ": no such file");
        } catch (IOException | SecurityException e) {
            throw new CaptureException(name + ": cannot open: " + describe(e));
        }
        ReadableByteChannel channel = fileChannel;
        try {
            ByteBuffer head = ByteBuffer.allocate(2);
            while (head.hasRemaining() && fileChannel.read(head) >= 0) {
                // read the first two bytes
            }
            fileChannel.position(0);
            if (head.position() == 2 && (head.getShort(0) & 0xFFFF) == GZIP_MAGIC) {
                InputStream gzip = new GZIPInputStream(Channels.newInputStream(fileChannel), GZIP_BUFFER_BYTES);
                channel = new InputStreamChannel(gzip);
            }
            return open(name, channel, head.position() == 2 && (head.getShort(0) & 0xFFFF) == GZIP_MAGIC);
        } catch (IOException e) {
            closeQuietly(channel);
            throw readError(name, 0, false, e);
        } catch (CaptureException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Opens a capture from a stream already positioned at its first byte (the magic number). */
    static PacketSource open(String name, ReadableByteChannel channel, boolean compressed) throws CaptureException {
        ChannelReader reader = new ChannelReader(channel, compressed);
        try {
            if (!reader.ensure(4)) {
                throw reader.damaged(name, reader.available() == 0 ? "empty file" : "file too short for a magic number");
            }
        } catch (IOException e) {
            throw reader.readError(name, e);
        }
        ByteBuffer buffer = reader.buffer();
        int magic = buffer.getInt(buffer.position());
        if (magic == PcapngFileSource.SECTION_HEADER_BLOCK) {
            return new PcapngFileSource(name, channel, reader);
        }
        if (magic == PcapFileSource.MAGIC_MICROSECONDS || magic == PcapFileSource.MAGIC_NANOSECONDS
                || magic == PcapFileSource.MAGIC_MODIFIED
                || magic == Integer.reverseBytes(PcapFileSource.MAGIC_MICROSECONDS)
                || magic == Integer.reverseBytes(PcapFileSource.MAGIC_NANOSECONDS)
                || magic == Integer.reverseBytes(PcapFileSource.MAGIC_MODIFIED)) {
            return new PcapFileSource(name, channel, reader);
        }
        throw reader.damaged(name, String.format("unknown file format: magic 0x%08x is neither pcap nor pcapng",
                magic));
    }

    /**
     * The one-line error for damaged input: "FILE: byte OFFSET: what is wrong"; in a gzip file
     * the offset counts decompressed bytes and says so.
     */
    static CaptureException damaged(String name, long offset, boolean compressed, String what) {
        return new CaptureException(name + ": byte " + offset + (compressed ? " (decompressed)" : "") + ": " + what);
    }

    static CaptureException readError(String name, long offset, boolean compressed, IOException e) {
        String what;
        if (e instanceof EOFException) {
            what = "compressed stream cut short (" + describe(e) + ")";
        } else if (e instanceof ZipException) {
            what = "corrupt compressed stream (" + describe(e) + ")";
        } else {
            what = "read error: " + describe(e);
        }
        return new CaptureException(name + ": byte " + offset + (compressed ? " (decompressed)" : "") + ": " + what, e);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.replace('\n', ' ');
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing a file we only read cannot lose data; nothing to report.
        }
    }
}
