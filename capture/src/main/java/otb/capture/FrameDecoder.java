package otb.capture;

import java.nio.ByteBuffer;

/**
 * Decodes link, network and transport headers by reading offsets in the frame buffer: no object
 * per layer, no copy. Writes what it finds into the {@link Packet} and returns what kind of frame
 * it was. Every length from the wire is checked against the captured bytes before use.
 */
final class FrameDecoder {
    // Results of decode().
    static final int TRANSPORT = 0;
    static final int UNKNOWN_LINK_TYPE = 1;
    static final int NOT_IP = 2;
    static final int TRUNCATED = 3;
    static final int BAD_HEADER = 4;
    static final int OTHER_IP_PROTOCOL = 5;
    /** An IPv4 fragment: {@link #fragmentOffset} etc. describe it. */
    static final int IPV4_FRAGMENT = 6;
    /** An IPv6 fragment (not reassembled). */
    static final int IPV6_FRAGMENT = 7;
    /**
     * An Ethernet frame of another type than IP and ARP: the packet holds its MACs as addresses
     * ({@link IpAddress#mac}), {@link Transport#ETHERNET} as protocol, the EtherType as both ports
     * and the bytes after the EtherType (and VLAN tags) as payload.
     */
    static final int LINK_FRAME = 8;

    // LINKTYPE_* values (tcpdump.org link-layer header types).
    static final int LINKTYPE_NULL = 0;
    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LOOP = 108;
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int LINKTYPE_IPV4 = 228;
    static final int LINKTYPE_IPV6 = 229;
    static final int LINKTYPE_LINUX_SLL2 = 276;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_QINQ = 0x88A8;
    /** Pre-standard QinQ service tag still seen on some switches. */
    static final int ETHERTYPE_QINQ_LEGACY = 0x9100;
    /** ARP and RARP: the IP devices' own address resolution, not a layer-2 conversation of interest. */
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_RARP = 0x8035;
    /** The smallest EtherType (IEEE 802.3 clause 3.2.6); 1501..1535 are undefined. */
    static final int MIN_ETHERTYPE = 0x0600;
    /** Ethernet type/length values up to this are 802.3 lengths (IEEE 802.3 clause 3.2.6). */
    static final int MAX_8023_LENGTH = 1500;
    /** VLAN tags read before the frame counts as a bad header. */
    static final int MAX_VLAN_TAGS = 4;
    /** IPv6 extension headers walked before the packet counts as a bad header. */
    static final int MAX_IPV6_EXTENSION_HEADERS = 8;

    static final int PROTOCOL_TCP = 6;
    static final int PROTOCOL_UDP = 17;

    // IPv4 fragment description, valid after IPV4_FRAGMENT.
    int ipHeaderOffset;
    int ipHeaderLength;
    int fragmentOffset;
    boolean moreFragments;
    int identification;
    int fragmentPayloadEnd;

    /** True when the last decode() saw fewer bytes captured than the headers said the wire carried. */
    boolean truncated;

