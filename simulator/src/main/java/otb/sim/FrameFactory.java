package otb.sim;

/**
 * Builds complete Ethernet frames (optionally 802.1Q tagged) carrying IPv4 with TCP, UDP, or
 * ARP, with correct IP, TCP and UDP checksums.
 *
 * <p>The capture point is a mirror port that sees traffic inside each cell on that cell's
 * segment, and traffic between cells once, on the segment of the VLAN-tagged cell when one of
 * the two is tagged (the mirrored trunk) and on the sender's segment otherwise. So both
 * directions of a conversation carry the same VLAN tag, as flow tables keyed by VLAN expect. A
 * host outside the observed segment appears behind that segment's router interface (its MAC),
 * and a frame seen after routing has its TTL decreased by one. Frames shorter than the
 * Ethernet minimum are padded with zeros as a switch would (60 bytes without the frame check
 * sequence, 64 when tagged).
 */
final class FrameFactory {
    static final int TCP_FIN = 0x01;
    static final int TCP_SYN = 0x02;
    static final int TCP_RST = 0x04;
    static final int TCP_PSH = 0x08;
    static final int TCP_ACK = 0x10;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int IP_PROTOCOL_TCP = 6;
    private static final int IP_PROTOCOL_UDP = 17;
    private static final int MINIMUM_FRAME = 60;
    private static final int MINIMUM_TAGGED_FRAME = 64;

    private FrameFactory() {
    }

    /** A TCP segment from {@code source} to {@code destination}; options are whole 32-bit words. */
    static byte[] tcp(Host source, Host destination, int sourcePort, int destinationPort, long sequence,
            long acknowledgement, int flags, int window, int ipIdentification, byte[] options, byte[] payload,
            int payloadOffset, int payloadLength) {
        int optionLength = options == null ? 0 : options.length;
        int tcpHeader = 20 + optionLength;
        int ipLength = 20 + tcpHeader + payloadLength;
        Cell observed = observedCell(source, destination);
        byte[] frame = new byte[Math.max(linkHeaderLength(observed) + ipLength, minimum(observed))];
        int ip = writeLinkHeader(frame, source, destination, ETHERTYPE_IPV4);
        writeIpv4Header(frame, ip, source, destination, ipLength, ipIdentification, IP_PROTOCOL_TCP);
        int tcp = ip + 20;
        Wire.put16(frame, tcp, sourcePort);
        Wire.put16(frame, tcp + 2, destinationPort);
        Wire.put32(frame, tcp + 4, (int) sequence);
        Wire.put32(frame, tcp + 8, (flags & TCP_ACK) != 0 ? (int) acknowledgement : 0);
        frame[tcp + 12] = (byte) ((tcpHeader / 4) << 4);
        frame[tcp + 13] = (byte) flags;
        Wire.put16(frame, tcp + 14, window);
        if (optionLength > 0) {
            System.arraycopy(options, 0, frame, tcp + 20, optionLength);
        }
        if (payloadLength > 0) {
            System.arraycopy(payload, payloadOffset, frame, tcp + tcpHeader, payloadLength);
        }
        int checksum = transportChecksum(frame, ip, IP_PROTOCOL_TCP, tcpHeader + payloadLength);
        Wire.put16(frame, tcp + 16, checksum);
        return frame;
    }

    /** A UDP datagram from {@code source} to {@code destination}. */
    static byte[] udp(Host source, Host destination, int sourcePort, int destinationPort, int ipIdentification,
            byte[] payload) {
        int udpLength = 8 + payload.length;
        int ipLength = 20 + udpLength;
        Cell observed = observedCell(source, destination);
        byte[] frame = new byte[Math.max(linkHeaderLength(observed) + ipLength, minimum(observed))];
        int ip = writeLinkHeader(frame, source, destination, ETHERTYPE_IPV4);
        writeIpv4Header(frame, ip, source, destination, ipLength, ipIdentification, IP_PROTOCOL_UDP);
        int udp = ip + 20;
        Wire.put16(frame, udp, sourcePort);
        Wire.put16(frame, udp + 2, destinationPort);
        Wire.put16(frame, udp + 4, udpLength);
        System.arraycopy(payload, 0, frame, udp + 8, payload.length);
        int checksum = transportChecksum(frame, ip, IP_PROTOCOL_UDP, udpLength);
        Wire.put16(frame, udp + 6, checksum == 0 ? 0xFFFF : checksum); // RFC 768: zero is sent as all ones
        return frame;
    }

