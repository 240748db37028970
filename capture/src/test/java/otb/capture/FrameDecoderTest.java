package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.capture.Frames.concat;
import static otb.capture.Frames.hex;

import org.junit.jupiter.api.Test;

/** Byte fixtures for each link type and header variant, one comment per field. */
class FrameDecoderTest {
    /** IPv4 + TCP carrying 4 payload bytes: 192.168.0.21:50000 -> 192.168.0.2:102. */
    static final byte[] IPV4_TCP = hex(
            "45",               // version 4, header length 5 x 4 bytes
            "00",               // DSCP / ECN
            "002c",             // total length 44 = 20 IP + 20 TCP + 4 payload
            "1234",             // identification
            "4000",             // flags: don't fragment; fragment offset 0
            "40",               // TTL 64
            "06",               // protocol 6 = TCP
            "0000",             // header checksum (not verified)
            "c0a80015",         // source 192.168.0.21
            "c0a80002",         // destination 192.168.0.2
            "c350",             // TCP source port 50000
            "0066",             // destination port 102 (ISO-TSAP)
            "fffffff0",         // sequence number 4294967280
            "0000abcd",         // acknowledgement number 43981
            "50",               // data offset 5 x 4 bytes
            "18",               // flags PSH + ACK
            "2000",             // window
            "0000",             // checksum
            "0000",             // urgent pointer
            "03000004");        // payload: a TPKT header (version 3, length 4)

    /** IPv4 with 8 bytes of options + UDP carrying 2 bytes: 10.0.0.1:20000 -> 10.0.0.2:20000. */
    static final byte[] IPV4_OPTIONS_UDP = hex(
            "47",               // version 4, header length 7 x 4 bytes (8 option bytes)
            "00",               // DSCP / ECN
            "0026",             // total length 38 = 28 IP + 8 UDP + 2 payload
            "0001",             // identification
            "0000",             // flags 0, offset 0
            "40",               // TTL
            "11",               // protocol 17 = UDP
            "0000",             // checksum
            "0a000001",         // source 10.0.0.1
            "0a000002",         // destination 10.0.0.2
            "94040000",         // option: router alert (RFC 2113)
            "01010100",         // options: NOP, NOP, NOP, end of list
            "4e20",             // UDP source port 20000
            "4e20",             // destination port 20000
            "000a",             // UDP length 10 = 8 header + 2 payload
            "0000",             // checksum
            "0564");            // payload: DNP3 start bytes

    /** IPv6 with hop-by-hop options and an atomic fragment header, then UDP with 3 bytes. */
    static final byte[] IPV6_EXTENSIONS_UDP = hex(
            "60000000",         // version 6, traffic class 0, flow label 0
            "0023",             // payload length 35 = 8 hop-by-hop + 8 fragment + 8 UDP + 3 + (8 pad)
            "00",               // next header 0 = hop-by-hop options
            "40",               // hop limit
            "20010db8000000000000000000000001", // source 2001:db8::1
            "20010db8000000000000000000000002", // destination 2001:db8::2
            "2c",               // hop-by-hop: next header 44 = fragment
            "00",               // length 0 -> 8 bytes
            "010400000000",     // PadN option filling the 8 bytes
            "11",               // fragment header: next header 17 = UDP
            "00",               // reserved
            "0000",             // offset 0, M flag 0: an atomic fragment (RFC 6946)
            "00000001",         // identification
            "bac0",             // UDP source port 47808
            "ffee",             // destination port 65518
            "000b",             // UDP length 11 = 8 + 3
            "0000",             // checksum
            "810a00",           // payload: BACnet/IP BVLC start
            "0000000000000000");// 8 trailing bytes the UDP length excludes

    private static Packet decode(int linkType, byte[] frame, int expected) {
        Packet packet = Frames.packet(linkType, 0, frame);
        assertEquals(expected, new FrameDecoder().decode(packet), "decode result");
        return packet;
    }

    private static void assertIpv4Tcp(Packet packet, int payloadOffset) {
        assertTrue(packet.decoded());
        assertEquals(4, packet.ipVersion());
        assertEquals("192.168.0.21", packet.sourceAddress().toString());
        assertEquals("192.168.0.2", packet.destinationAddress().toString());
        assertEquals(6, packet.ipProtocol());
        assertEquals(50000, packet.sourcePort());
        assertEquals(102, packet.destinationPort());
        assertEquals(4294967280L, packet.tcpSequence());
        assertEquals(43981L, packet.tcpAcknowledgement());
        assertEquals(0x18, packet.tcpFlags());
        assertEquals(payloadOffset, packet.payloadOffset());
        assertEquals(4, packet.payloadLength());
        assertEquals(0x03, packet.frame().get(packet.payloadOffset()));
    }