    int decode(Packet packet) {
        packet.decoded = false;
        packet.outerVlan = 0;
        packet.innerVlan = 0;
        packet.hasMac = false;
        packet.sourceMac = 0;
        packet.destinationMac = 0;
        packet.ipVersion = 0;
        packet.ipProtocol = 0;
        packet.sourcePort = 0;
        packet.destinationPort = 0;
        packet.tcpFlags = 0;
        packet.tcpSequence = 0;
        packet.tcpAcknowledgement = 0;
        packet.payloadOffset = 0;
        packet.payloadLength = 0;
        packet.payloadWireLength = 0;
        truncated = false;
        ByteBuffer frame = packet.frame;
        int start = packet.frameOffset;
        int end = start + packet.capturedLength;
        int at;
        int etherType;
        switch (packet.linkType) {
            case LINKTYPE_ETHERNET -> {
                // IEEE 802.3: destination MAC (6), source MAC (6), type or length (2).
                if (end - start < 14) {
                    return truncated();
                }
                packet.destinationMac = mac(frame, start);
                packet.sourceMac = mac(frame, start + 6);
                packet.hasMac = true;
                etherType = frame.getShort(start + 12) & 0xFFFF;
                at = start + 14;
                if (etherType <= MAX_8023_LENGTH) {
                    // 802.2 LLC with SNAP (RFC 1042): AA AA 03, OUI (3), type (2).
                    if (end - at < 8) {
                        return truncated();
                    }
                    if ((frame.getShort(at) & 0xFFFF) != 0xAAAA || (frame.get(at + 2) & 0xFF) != 0x03) {
                        return NOT_IP;
                    }
                    etherType = frame.getShort(at + 6) & 0xFFFF;
                    at += 8;
                }
            }
            case LINKTYPE_NULL, LINKTYPE_LOOP -> {
                // A 4-byte address family: host byte order of the capturing machine for NULL,
                // network order for LOOP. Families fit in 16 bits, so a non-zero upper half
                // means the value is little-endian.
                if (end - start < 4) {
                    return truncated();
                }
                int family = frame.getInt(start);
                if (packet.linkType == LINKTYPE_NULL && (family & 0xFFFF_0000) != 0) {
                    family = Integer.reverseBytes(family);
                }
                at = start + 4;
                etherType = switch (family) {
                    case 2 -> ETHERTYPE_IPV4;
                    // AF_INET6 of BSD/Darwin (24, 28, 30) and Linux (10).
                    case 10, 24, 28, 30 -> ETHERTYPE_IPV6;
                    default -> -1;
                };
                if (etherType < 0) {
                    return NOT_IP;
                }
            }
            case LINKTYPE_RAW -> {
                if (end - start < 1) {
                    return truncated();
                }
                int version = (frame.get(start) & 0xFF) >>> 4;
                etherType = version == 4 ? ETHERTYPE_IPV4 : version == 6 ? ETHERTYPE_IPV6 : -1;
                if (etherType < 0) {
                    return NOT_IP;
                }
                at = start;
            }
            case LINKTYPE_IPV4 -> {
                etherType = ETHERTYPE_IPV4;
                at = start;
            }
            case LINKTYPE_IPV6 -> {
                etherType = ETHERTYPE_IPV6;
                at = start;
            }
            case LINKTYPE_LINUX_SLL -> {
                // Linux cooked v1: packet type (2), ARPHRD type (2), address length (2),
                // address (8), protocol (2).
                if (end - start < 16) {
                    return truncated();
                }
                etherType = frame.getShort(start + 14) & 0xFFFF;
                at = start + 16;
            }
            case LINKTYPE_LINUX_SLL2 -> {
                // Linux cooked v2: protocol (2), reserved (2), interface index (4), ARPHRD type (2),
                // packet type (1), address length (1), address (8).
                if (end - start < 20) {
                    return truncated();
                }
                etherType = frame.getShort(start) & 0xFFFF;
                at = start + 20;
            }
            default -> {
                return UNKNOWN_LINK_TYPE;
            }
        }
        // 802.1Q customer tags and 802.1ad service tags: TCI (2: PCP 3 bits, DEI 1, VID 12), type (2).
        int tags = 0;
        while (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ || etherType == ETHERTYPE_QINQ_LEGACY) {
            if (end - at < 4) {
                return truncated();
            }
            if (++tags > MAX_VLAN_TAGS) {
                return BAD_HEADER;
            }
            int vlan = frame.getShort(at) & 0x0FFF;
            if (tags == 1) {
                packet.outerVlan = vlan;
            } else {
                packet.innerVlan = vlan;
            }
            etherType = frame.getShort(at + 2) & 0xFFFF;
            at += 4;
        }
        if (etherType == ETHERTYPE_IPV4) {
            return ipv4(packet, frame, at, end);
        }
        if (etherType == ETHERTYPE_IPV6) {
            return ipv6(packet, frame, at, end);
        }
        if (packet.hasMac && etherType >= MIN_ETHERTYPE && etherType != ETHERTYPE_ARP && etherType != ETHERTYPE_RARP) {
            return linkFrame(packet, etherType, at, end);
        }
        return NOT_IP;
    }