    /**
     * An ARP request (RFC 826) from {@code sender} for {@code targetAddress}, broadcast; or, when
     * {@code replyTo} is not null, the reply of {@code sender} to that host.
     */
    static byte[] arp(Host sender, int targetAddress, Host replyTo) {
        byte[] frame = new byte[minimum(sender.cell())];
        long destinationMac = replyTo == null ? 0xFFFF_FFFF_FFFFL : replyTo.mac();
        int offset = writeLinkHeader(frame, sender.cell(), sender.mac(), destinationMac, ETHERTYPE_ARP);
        Wire.put16(frame, offset, 1);                 // hardware type: Ethernet
        Wire.put16(frame, offset + 2, ETHERTYPE_IPV4); // protocol type
        frame[offset + 4] = 6;
        frame[offset + 5] = 4;
        Wire.put16(frame, offset + 6, replyTo == null ? 1 : 2); // opcode: request / reply
        Wire.put48(frame, offset + 8, sender.mac());
        Wire.put32(frame, offset + 14, sender.address());
        Wire.put48(frame, offset + 18, replyTo == null ? 0L : replyTo.mac());
        Wire.put32(frame, offset + 24, replyTo == null ? targetAddress : replyTo.address());
        return frame;
    }

    /** The segment on which the mirror port sees a frame from {@code source} to {@code destination}. */
    static Cell observedCell(Host source, Host destination) {
        if (source.cell() == destination.cell() || source.cell().vlan() != 0 || destination.cell().vlan() == 0) {
            return source.cell();
        }
        return destination.cell();
    }

    private static int minimum(Cell observed) {
        return observed.vlan() != 0 ? MINIMUM_TAGGED_FRAME : MINIMUM_FRAME;
    }

    private static int linkHeaderLength(Cell observed) {
        return observed.vlan() != 0 ? 18 : 14;
    }

    private static int writeLinkHeader(byte[] frame, Host source, Host destination, int etherType) {
        Cell observed = observedCell(source, destination);
        long sourceMac = source.cell() == observed ? source.mac() : observed.gatewayMac();
        long destinationMac = destination.cell() == observed ? destination.mac() : observed.gatewayMac();
        return writeLinkHeader(frame, observed, sourceMac, destinationMac, etherType);
    }

    private static int writeLinkHeader(byte[] frame, Cell observed, long sourceMac, long destinationMac,
            int etherType) {
        Wire.put48(frame, 0, destinationMac);
        Wire.put48(frame, 6, sourceMac);
        int vlan = observed.vlan();
        if (vlan != 0) {
            Wire.put16(frame, 12, ETHERTYPE_VLAN);
            Wire.put16(frame, 14, vlan & 0x0FFF); // priority 0, DEI 0
            Wire.put16(frame, 16, etherType);
            return 18;
        }
        Wire.put16(frame, 12, etherType);
        return 14;
    }

    private static void writeIpv4Header(byte[] frame, int ip, Host source, Host destination, int totalLength,
            int identification, int protocol) {
        frame[ip] = 0x45;
        frame[ip + 1] = 0;
        Wire.put16(frame, ip + 2, totalLength);
        Wire.put16(frame, ip + 4, identification & 0xFFFF);
        Wire.put16(frame, ip + 6, 0x4000); // don't fragment
        boolean routed = observedCell(source, destination) != source.cell();
        frame[ip + 8] = (byte) (routed ? source.ttl() - 1 : source.ttl());
        frame[ip + 9] = (byte) protocol;
        Wire.put32(frame, ip + 12, source.address());
        Wire.put32(frame, ip + 16, destination.address());
        Wire.put16(frame, ip + 10, Wire.checksum(frame, ip, 20, 0));
    }

    /** RFC 793 / RFC 768 checksum over the pseudo-header and the segment starting at ip + 20. */
    private static int transportChecksum(byte[] frame, int ip, int protocol, int length) {
        long pseudo = 0;
        pseudo += Wire.get16(frame, ip + 12) + Wire.get16(frame, ip + 14);
        pseudo += Wire.get16(frame, ip + 16) + Wire.get16(frame, ip + 18);
        pseudo += protocol + length;
        return Wire.checksum(frame, ip + 20, length, pseudo);
    }
}
