package otb.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Classic libpcap files: microsecond and nanosecond magic in either byte order, and the
 * "modified" (Kuznetzov) variant with a longer record header. Format from the tcpdump.org
 * pcap file format (draft-ietf-opsawg-pcap): a 24-byte file header, then records of a 16-byte
 * header (seconds, fraction, captured length, original length) and the captured bytes.
 */
final class PcapFileSource implements PacketSource {
    static final int MAGIC_MICROSECONDS = 0xA1B2C3D4;
    static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    /** Modified pcap (Alexey Kuznetzov's patches): 8 more bytes per record header. */
    static final int MAGIC_MODIFIED = 0xA1B2CD34;
    static final int FILE_HEADER_BYTES = 24;
    /**
     * Largest captured length accepted for a record (libpcap's and Wireshark's maximum snap
     * length); a larger one means the file is damaged.
     */
    static final int MAX_RECORD_BYTES = 262_144;

    private final String name;
    private final ReadableByteChannel channel;
    private final ChannelReader reader;
    private final boolean swapped;
    private final boolean nanoseconds;
    private final int recordHeaderBytes;
    private final int linkType;
    private final int maxCapturedBytes;
    private final Packet packet = new Packet();
    private volatile boolean stopped;

    /** Reads the file header; the reader stands at the start of the stream. */
    PcapFileSource(String name, ReadableByteChannel channel, ChannelReader reader) throws CaptureException {
        this.name = name;
        this.channel = channel;
        this.reader = reader;
        try {
            if (!reader.ensure(FILE_HEADER_BYTES)) {
                throw reader.damaged(name, "pcap file header truncated: "
                        + reader.available() + " of " + FILE_HEADER_BYTES + " bytes");
            }
        } catch (IOException e) {
            throw reader.readError(name, e);
        }
        ByteBuffer buffer = reader.buffer();
        int at = buffer.position();
        int magic = buffer.getInt(at);
        boolean swap = false;
        if (magic == Integer.reverseBytes(MAGIC_MICROSECONDS) || magic == Integer.reverseBytes(MAGIC_NANOSECONDS)
                || magic == Integer.reverseBytes(MAGIC_MODIFIED)) {
            swap = true;
            magic = Integer.reverseBytes(magic);
        }
        if (magic != MAGIC_MICROSECONDS && magic != MAGIC_NANOSECONDS && magic != MAGIC_MODIFIED) {
            throw reader.damaged(name, String.format("not a pcap file: magic 0x%08x", magic));
        }
        this.swapped = swap;
        this.nanoseconds = magic == MAGIC_NANOSECONDS;
        this.recordHeaderBytes = magic == MAGIC_MODIFIED ? 24 : 16;
        int snapLength = readInt(buffer, at + 16);
        // The link-type field carries FCS information in its top bits (pcap draft, LinkType and
        // additional information); the link type itself is the low 16 bits.
        this.linkType = readInt(buffer, at + 20) & 0xFFFF;
        this.maxCapturedBytes = snapLength > 0 && snapLength <= MAX_RECORD_BYTES ? snapLength : MAX_RECORD_BYTES;
        reader.consume(FILE_HEADER_BYTES);
        packet.source = name;
        packet.linkType = linkType;
    }

    private int readInt(ByteBuffer buffer, int index) {
        int value = buffer.getInt(index);
        return swapped ? Integer.reverseBytes(value) : value;
    }

    @Override
    public String name() {
        return name;
    }

    /** LINKTYPE_* of every record. */
    int linkType() {
        return linkType;
    }

    @Override
    public void run(FrameHandler handler) throws CaptureException {
        ByteBuffer buffer = reader.buffer();
        int headerBytes = recordHeaderBytes;
        long fractionToNanos = nanoseconds ? 1 : 1_000;
        long frameNumber = packet.frameNumber;
        try {
            while (!stopped) {
                if (!reader.ensure(headerBytes)) {
                    if (reader.available() > 0) {
                        throw reader.damaged(name, "record header truncated: "
                                + reader.available() + " of " + headerBytes + " bytes");
                    }
                    return;
                }
                int at = buffer.position();
                long seconds = readInt(buffer, at) & 0xFFFF_FFFFL;
                long fraction = readInt(buffer, at + 4) & 0xFFFF_FFFFL;
                long captured = readInt(buffer, at + 8) & 0xFFFF_FFFFL;
                long original = readInt(buffer, at + 12) & 0xFFFF_FFFFL;
                if (captured > maxCapturedBytes) {
                    throw reader.damaged(name, "record captured length " + captured
                            + " exceeds the snap length " + maxCapturedBytes);
                }
                int length = (int) captured;
                if (!reader.ensure(headerBytes + length)) {
                    throw reader.damaged(name, "record truncated: " + length
                            + " bytes announced, " + Math.max(0, reader.available() - headerBytes) + " present");
                }
                at = buffer.position();
                packet.frameNumber = ++frameNumber;
                packet.timestampNanos = seconds * 1_000_000_000L + fraction * fractionToNanos;
                packet.originalLength = (int) Math.min(Integer.MAX_VALUE, Math.max(original, captured));
                packet.setFrame(buffer, at + headerBytes, length);
                reader.consume(headerBytes + length);
                handler.frame(packet);
            }
        } catch (IOException e) {
            throw reader.readError(name, e);
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public void close() {
        CaptureFiles.closeQuietly(channel);
    }
}