    /** A layer-2 frame as a datagram between two MAC-keyed addresses (see {@link #LINK_FRAME}). */
    private static int linkFrame(Packet packet, int etherType, int at, int end) {
        packet.ipVersion = 6;
        packet.sourceHigh = IpAddress.MAC_PREFIX_HIGH;
        packet.sourceLow = packet.sourceMac;
        packet.destinationHigh = IpAddress.MAC_PREFIX_HIGH;
        packet.destinationLow = packet.destinationMac;
        packet.ipProtocol = Transport.ETHERNET.ipProtocol;
        packet.sourcePort = etherType;
        packet.destinationPort = etherType;
        packet.payloadOffset = at;
        packet.payloadLength = end - at;
        // Ethernet carries no length of its own: what the capture cut off is missing from the payload.
        packet.payloadWireLength = packet.payloadLength + Math.max(0, packet.originalLength - packet.capturedLength);
        packet.decoded = true;
        return LINK_FRAME;
    }

    private int truncated() {
        truncated = true;
        return TRUNCATED;
    }

    private static long mac(ByteBuffer frame, int at) {
        return ((frame.getShort(at) & 0xFFFFL) << 32) | (frame.getInt(at + 2) & 0xFFFF_FFFFL);
    }

    /** IPv4 (RFC 791, section 3.1), options skipped through the header length. */
    private int ipv4(Packet packet, ByteBuffer frame, int at, int end) {
        if (end - at < 20) {
            return truncated();
        }
        int versionAndLength = frame.get(at) & 0xFF;
        if (versionAndLength >>> 4 != 4) {
            return BAD_HEADER;
        }
        int headerLength = (versionAndLength & 0x0F) * 4;
        if (headerLength < 20) {
            return BAD_HEADER;
        }
        if (end - at < headerLength) {
            return truncated();
        }
        int totalLength = frame.getShort(at + 2) & 0xFFFF;
        if (totalLength == 0) {
            // Segmentation offload on the capturing host leaves the length 0: take what was captured.
            totalLength = end - at;
        } else if (totalLength < headerLength) {
            return BAD_HEADER;
        }
        int wireEnd = at + totalLength;
        int capturedEnd = Math.min(wireEnd, end);
        if (wireEnd > end) {
            truncated = true;
        }
        packet.ipVersion = 4;
        packet.sourceHigh = 0;
        packet.sourceLow = frame.getInt(at + 12) & 0xFFFF_FFFFL;
        packet.destinationHigh = 0;
        packet.destinationLow = frame.getInt(at + 16) & 0xFFFF_FFFFL;
        int protocol = frame.get(at + 9) & 0xFF;
        packet.ipProtocol = protocol;
        int flagsAndOffset = frame.getShort(at + 6) & 0xFFFF;
        // Flags: bit 0x2000 = more fragments; low 13 bits = offset in 8-byte units.
        if ((flagsAndOffset & 0x3FFF) != 0) {
            ipHeaderOffset = at;
            ipHeaderLength = headerLength;
            fragmentOffset = (flagsAndOffset & 0x1FFF) * 8;
            moreFragments = (flagsAndOffset & 0x2000) != 0;
            identification = frame.getShort(at + 4) & 0xFFFF;
            fragmentPayloadEnd = capturedEnd;
            return IPV4_FRAGMENT;
        }
        return transport(packet, frame, protocol, at + headerLength, capturedEnd, wireEnd);
    }

