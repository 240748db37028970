package otb.dissect.iec104;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import otb.capture.Direction;
import otb.capture.PcapWriter;
import org.junit.jupiter.api.Test;

/**
 * The synthetic capture of the golden test is exactly {@link Iec104Frames#conversation()} over
 * one TCP connection (10.0.0.1:40000, controlling, to 10.0.0.2:2404), one segment a frame, 10 ms
 * apart, after a three-way handshake. Rewritten only on purpose: run this test with
 * {@code -Diec104.regenerate=true}, then fixtures/golden/iec104/regenerate.sh for Wireshark's reading.
 */
class Iec104SyntheticCaptureTest {
    static final Path CAPTURE = Path.of("fixtures/golden/iec104/synthetic/input.pcap");
    private static final long START_NANOS = 1_796_639_412_000_000_000L; // 2026-12-07T10:30:12Z
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int PSH_ACK = 0x18;

    @Test
    void theStoredCaptureIsTheConversationOfTheByteFixtures() throws IOException {
        byte[] built = capture();
        if (Boolean.getBoolean("iec104.regenerate")) {
            Files.createDirectories(CAPTURE.getParent());
            Files.write(CAPTURE, built);
        }
        assertArrayEquals(built, Files.readAllBytes(CAPTURE),
                "run with -Diec104.regenerate=true on purpose, then fixtures/golden/iec104/regenerate.sh");
    }

    static byte[] capture() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapWriter pcap = new PcapWriter(bytes, LINKTYPE_ETHERNET, 65535)) {
            long[] next = {1000, 5000}; // next sequence number of the client and of the server
            long time = START_NANOS;
            pcap.write(time, segment(Direction.TO_SERVER, next[0] - 1, 0, SYN, new byte[0]));
            pcap.write(time += 1_000_000, segment(Direction.TO_CLIENT, next[1] - 1, next[0], SYN | ACK, new byte[0]));
            pcap.write(time += 1_000_000, segment(Direction.TO_SERVER, next[0], next[1], ACK, new byte[0]));
            for (Iec104Frames.Segment segment : Iec104Frames.conversation()) {
                boolean toServer = segment.direction() == Direction.TO_SERVER;
                int side = toServer ? 0 : 1;
                pcap.write(time += 10_000_000, segment(segment.direction(), next[side], next[1 - side], PSH_ACK,
                        segment.bytes()));
                next[side] += segment.bytes().length;
            }
        }
        return bytes.toByteArray();
    }

    /** An Ethernet II frame with an IPv4 header and a TCP header (checksums computed), then the payload. */
    private static byte[] segment(Direction direction, long sequence, long acknowledgement, int flags, byte[] payload) {
        boolean toServer = direction == Direction.TO_SERVER;
        int ipLength = 20 + 20 + payload.length;
        ByteBuffer frame = ByteBuffer.allocate(14 + ipLength);
        byte[] client = {10, 0, 0, 1};
        byte[] server = {10, 0, 0, 2};
        frame.put(new byte[] {2, 0, 0, 0, 0, (byte) (toServer ? 2 : 1)});   // destination MAC
        frame.put(new byte[] {2, 0, 0, 0, 0, (byte) (toServer ? 1 : 2)});   // source MAC
        frame.putShort((short) 0x0800);                                      // IPv4
        int ip = frame.position();
        frame.put((byte) 0x45).put((byte) 0).putShort((short) ipLength)     // version 4, IHL 5, total length
                .putShort((short) 0).putShort((short) 0x4000)               // id 0, don't fragment
                .put((byte) 64).put((byte) 6).putShort((short) 0)           // TTL, TCP, checksum later
                .put(toServer ? client : server).put(toServer ? server : client);
        frame.putShort(ip + 10, (short) checksum(frame.array(), ip, 20, 0));
        int tcp = frame.position();
        frame.putShort((short) (toServer ? 40000 : Iec104Protocol.PORT))
                .putShort((short) (toServer ? Iec104Protocol.PORT : 40000))
                .putInt((int) sequence).putInt((int) acknowledgement)
                .put((byte) 0x50).put((byte) flags).putShort((short) 0xFFFF) // data offset 5, flags, window
                .putShort((short) 0).putShort((short) 0)                     // checksum later, urgent pointer
                .put(payload);
        long pseudo = sum(frame.array(), ip + 12, 8) + 6 + 20 + payload.length; // addresses, protocol, TCP length
        frame.putShort(tcp + 16, (short) checksum(frame.array(), tcp, 20 + payload.length, pseudo));
        return frame.array();
    }

    private static long sum(byte[] bytes, int from, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            int high = bytes[from + i] & 0xFF;
            int low = i + 1 < length ? bytes[from + i + 1] & 0xFF : 0;
            sum += high << 8 | low;
        }
        return sum;
    }

    private static int checksum(byte[] bytes, int from, int length, long initial) {
        long sum = initial + sum(bytes, from, length);
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
