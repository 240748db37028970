package otb.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/** Builds frames and capture files for tests (also other modules' tests, through the test-jar). */
public final class Frames {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private Frames() {
    }

    /** Concatenates hex fields (spaces allowed), so fixtures can carry a comment per field. */
    static byte[] hex(String... fields) {
        return HexFormat.of().parseHex(String.join("", fields).replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Ethernet II header: destination, source, type. */
    static byte[] ethernet(long destination, long source, int etherType) {
        ByteBuffer b = ByteBuffer.allocate(14);
        b.putShort((short) (destination >>> 32)).putInt((int) destination);
        b.putShort((short) (source >>> 32)).putInt((int) source);
        b.putShort((short) etherType);
        return b.array();
    }

    /** IPv4 header (no options) with total length for {@code payloadLength} bytes after it. */
    static byte[] ipv4(int source, int destination, int protocol, int payloadLength, int identification,
                       int flagsAndOffset) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payloadLength)).putShort((short) identification)
                .putShort((short) flagsAndOffset).put((byte) 64).put((byte) protocol).putShort((short) 0)
                .putInt(source).putInt(destination);
        return b.array();
    }

    static byte[] tcp(int sourcePort, int destinationPort, long sequence, long acknowledgement, int flags,
                      byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) sourcePort).putShort((short) destinationPort).putInt((int) sequence)
                .putInt((int) acknowledgement).put((byte) 0x50).put((byte) flags).putShort((short) 0xFFFF)
                .putShort((short) 0).putShort((short) 0).put(payload);
        return b.array();
    }

    static byte[] udp(int sourcePort, int destinationPort, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) (8 + payload.length))
                .putShort((short) 0).put(payload);
        return b.array();
    }

    /** Ethernet + IPv4 + TCP frame. */
    public static byte[] tcpFrame(int source, int sourcePort, int destination, int destinationPort, long sequence,
                           long acknowledgement, int flags, byte[] payload) {
        byte[] segment = tcp(sourcePort, destinationPort, sequence, acknowledgement, flags, payload);
        return concat(ethernet(0x0000_0000_0002L + destination, 0x0000_0000_0001L + source, 0x0800),
                ipv4(source, destination, 6, segment.length, 1, 0x4000), segment);
    }

    static byte[] udpFrame(int source, int sourcePort, int destination, int destinationPort, byte[] payload) {
        byte[] datagram = udp(sourcePort, destinationPort, payload);
        return concat(ethernet(2, 1, 0x0800), ipv4(source, destination, 17, datagram.length, 1, 0), datagram);
    }

    /**
     * Moves a packet to another source position without a frame, as a source reusing one packet
     * would: for benches that replay a listener's deliveries.
     */
    public static Packet at(Packet packet, String source, long frameNumber, long timestampNanos) {
        packet.source = source;
        packet.frameNumber = frameNumber;
        packet.timestampNanos = timestampNanos;
        return packet;
    }

    /** A packet as a source would deliver it as frame {@code frameNumber}, for {@link CaptureEngine#accept}. */
    public static Packet packet(int linkType, long frameNumber, long timestampNanos, byte[] frame) {
        Packet packet = packet(linkType, timestampNanos, frame);
        packet.frameNumber = frameNumber;
        return packet;
    }

    /** A packet as a source would deliver it, for {@link CaptureEngine#accept}. */
    public static Packet packet(int linkType, long timestampNanos, byte[] frame) {
        Packet packet = new Packet();
        packet.source = "test";
        packet.linkType = linkType;
        packet.timestampNanos = timestampNanos;
        packet.originalLength = frame.length;
        packet.setFrame(ByteBuffer.wrap(frame), 0, frame.length);
        return packet;
    }

    /** Classic pcap bytes: header then records, in the byte order and resolution asked for. */
    static byte[] pcap(boolean bigEndian, boolean nanoseconds, int linkType, int snapLength, long[] timestamps,
                       byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        header.putInt(nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0)
                .putInt(0).putInt(snapLength).putInt(linkType);
        out.writeBytes(header.array());
        for (int i = 0; i < frames.length; i++) {
            ByteBuffer record = ByteBuffer.allocate(16).order(header.order());
            long t = timestamps[i];
            record.putInt((int) (t / 1_000_000_000L))
                    .putInt((int) (nanoseconds ? t % 1_000_000_000L : t % 1_000_000_000L / 1000))
                    .putInt(frames[i].length).putInt(frames[i].length);
            out.writeBytes(record.array());
            out.writeBytes(frames[i]);
        }
        return out.toByteArray();
    }

    /** A pcapng block: type, total length, body padded to 4 bytes, total length again. */
    static byte[] block(ByteOrder order, int type, byte[] body) {
        int padded = (body.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(12 + padded).order(order);
        b.putInt(type).putInt(12 + padded).put(body).position(8 + padded);
        b.putInt(12 + padded);
        return b.array();
    }

    static byte[] sectionHeader(ByteOrder order) {
        ByteBuffer body = ByteBuffer.allocate(16).order(order);
        body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
        return block(order, 0x0A0D0D0A, body.array());
    }

    /** Interface description block; {@code tsresol} &lt; 0 leaves the default (microseconds). */
    static byte[] interfaceDescription(ByteOrder order, int linkType, int snapLength, int tsresol) {
        ByteBuffer body = ByteBuffer.allocate(tsresol >= 0 ? 20 : 12).order(order);
        body.putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        if (tsresol >= 0) {
            body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        }
        body.putShort((short) 0).putShort((short) 0);
        return block(order, 1, body.array());
    }

    static byte[] enhancedPacket(ByteOrder order, int interfaceId, long units, byte[] frame) {
        int padded = (frame.length + 3) & ~3;
        ByteBuffer body = ByteBuffer.allocate(20 + padded).order(order);
        body.putInt(interfaceId).putInt((int) (units >>> 32)).putInt((int) units).putInt(frame.length)
                .putInt(frame.length).put(frame);
        return block(order, 6, body.array());
    }

    static byte[] simplePacket(ByteOrder order, byte[] frame) {
        int padded = (frame.length + 3) & ~3;
        ByteBuffer body = ByteBuffer.allocate(4 + padded).order(order);
        body.putInt(frame.length).put(frame);
        return block(order, 3, body.array());
    }
}