    @Test
    void ethernet() {
        byte[] frame = concat(hex(
                "001b1b000001",     // destination MAC (Siemens OUI)
                "00e04c000002",     // source MAC
                "0800"),            // EtherType IPv4
                IPV4_TCP);
        Packet packet = decode(1, frame, FrameDecoder.TRANSPORT);
        assertIpv4Tcp(packet, 14 + 40);
        assertTrue(packet.hasMac());
        assertEquals(0x001b1b000001L, packet.destinationMac());
        assertEquals(0x00e04c000002L, packet.sourceMac());
        assertEquals(0, packet.vlan());
    }

    @Test
    void ethernetWithPadding() {
        // Frames shorter than 60 bytes are padded; the IP total length bounds the payload.
        byte[] frame = concat(hex("ffffffffffff", "020000000001", "0800"), IPV4_OPTIONS_UDP,
                hex("000000000000"));      // 6 bytes of Ethernet padding
        Packet packet = decode(1, frame, FrameDecoder.TRANSPORT);
        assertEquals(2, packet.payloadLength());
        assertEquals(20000, packet.sourcePort());
    }

    @Test
    void vlan8021Q() {
        byte[] frame = concat(hex(
                "001b1b000001",     // destination MAC
                "00e04c000002",     // source MAC
                "8100",             // TPID 802.1Q
                "a02a",             // TCI: priority 5, DEI 0, VLAN 42
                "0800"),            // EtherType IPv4
                IPV4_TCP);
        Packet packet = decode(1, frame, FrameDecoder.TRANSPORT);
        assertIpv4Tcp(packet, 18 + 40);
        assertEquals(42, packet.vlan());
        assertEquals(42, packet.outerVlan());
        assertEquals(0, packet.innerVlan());
    }

    @Test
    void qinq8021ad() {
        byte[] frame = concat(hex(
                "001b1b000001",     // destination MAC
                "00e04c000002",     // source MAC
                "88a8",             // TPID 802.1ad service tag
                "0064",             // TCI: S-VLAN 100
                "8100",             // TPID 802.1Q customer tag
                "0fff",             // TCI: C-VLAN 4095
                "0800"),            // EtherType IPv4
                IPV4_TCP);
        Packet packet = decode(1, frame, FrameDecoder.TRANSPORT);
        assertIpv4Tcp(packet, 22 + 40);
        assertEquals(4095, packet.vlan());
        assertEquals(100, packet.outerVlan());
        assertEquals(4095, packet.innerVlan());
    }

    @Test
    void tooManyVlanTagsIsABadHeader() {
        byte[] frame = concat(hex("001b1b000001", "00e04c000002"),
                hex("81000001", "81000002", "81000003", "81000004", "81000005"), // five 802.1Q tags
                hex("0800"), IPV4_TCP);
        decode(1, frame, FrameDecoder.BAD_HEADER);
    }

    @Test
    void llcSnap() {
        byte[] frame = concat(hex(
                "001b1b000001",     // destination MAC
                "00e04c000002",     // source MAC
                "0034",             // 802.3 length 52 (<= 1500: a length, not a type)
                "aa",               // DSAP SNAP
                "aa",               // SSAP SNAP
                "03",               // control: unnumbered information
                "000000",           // OUI 0 (encapsulated Ethernet)
                "0800"),            // type IPv4
                IPV4_TCP);
        assertIpv4Tcp(decode(1, frame, FrameDecoder.TRANSPORT), 22 + 40);
    }

    @Test
    void arpIsNotIp() {
        byte[] frame = hex("ffffffffffff", "00e04c000002",
                "0806",             // EtherType ARP
                "0001080006040001");// start of an ARP request
        decode(1, frame, FrameDecoder.NOT_IP);
    }

    @Test
    void bsdNullLittleEndian() {
        byte[] frame = concat(hex("02000000"),  // AF_INET = 2, little-endian host
                IPV4_TCP);
        Packet packet = decode(0, frame, FrameDecoder.TRANSPORT);
        assertIpv4Tcp(packet, 4 + 40);
        assertFalse(packet.hasMac());
    }

    @Test
    void bsdNullBigEndianIpv6() {
        byte[] frame = concat(hex("0000001e"),  // AF_INET6 = 30 (Darwin), big-endian host
                IPV6_EXTENSIONS_UDP);
        Packet packet = decode(0, frame, FrameDecoder.TRANSPORT);
        assertEquals(6, packet.ipVersion());
    }

    @Test
    void loopIsAlwaysNetworkOrder() {
        byte[] frame = concat(hex("00000002"),  // AF_INET in network byte order
                IPV4_TCP);
        assertIpv4Tcp(decode(108, frame, FrameDecoder.TRANSPORT), 4 + 40);
    }

    @Test
    void rawIpLinkTypes() {
        assertIpv4Tcp(decode(101, IPV4_TCP, FrameDecoder.TRANSPORT), 40);  // LINKTYPE_RAW, version nibble
        assertIpv4Tcp(decode(228, IPV4_TCP, FrameDecoder.TRANSPORT), 40);  // LINKTYPE_IPV4
        Packet v6 = decode(229, IPV6_EXTENSIONS_UDP, FrameDecoder.TRANSPORT); // LINKTYPE_IPV6
        assertEquals("2001:db8::1", v6.sourceAddress().toString());
        assertEquals("2001:db8::2", v6.destinationAddress().toString());
        assertEquals(17, v6.ipProtocol());
        assertEquals(47808, v6.sourcePort());
        assertEquals(40 + 16 + 8, v6.payloadOffset());
        assertEquals(3, v6.payloadLength());
        decode(101, hex("50"), FrameDecoder.NOT_IP);                         // version 5
    }

