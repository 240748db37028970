package otb.capture;

import java.nio.ByteBuffer;

/**
 * One frame as a source delivered it, and what the decoder found in it.
 *
 * <p>A single instance is reused for every frame of a run: it and the {@link #frame()} view are
 * valid only during the callback that receives them. Copy what must outlive the callback.
 * Fields are written by the capture package only (sources and the decoder).
 */
public final class Packet {
    // Set by the source: source, frameNumber, timestampNanos, linkType, originalLength, and the
    // frame through setFrame(buffer, offset, length).
    String source = "";
    long frameNumber;
    long timestampNanos;
    int linkType;
    int originalLength;
    /** Buffer holding the frame at {@link #frameOffset}, {@link #capturedLength} bytes; big-endian. */
    ByteBuffer frame;
    int frameOffset;
    int capturedLength;
    /** The position-0 view handed out by {@link #frame()}, made on demand. */
    private ByteBuffer frameView;

    // Set by the decoder; valid when decoded is true.
    boolean decoded;
    int outerVlan;
    int innerVlan;
    long sourceMac;
    long destinationMac;
    boolean hasMac;
    int ipVersion;
    long sourceHigh;
    long sourceLow;
    long destinationHigh;
    long destinationLow;
    int ipProtocol;
    int sourcePort;
    int destinationPort;
    int tcpFlags;
    long tcpSequence;
    long tcpAcknowledgement;
    /** Absolute index of the payload in {@link #frame} (not in the view), -1 when reassembled. */
    int payloadOffset;
    int payloadLength;
    /** Payload length on the wire (from the IP header); above payloadLength when the capture cut the frame. */
    int payloadWireLength;

    /**
     * Sets the frame of the next callback: {@code length} bytes at {@code offset} of {@code buffer}.
     * Sources call this once per frame (a shared read buffer needs no copy); the buffer is switched
     * to big-endian, the order of every network field.
     */
    void setFrame(ByteBuffer buffer, int offset, int length) {
        if (buffer.order() != java.nio.ByteOrder.BIG_ENDIAN) {
            buffer.order(java.nio.ByteOrder.BIG_ENDIAN);
        }
        frame = buffer;
        frameOffset = offset;
        capturedLength = length;
        frameView = null;
        decoded = false;
    }

    /** Name of the file or interface the frame came from. */
    public String source() { return source; }

    /** 1-based frame number within its source (the number Wireshark shows for that file). */
    public long frameNumber() { return frameNumber; }

    /** Capture time in nanoseconds since the Unix epoch (UTC). */
    public long timestampNanos() { return timestampNanos; }

    /** Link-layer header type (LINKTYPE_* value). */
    public int linkType() { return linkType; }

    /** Length of the frame on the wire in bytes, which may exceed the captured bytes. */
    public int originalLength() { return originalLength; }

    /**
     * The captured bytes, position 0 .. limit; read with absolute gets only. Made on first call
     * for a frame that sits inside a larger read buffer; the hot path never calls it.
     */
    public ByteBuffer frame() {
        if (frameView == null) {
            frameView = frameOffset == 0 && frame.position() == 0 && frame.limit() == capturedLength
                    ? frame : frame.slice(frameOffset, capturedLength);
        }
        return frameView;
    }

    /** Number of bytes captured of the frame (at most {@link #originalLength()}). */
    public int capturedLength() { return capturedLength; }

    /**
     * True when the decoder found an IPv4/IPv6 packet carrying TCP or UDP, or an Ethernet frame of
     * another type than IP and ARP (then the addresses are its MACs, {@link IpAddress#mac}).
     */
    public boolean decoded() { return decoded; }

    /** VLAN id (0-4095) of the tag closest to the IP header, 0 when untagged. */
    public int vlan() { return innerVlan != 0 ? innerVlan : outerVlan; }

    /** VLAN id of the outermost tag (the 802.1ad service tag with QinQ), 0 when untagged. */
    public int outerVlan() { return outerVlan; }

    /** VLAN id of the inner 802.1Q tag under an outer tag, 0 when there is no second tag. */
    public int innerVlan() { return innerVlan; }

    public boolean hasMac() { return hasMac; }

    /** Source MAC address in the low 48 bits; meaningful when {@link #hasMac()}. */
    public long sourceMac() { return sourceMac; }

    /** Destination MAC address in the low 48 bits; meaningful when {@link #hasMac()}. */
    public long destinationMac() { return destinationMac; }

    /** 4 or 6. */
    public int ipVersion() { return ipVersion; }

    public IpAddress sourceAddress() {
        return ipVersion == 6 ? IpAddress.ipv6(sourceHigh, sourceLow) : IpAddress.ipv4((int) sourceLow);
    }

    public IpAddress destinationAddress() {
        return ipVersion == 6 ? IpAddress.ipv6(destinationHigh, destinationLow) : IpAddress.ipv4((int) destinationLow);
    }

    /**
     * True when the packet is sent to a group rather than to one device: its destination address
     * is multicast or broadcast ({@link IpAddress#isGroup()}), or its destination MAC address has
     * the group bit (IEEE 802 individual/group bit: also a directed broadcast such as 10.0.0.255).
     */
    public boolean toGroup() {
        return IpAddress.isGroup(ipVersion == 6, destinationHigh, destinationLow)
                || (hasMac && Flow.isGroupMac(destinationMac));
    }

    /** 6 for TCP, 17 for UDP, 143 for a layer-2 frame ({@link Transport#ETHERNET}). */
    public int ipProtocol() { return ipProtocol; }

    public int sourcePort() { return sourcePort; }

    public int destinationPort() { return destinationPort; }

    /** TCP flag bits (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80). */
    public int tcpFlags() { return tcpFlags; }

    /** TCP sequence number, unsigned 32-bit. */
    public long tcpSequence() { return tcpSequence; }

    /** TCP acknowledgement number, unsigned 32-bit. */
    public long tcpAcknowledgement() { return tcpAcknowledgement; }

    /**
     * Offset of the transport payload in {@link #frame()}; -1 when the payload was reassembled from
     * IPv4 fragments and is not in this frame alone.
     */
    public int payloadOffset() { return payloadOffset < 0 ? -1 : payloadOffset - frameOffset; }

    /** Captured length of the transport payload in bytes. */
    public int payloadLength() { return payloadLength; }
}
