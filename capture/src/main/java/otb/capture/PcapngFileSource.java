package otb.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * pcapng files (draft-ietf-opsawg-pcapng): sections in either byte order, several interfaces
 * each with its own link type, snap length and timestamp resolution, enhanced, simple and
 * (obsolete) packet blocks; every other block is skipped.
 */
final class PcapngFileSource implements PacketSource {
    static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    static final int PACKET_BLOCK = 2;
    static final int SIMPLE_PACKET_BLOCK = 3;
    static final int ENHANCED_PACKET_BLOCK = 6;
    /** Option codes of the interface description block (pcapng draft, section 4.2). */
    static final int OPTION_END = 0;
    static final int OPTION_IF_TSRESOL = 9;
    static final int OPTION_IF_TSOFFSET = 14;
    /** Interfaces one section may define. */
    static final int MAX_INTERFACES = 4096;
    /** Largest block skipped unread (blocks read whole must also fit the read buffer). */
    static final long MAX_SKIPPED_BLOCK_BYTES = 64L << 20;
    /** Smallest block: type, length, trailing length. */
    static final int MIN_BLOCK_BYTES = 12;
    /** Section header without options: block header, byte-order magic, version, section length. */
    static final int MIN_SECTION_HEADER_BYTES = 28;

    private final String name;
    private final ReadableByteChannel channel;
    private final ChannelReader reader;
    private final Packet packet = new Packet();
    private volatile boolean stopped;
    private boolean swapped;

    // Interfaces of the current section, by index.
    private int interfaceCount;
    private int[] linkTypes = new int[4];
    private int[] snapLengths = new int[4];
    private long[] unitsPerSecond = new long[4];
    private boolean[] binaryResolution = new boolean[4];
    private int[] resolutionExponent = new int[4];
    private long[] offsetSeconds = new long[4];

    PcapngFileSource(String name, ReadableByteChannel channel, ChannelReader reader) {
        this.name = name;
        this.channel = channel;
        this.reader = reader;
        packet.source = name;
    }

    @Override
    public String name() {
        return name;
    }

    private int readInt(ByteBuffer buffer, int index) {
        int value = buffer.getInt(index);
        return swapped ? Integer.reverseBytes(value) : value;
    }

    private int readShort(ByteBuffer buffer, int index) {
        short value = buffer.getShort(index);
        return (swapped ? Short.reverseBytes(value) : value) & 0xFFFF;
    }

