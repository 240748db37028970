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
    // Set by the source.
    String source = "";
    long frameNumber;
    long timestampNanos;
    int linkType;
    int originalLength;
    ByteBuffer frame;

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
    int payloadOffset;
    int payloadLength;

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

    /** The captured bytes, position 0 .. limit; read with absolute gets only. */
    public ByteBuffer frame() { return frame; }

    /** True when the decoder found an IPv4/IPv6 packet carrying TCP or UDP. */
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

    /** 6 for TCP, 17 for UDP. */
    public int ipProtocol() { return ipProtocol; }

    public int sourcePort() { return sourcePort; }

    public int destinationPort() { return destinationPort; }

    /** TCP flag bits (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80). */
    public int tcpFlags() { return tcpFlags; }

    /** TCP sequence number, unsigned 32-bit. */
    public long tcpSequence() { return tcpSequence; }

    /** TCP acknowledgement number, unsigned 32-bit. */
    public long tcpAcknowledgement() { return tcpAcknowledgement; }

    /** Offset of the transport payload in {@link #frame()}. */
    public int payloadOffset() { return payloadOffset; }

    /** Captured length of the transport payload in bytes. */
    public int payloadLength() { return payloadLength; }
}