    /** IPv6 (RFC 8200): fixed header, then extension headers skipped (section 4). */
    private int ipv6(Packet packet, ByteBuffer frame, int at, int end) {
        if (end - at < 40) {
            return truncated();
        }
        if ((frame.get(at) & 0xFF) >>> 4 != 6) {
            return BAD_HEADER;
        }
        int payloadLength = frame.getShort(at + 4) & 0xFFFF;
        int next = frame.get(at + 6) & 0xFF;
        packet.ipVersion = 6;
        packet.sourceHigh = frame.getLong(at + 8);
        packet.sourceLow = frame.getLong(at + 16);
        packet.destinationHigh = frame.getLong(at + 24);
        packet.destinationLow = frame.getLong(at + 32);
        // Payload length 0: a jumbogram (RFC 2675) or offload; take what was captured.
        int wireEnd = payloadLength == 0 ? end : at + 40 + payloadLength;
        int capturedEnd = Math.min(wireEnd, end);
        if (wireEnd > end) {
            truncated = true;
        }
        int header = at + 40;
        for (int i = 0; ; i++) {
            if (i > MAX_IPV6_EXTENSION_HEADERS) {
                return BAD_HEADER;
            }
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> {
                    // Hop-by-hop, routing, destination options, mobility, HIP, shim6:
                    // next header (1), length in 8-byte units not counting the first (1).
                    if (capturedEnd - header < 2) {
                        return wireEnd - header < 2 ? BAD_HEADER : truncated();
                    }
                    int length = ((frame.get(header + 1) & 0xFF) + 1) * 8;
                    next = frame.get(header) & 0xFF;
                    header += length;
                }
                case 44 -> {
                    // Fragment header: next (1), reserved (1), offset (13 bits) + flags, id (4).
                    if (capturedEnd - header < 8) {
                        return wireEnd - header < 8 ? BAD_HEADER : truncated();
                    }
                    int offsetAndFlags = frame.getShort(header + 2) & 0xFFFF;
                    if ((offsetAndFlags & 0xFFF9) != 0) {
                        packet.ipProtocol = frame.get(header) & 0xFF;
                        return IPV6_FRAGMENT;
                    }
                    // An atomic fragment (offset 0, no more fragments) holds the whole packet.
                    next = frame.get(header) & 0xFF;
                    header += 8;
                }
                case 51 -> {
                    // Authentication header (RFC 4302): length in 4-byte units minus 2.
                    if (capturedEnd - header < 2) {
                        return wireEnd - header < 2 ? BAD_HEADER : truncated();
                    }
                    int length = ((frame.get(header + 1) & 0xFF) + 2) * 4;
                    next = frame.get(header) & 0xFF;
                    header += length;
                }
                default -> {
                    if (header > wireEnd) {
                        return BAD_HEADER;
                    }
                    packet.ipProtocol = next;
                    return transport(packet, frame, next, header, capturedEnd, wireEnd);
                }
            }
        }
    }

    /**
     * TCP (RFC 9293, section 3.1) or UDP (RFC 768) at {@code at}; bytes are captured up to
     * {@code capturedEnd} and the wire carried up to {@code wireEnd}.
     */
    int transport(Packet packet, ByteBuffer frame, int protocol, int at, int capturedEnd, int wireEnd) {
        packet.ipProtocol = protocol;
        if (protocol == PROTOCOL_TCP) {
            if (wireEnd - at < 20) {
                return BAD_HEADER;
            }
            if (capturedEnd - at < 20) {
                return truncated();
            }
            int headerLength = ((frame.get(at + 12) & 0xFF) >>> 4) * 4;
            if (headerLength < 20 || headerLength > wireEnd - at) {
                return BAD_HEADER;
            }
            if (headerLength > capturedEnd - at) {
                return truncated();
            }
            packet.sourcePort = frame.getShort(at) & 0xFFFF;
            packet.destinationPort = frame.getShort(at + 2) & 0xFFFF;
            packet.tcpSequence = frame.getInt(at + 4) & 0xFFFF_FFFFL;
            packet.tcpAcknowledgement = frame.getInt(at + 8) & 0xFFFF_FFFFL;
            packet.tcpFlags = frame.get(at + 13) & 0xFF;
            packet.payloadOffset = at + headerLength;
            packet.payloadLength = capturedEnd - at - headerLength;
            packet.payloadWireLength = wireEnd - at - headerLength;
            packet.decoded = true;
            return TRANSPORT;
        }
        if (protocol == PROTOCOL_UDP) {
            if (wireEnd - at < 8) {
                return BAD_HEADER;
            }
            if (capturedEnd - at < 8) {
                return truncated();
            }
            int length = frame.getShort(at + 4) & 0xFFFF;
            if (length == 0) {
                // Jumbogram (RFC 2675, section 4): the length comes from the IP layer.
                length = wireEnd - at;
            }
            if (length < 8 || length > wireEnd - at) {
                return BAD_HEADER;
            }
            packet.sourcePort = frame.getShort(at) & 0xFFFF;
            packet.destinationPort = frame.getShort(at + 2) & 0xFFFF;
            packet.payloadOffset = at + 8;
            packet.payloadWireLength = length - 8;
            packet.payloadLength = Math.min(length, capturedEnd - at) - 8;
            if (packet.payloadLength < packet.payloadWireLength) {
                truncated = true;
            }
            packet.decoded = true;
            return TRANSPORT;
        }
        return OTHER_IP_PROTOCOL;
    }
}