    @Test
    void linuxCookedV1() {
        byte[] frame = concat(hex(
                "0000",             // packet type: to us
                "0001",             // ARPHRD_ETHER
                "0006",             // link-layer address length 6
                "00e04c0000020000", // address, padded to 8
                "0800"),            // protocol IPv4
                IPV4_TCP);
        assertIpv4Tcp(decode(113, frame, FrameDecoder.TRANSPORT), 16 + 40);
    }

    @Test
    void linuxCookedV2() {
        byte[] frame = concat(hex(
                "0800",             // protocol IPv4
                "0000",             // reserved
                "00000002",         // interface index 2
                "0001",             // ARPHRD_ETHER
                "04",               // packet type: outgoing
                "06",               // address length 6
                "00e04c0000020000"),// address, padded to 8
                IPV4_TCP);
        assertIpv4Tcp(decode(276, frame, FrameDecoder.TRANSPORT), 20 + 40);
    }

    @Test
    void ipv4WithOptionsAndUdp() {
        Packet packet = decode(101, IPV4_OPTIONS_UDP, FrameDecoder.TRANSPORT);
        assertEquals(17, packet.ipProtocol());
        assertEquals(28 + 8, packet.payloadOffset());
        assertEquals(2, packet.payloadLength());
    }

    @Test
    void unknownLinkType() {
        decode(147, IPV4_TCP, FrameDecoder.UNKNOWN_LINK_TYPE);   // LINKTYPE_USER0
    }

    @Test
    void truncatedAndBadHeaders() {
        FrameDecoder decoder = new FrameDecoder();
        // Captured bytes end inside the TCP header.
        byte[] cut = java.util.Arrays.copyOf(IPV4_TCP, 30);
        assertEquals(FrameDecoder.TRUNCATED, decoder.decode(Frames.packet(101, 0, cut)));
        assertTrue(decoder.truncated);
        // Snap length cut the payload: decoded, with the wire length kept.
        byte[] shortPayload = java.util.Arrays.copyOf(IPV4_TCP, 42);
        Packet packet = Frames.packet(101, 0, shortPayload);
        assertEquals(FrameDecoder.TRANSPORT, decoder.decode(packet));
        assertTrue(decoder.truncated);
        assertEquals(2, packet.payloadLength());
        assertEquals(4, packet.payloadWireLength);
        // IHL below 5.
        byte[] badLength = IPV4_TCP.clone();
        badLength[0] = 0x44;
        assertEquals(FrameDecoder.BAD_HEADER, decoder.decode(Frames.packet(101, 0, badLength)));
        // Total length shorter than the header.
        byte[] badTotal = IPV4_TCP.clone();
        badTotal[3] = 10;
        assertEquals(FrameDecoder.BAD_HEADER, decoder.decode(Frames.packet(101, 0, badTotal)));
        // TCP data offset beyond the segment.
        byte[] badOffset = IPV4_TCP.clone();
        badOffset[32] = (byte) 0xF0;
        assertEquals(FrameDecoder.BAD_HEADER, decoder.decode(Frames.packet(101, 0, badOffset)));
        // ICMP is another IP protocol.
        byte[] icmp = IPV4_TCP.clone();
        icmp[9] = 1;
        assertEquals(FrameDecoder.OTHER_IP_PROTOCOL, decoder.decode(Frames.packet(101, 0, icmp)));
    }

    @Test
    void ipv4FragmentsAreRecognised() {
        FrameDecoder decoder = new FrameDecoder();
        byte[] first = IPV4_TCP.clone();
        first[6] = 0x20;                    // more fragments, offset 0
        assertEquals(FrameDecoder.IPV4_FRAGMENT, decoder.decode(Frames.packet(101, 0, first)));
        assertTrue(decoder.moreFragments);
        assertEquals(0, decoder.fragmentOffset);
        byte[] later = IPV4_TCP.clone();
        later[6] = 0x00;
        later[7] = 0x03;                    // offset 3 x 8 = 24 bytes, last fragment
        assertEquals(FrameDecoder.IPV4_FRAGMENT, decoder.decode(Frames.packet(101, 0, later)));
        assertFalse(decoder.moreFragments);
        assertEquals(24, decoder.fragmentOffset);
        assertEquals(0x1234, decoder.identification);
    }

    @Test
    void ipv4TotalLengthZeroMeansSegmentationOffload() {
        byte[] offload = IPV4_TCP.clone();
        offload[2] = 0;
        offload[3] = 0;
        Packet packet = decode(101, offload, FrameDecoder.TRANSPORT);
        assertEquals(4, packet.payloadLength());
    }
}