    @Override
    public void run(FrameHandler handler) throws CaptureException {
        ByteBuffer buffer = reader.buffer();
        boolean firstBlock = packet.frameNumber == 0 && reader.offset() == 0;
        try {
            while (!stopped) {
                if (!reader.ensure(8)) {
                    if (reader.available() > 0) {
                        throw damaged("block header truncated: " + reader.available() + " of 8 bytes");
                    }
                    return;
                }
                int at = buffer.position();
                int type = buffer.getInt(at);
                if (type == SECTION_HEADER_BLOCK) {
                    // The byte-order magic tells the order of the whole section (section 4.1).
                    if (!reader.ensure(12)) {
                        throw damaged("section header block truncated");
                    }
                    at = buffer.position();
                    int magic = buffer.getInt(at + 8);
                    if (magic == BYTE_ORDER_MAGIC) {
                        swapped = false;
                    } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
                        swapped = true;
                    } else {
                        throw damaged(String.format("bad byte-order magic 0x%08x in section header block", magic));
                    }
                    interfaceCount = 0;
                } else if (firstBlock) {
                    throw damaged(String.format("pcapng file does not start with a section header block (0x%08x)", type));
                }
                firstBlock = false;
                if (swapped) {
                    type = Integer.reverseBytes(type);
                }
                long blockLength = readInt(buffer, at + 4) & 0xFFFF_FFFFL;
                if (blockLength < MIN_BLOCK_BYTES || blockLength % 4 != 0) {
                    throw damaged("bad block length " + blockLength);
                }
                if (type == SECTION_HEADER_BLOCK && blockLength < MIN_SECTION_HEADER_BYTES) {
                    throw damaged("section header block too short: " + blockLength + " bytes");
                }
                boolean readWhole = type == SECTION_HEADER_BLOCK || type == INTERFACE_DESCRIPTION_BLOCK
                        || type == ENHANCED_PACKET_BLOCK || type == SIMPLE_PACKET_BLOCK || type == PACKET_BLOCK;
                if (!readWhole) {
                    if (blockLength > MAX_SKIPPED_BLOCK_BYTES) {
                        throw damaged("block length " + blockLength + " exceeds the bound of " + MAX_SKIPPED_BLOCK_BYTES);
                    }
                    long start = reader.offset();
                    if (!reader.skip(blockLength)) {
                        throw reader.damaged(name, start, "block truncated: " + blockLength
                                + " bytes announced, " + (reader.offset() - start) + " present");
                    }
                    continue;
                }
                if (blockLength > ChannelReader.BUFFER_BYTES) {
                    throw damaged("block length " + blockLength + " exceeds the bound of " + ChannelReader.BUFFER_BYTES);
                }
                int length = (int) blockLength;
                if (!reader.ensure(length)) {
                    throw damaged("block truncated: " + length + " bytes announced, " + reader.available() + " present");
                }
                at = buffer.position();
                int trailing = readInt(buffer, at + length - 4);
                if (trailing != length) {
                    throw damaged("block trailing length " + (trailing & 0xFFFF_FFFFL) + " differs from its length " + length);
                }
                switch (type) {
                    case INTERFACE_DESCRIPTION_BLOCK -> interfaceDescription(buffer, at, length);
                    case ENHANCED_PACKET_BLOCK -> {
                        if (enhancedPacket(buffer, at, length)) {
                            reader.consume(length);
                            handler.frame(packet);
                            continue;
                        }
                    }
                    case PACKET_BLOCK -> {
                        if (obsoletePacket(buffer, at, length)) {
                            reader.consume(length);
                            handler.frame(packet);
                            continue;
                        }
                    }
                    case SIMPLE_PACKET_BLOCK -> {
                        if (simplePacket(buffer, at, length)) {
                            reader.consume(length);
                            handler.frame(packet);
                            continue;
                        }
                    }
                    default -> {
                        // section header: nothing more to keep
                    }
                }
                reader.consume(length);
            }
        } catch (IOException e) {
            throw reader.readError(name, e);
        }
    }

    private CaptureException damaged(String what) {
        return reader.damaged(name, what);
    }

    /** Interface description block (section 4.2): link type, snap length, options. */
    private void interfaceDescription(ByteBuffer buffer, int at, int length) throws CaptureException {
        if (length < 20) {
            throw damaged("interface description block too short: " + length + " bytes");
        }
        if (interfaceCount == MAX_INTERFACES) {
            throw damaged("more than " + MAX_INTERFACES + " interfaces in one section");
        }
        if (interfaceCount == linkTypes.length) {
            int grown = interfaceCount * 2;
            linkTypes = Arrays.copyOf(linkTypes, grown);
            snapLengths = Arrays.copyOf(snapLengths, grown);
            unitsPerSecond = Arrays.copyOf(unitsPerSecond, grown);
            binaryResolution = Arrays.copyOf(binaryResolution, grown);
            resolutionExponent = Arrays.copyOf(resolutionExponent, grown);
            offsetSeconds = Arrays.copyOf(offsetSeconds, grown);
        }
        int index = interfaceCount++;
        linkTypes[index] = readShort(buffer, at + 8);
        snapLengths[index] = readInt(buffer, at + 12);
        unitsPerSecond[index] = 1_000_000;
        binaryResolution[index] = false;
        resolutionExponent[index] = 6;
        offsetSeconds[index] = 0;
        int option = at + 16;
        int end = at + length - 4;
        while (option + 4 <= end) {
            int code = readShort(buffer, option);
            int optionLength = readShort(buffer, option + 2);
            int value = option + 4;
            if (code == OPTION_END || value + optionLength > end) {
                break;
            }
            if (code == OPTION_IF_TSRESOL && optionLength >= 1) {
                // if_tsresol: high bit set = negative power of 2, clear = negative power of 10.
                int resolution = buffer.get(value) & 0xFF;
                int exponent = resolution & 0x7F;
                boolean binary = (resolution & 0x80) != 0;
                if (binary ? exponent > 62 : exponent > 18) {
                    throw damaged("unsupported timestamp resolution 0x" + Integer.toHexString(resolution));
                }
                binaryResolution[index] = binary;
                resolutionExponent[index] = exponent;
                unitsPerSecond[index] = binary ? 1L << exponent : powerOfTen(exponent);
            } else if (code == OPTION_IF_TSOFFSET && optionLength >= 8) {
                // A 64-bit signed count of seconds in the section's byte order.
                if (swapped) {
                    offsetSeconds[index] = ((long) readInt(buffer, value + 4) << 32) | (readInt(buffer, value) & 0xFFFF_FFFFL);
                } else {
                    offsetSeconds[index] = ((long) readInt(buffer, value) << 32) | (readInt(buffer, value + 4) & 0xFFFF_FFFFL);
                }
            }
            option = value + ((optionLength + 3) & ~3);
        }
    }

    private static long powerOfTen(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    /** Converts a timestamp in units of the interface's resolution to nanoseconds since the epoch. */
    private long nanos(int interfaceId, long units) {
        long perSecond = unitsPerSecond[interfaceId];
        long seconds = Long.divideUnsigned(units, perSecond);
        long remainder = Long.remainderUnsigned(units, perSecond);
        long fraction;
        if (perSecond <= 1_000_000_000L) {
            fraction = remainder * 1_000_000_000L / perSecond;
        } else if (!binaryResolution[interfaceId]) {
            fraction = remainder / (perSecond / 1_000_000_000L);
        } else {
            // remainder * 10^9 / 2^e with a 128-bit product.
            int exponent = resolutionExponent[interfaceId];
            long high = Math.multiplyHigh(remainder, 1_000_000_000L);
            long low = remainder * 1_000_000_000L;
            fraction = exponent >= 64 ? high >>> (exponent - 64) : (low >>> exponent) | (high << (64 - exponent));
        }
        return (seconds + offsetSeconds[interfaceId]) * 1_000_000_000L + fraction;
    }

    private void checkInterface(long interfaceId) throws CaptureException {
        if (interfaceId < 0 || interfaceId >= interfaceCount) {
            throw damaged("packet block names interface " + interfaceId + " but " + interfaceCount
                    + " are described");
        }
    }

    /** Enhanced packet block (section 4.3). */
    private boolean enhancedPacket(ByteBuffer buffer, int at, int length) throws CaptureException {
        if (length < 32) {
            throw damaged("enhanced packet block too short: " + length + " bytes");
        }
        long interfaceId = readInt(buffer, at + 8) & 0xFFFF_FFFFL;
        checkInterface(interfaceId);
        long units = ((readInt(buffer, at + 12) & 0xFFFF_FFFFL) << 32) | (readInt(buffer, at + 16) & 0xFFFF_FFFFL);
        long captured = readInt(buffer, at + 20) & 0xFFFF_FFFFL;
        long original = readInt(buffer, at + 24) & 0xFFFF_FFFFL;
        if (captured > length - 32) {
            throw damaged("captured length " + captured + " exceeds its block of " + length + " bytes");
        }
        deliver((int) interfaceId, units, buffer, at + 28, (int) captured, original);
        return true;
    }

    /** Obsolete packet block (appendix A of the draft): 16-bit interface id and drop count. */
    private boolean obsoletePacket(ByteBuffer buffer, int at, int length) throws CaptureException {
        if (length < 32) {
            throw damaged("packet block too short: " + length + " bytes");
        }
        int interfaceId = readShort(buffer, at + 8);
        checkInterface(interfaceId);
        long units = ((readInt(buffer, at + 12) & 0xFFFF_FFFFL) << 32) | (readInt(buffer, at + 16) & 0xFFFF_FFFFL);
        long captured = readInt(buffer, at + 20) & 0xFFFF_FFFFL;
        long original = readInt(buffer, at + 24) & 0xFFFF_FFFFL;
        if (captured > length - 32) {
            throw damaged("captured length " + captured + " exceeds its block of " + length + " bytes");
        }
        deliver(interfaceId, units, buffer, at + 28, (int) captured, original);
        return true;
    }

    /** Simple packet block (section 4.4): interface 0, no timestamp, captured = min(original, snap, block). */
    private boolean simplePacket(ByteBuffer buffer, int at, int length) throws CaptureException {
        if (length < 16) {
            throw damaged("simple packet block too short: " + length + " bytes");
        }
        checkInterface(0);
        long original = readInt(buffer, at + 8) & 0xFFFF_FFFFL;
        long captured = Math.min(original, length - 16);
        long snap = snapLengths[0] & 0xFFFF_FFFFL;
        if (snap > 0) {
            captured = Math.min(captured, snap);
        }
        packet.frameNumber++;
        packet.linkType = linkTypes[0];
        packet.timestampNanos = 0;
        packet.originalLength = (int) Math.min(Integer.MAX_VALUE, original);
        packet.setFrame(buffer, at + 12, (int) captured);
        return true;
    }

    private void deliver(int interfaceId, long units, ByteBuffer buffer, int data, int captured, long original) {
        packet.frameNumber++;
        packet.linkType = linkTypes[interfaceId];
        packet.timestampNanos = nanos(interfaceId, units);
        packet.originalLength = (int) Math.min(Integer.MAX_VALUE, Math.max(original, captured));
        packet.setFrame(buffer, data, captured);
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
