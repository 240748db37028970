package otb.cli.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import otb.capture.PcapWriter;

/**
 * Modbus/TCP captures built byte by byte for report tests, so what they carry really comes off
 * the wire and through the dissector and learner:
 * <ul>
 * <li>{@link #hostile}: a server that identifies itself with markup: a TCP handshake, then one
 * Read Device Identification request (function 43, MEI type 14) and its response carrying
 * VendorName, ProductCode and MajorMinorRevision strings an attacker controls;</li>
 * <li>{@link #manyServers}: one client reading holding registers of many servers, a cell too big
 * for one column of the network map.</li>
 * </ul>
 */
final class SyntheticCaptures {
    static final String VENDOR = "<script>alert('vendor')</script>";
    static final String PRODUCT = "\"><img src=x onerror=alert(2)>";
    static final String REVISION = "</text><svg onload=alert(3)>&amp;";
    static final String CLIENT = "10.66.6.10";
    static final String SERVER = "10.66.6.20";

    private static final int ETHERNET = 1;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int PSH_ACK = 0x18;

    private SyntheticCaptures() {
    }

    /**
     * One client (10.77.0.1) reading holding registers 0-9 of {@code servers} servers (10.77.0.2 and
     * up, counting on into 10.77.1.0 past 10.77.0.255).
     */
    static Path manyServers(Path file, int servers) throws IOException {
        byte[] clientMac = {0x02, 0x00, 0x00, 0x00, 0x01, 0x01};
        long nanos = 1_700_000_100_000_000_000L;
        try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out, ETHERNET, 65535)) {
            for (int i = 0; i < servers; i++) {
                byte[] serverMac = {0x02, 0x00, 0x00, 0x00, 0x02, (byte) (i + 2)};
                byte[] request = {
                        0x00, 0x01,     // MBAP transaction id 1
                        0x00, 0x00,     // protocol id 0
                        0x00, 0x06,     // length: unit id + 5 PDU bytes
                        0x01,           // unit id 1
                        0x03,           // function 3: read holding registers
                        0x00, 0x00,     // starting address 0
                        0x00, 0x0A};    // quantity 10
                byte[] response = new byte[9 + 20];
                response[1] = 0x01;     // transaction id 1
                response[5] = 23;       // length: unit id + 2 + 20 register bytes
                response[6] = 0x01;     // unit id 1
                response[7] = 0x03;     // function 3
                response[8] = 20;       // byte count
                session(pcap, nanos + i * 10_000_000L, clientMac, serverMac, address("10.77.0.1"),
                        address("10.77." + (i + 2) / 256 + "." + (i + 2) % 256), 40000 + i, request, response);
            }
        }
        return file;
    }

    /** A handshake, one request and its response. */
    private static void session(PcapWriter pcap, long nanos, byte[] clientMac, byte[] serverMac, byte[] client,
                                byte[] server, int clientPort, byte[] request, byte[] response) throws IOException {
        long clientSequence = 1000;
        long serverSequence = 5000;
        pcap.write(nanos, frame(clientMac, serverMac, client, server, clientPort, 502, clientSequence, 0, SYN,
                new byte[0]));
        pcap.write(nanos + 200_000, frame(serverMac, clientMac, server, client, 502, clientPort, serverSequence,
                clientSequence + 1, SYN | ACK, new byte[0]));
        pcap.write(nanos + 400_000, frame(clientMac, serverMac, client, server, clientPort, 502,
                clientSequence + 1, serverSequence + 1, ACK, new byte[0]));
        pcap.write(nanos + 1_000_000, frame(clientMac, serverMac, client, server, clientPort, 502,
                clientSequence + 1, serverSequence + 1, PSH_ACK, request));
        pcap.write(nanos + 3_000_000, frame(serverMac, clientMac, server, client, 502, clientPort,
                serverSequence + 1, clientSequence + 1 + request.length, PSH_ACK, response));
    }

    /** The capture with hostile device identification strings. */
    static Path hostile(Path file) throws IOException {
        byte[] clientMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0A};
        byte[] serverMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x14};
        byte[] client = address(CLIENT);
        byte[] server = address(SERVER);
        int clientPort = 49152;
        long nanos = 1_700_000_000_000_000_000L;
        byte[] request = {
                0x00, 0x01,             // MBAP transaction id 1
                0x00, 0x00,             // protocol id 0 (Modbus)
                0x00, 0x05,             // length: unit id + 4 PDU bytes
                0x01,                   // unit id 1
                0x2B, 0x0E,             // function 43, MEI type 14: Read Device Identification
                0x01,                   // read device id code 01: basic stream
                0x00};                  // object id 0: start at VendorName
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        pdu.write(new byte[] {0x2B, 0x0E, // function 43, MEI type 14
                0x01,                   // read device id code 01
                0x01,                   // conformity level: basic, stream access only
                0x00,                   // more follows: no
                0x00,                   // next object id
                0x03});                 // number of objects
        object(pdu, 0x00, VENDOR);      // VendorName
        object(pdu, 0x01, PRODUCT);     // ProductCode
        object(pdu, 0x02, REVISION);    // MajorMinorRevision
        byte[] body = pdu.toByteArray();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        response.write(new byte[] {0x00, 0x01, 0x00, 0x00, (byte) ((body.length + 1) >> 8),
                (byte) (body.length + 1), 0x01});
        response.write(body);

        try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out, ETHERNET, 65535)) {
            session(pcap, nanos, clientMac, serverMac, client, server, clientPort, request, response.toByteArray());
        }
        return file;
    }

    private static void object(ByteArrayOutputStream pdu, int id, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        pdu.write(id);
        pdu.write(bytes.length);
        pdu.writeBytes(bytes);
    }

    private static byte[] address(String text) {
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    /** Ethernet II + IPv4 (20 bytes, no options) + TCP (20 bytes, no options) + payload, with checksums. */
    private static byte[] frame(byte[] sourceMac, byte[] destinationMac, byte[] source, byte[] destination,
                                int sourcePort, int destinationPort, long sequence, long acknowledgement, int flags,
                                byte[] payload) {
        int ipLength = 20 + 20 + payload.length;
        byte[] frame = new byte[14 + ipLength];
        System.arraycopy(destinationMac, 0, frame, 0, 6);
        System.arraycopy(sourceMac, 0, frame, 6, 6);
        frame[12] = 0x08;                               // EtherType 0x0800: IPv4
        int ip = 14;
        frame[ip] = 0x45;                               // version 4, header length 5 words
        frame[ip + 2] = (byte) (ipLength >> 8);         // total length
        frame[ip + 3] = (byte) ipLength;
        frame[ip + 6] = 0x40;                           // don't fragment
        frame[ip + 8] = 64;                             // TTL
        frame[ip + 9] = 6;                              // protocol: TCP
        System.arraycopy(source, 0, frame, ip + 12, 4);
        System.arraycopy(destination, 0, frame, ip + 16, 4);
        int ipChecksum = checksum(frame, ip, 20, 0);
        frame[ip + 10] = (byte) (ipChecksum >> 8);
        frame[ip + 11] = (byte) ipChecksum;
        int tcp = ip + 20;
        frame[tcp] = (byte) (sourcePort >> 8);
        frame[tcp + 1] = (byte) sourcePort;
        frame[tcp + 2] = (byte) (destinationPort >> 8);
        frame[tcp + 3] = (byte) destinationPort;
        putInt(frame, tcp + 4, sequence);
        putInt(frame, tcp + 8, acknowledgement);
        frame[tcp + 12] = 0x50;                         // data offset 5 words
        frame[tcp + 13] = (byte) flags;
        frame[tcp + 14] = (byte) 0xFF;                  // window 65535
        frame[tcp + 15] = (byte) 0xFF;
        System.arraycopy(payload, 0, frame, tcp + 20, payload.length);
        // RFC 793 3.1: checksum over the pseudo header (addresses, protocol, TCP length) and the segment
        int tcpLength = 20 + payload.length;
        long pseudo = sum(source, 0, 4) + sum(destination, 0, 4) + 6 + tcpLength;
        int tcpChecksum = checksum(frame, tcp, tcpLength, pseudo);
        frame[tcp + 16] = (byte) (tcpChecksum >> 8);
        frame[tcp + 17] = (byte) tcpChecksum;
        return frame;
    }

    private static void putInt(byte[] bytes, int offset, long value) {
        bytes[offset] = (byte) (value >> 24);
        bytes[offset + 1] = (byte) (value >> 16);
        bytes[offset + 2] = (byte) (value >> 8);
        bytes[offset + 3] = (byte) value;
    }

    private static long sum(byte[] bytes, int offset, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            int high = bytes[offset + i] & 0xFF;
            int low = i + 1 < length ? bytes[offset + i + 1] & 0xFF : 0;
            sum += (high << 8) | low;
        }
        return sum;
    }

    /** RFC 1071 ones' complement checksum. */
    private static int checksum(byte[] bytes, int offset, int length, long initial) {
        long sum = initial + sum(bytes, offset, length);
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
