package otb.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal classic-pcap reader and Ethernet/802.1Q/IPv4/TCP/UDP/ARP decoder for the tests,
 * written apart from the simulator's frame builders so that it checks them rather than
 * mirrors them. Verifies the IPv4 header checksum and the TCP/UDP checksums (RFC 1071).
 */
final class PcapReader {
    private PcapReader() {
    }

    static List<CapturedFrame> read(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt();
        if (magic != 0xA1B23C4D) {
            throw new AssertionError("not a little-endian nanosecond pcap: " + Integer.toHexString(magic));
        }
        in.position(20);
        int linkType = in.getInt();
        if (linkType != 1) {
            throw new AssertionError("link type " + linkType);
        }
        List<CapturedFrame> frames = new ArrayList<>();
        int number = 0;
        while (in.remaining() >= 16) {
            long seconds = in.getInt() & 0xFFFF_FFFFL;
            long nanos = in.getInt() & 0xFFFF_FFFFL;
            int captured = in.getInt();
            int original = in.getInt();
            if (captured != original || captured > in.remaining()) {
                throw new AssertionError("record " + (number + 1) + ": captured " + captured + ", original " + original);
            }
            byte[] bytes = new byte[captured];
            in.get(bytes);
            frames.add(decode(++number, seconds * 1_000_000_000L + nanos, bytes));
        }
        if (in.hasRemaining()) {
            throw new AssertionError("trailing bytes after the last record: " + in.remaining());
        }
        return frames;
    }

    static List<CapturedFrame> read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    private static int u16(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
    }

    private static int u32(byte[] b, int offset) {
        return (u16(b, offset) << 16) | u16(b, offset + 2);
    }

    private static CapturedFrame decode(int number, long time, byte[] b) {
        int offset = 12;
        int etherType = u16(b, offset);
        int vlan = 0;
        if (etherType == 0x8100) {
            vlan = u16(b, 14) & 0x0FFF;
            etherType = u16(b, 16);
            offset = 16;
        }
        offset += 2;
        if (etherType == CapturedFrame.ETHERTYPE_ARP) {
            int sender = u32(b, offset + 14);
            int target = u32(b, offset + 24);
            return new CapturedFrame(number, time, b, vlan, etherType, sender, target, 0, 0, 0, 0, 0, offset, 28, true);
        }
        if (etherType != CapturedFrame.ETHERTYPE_IPV4) {
            return new CapturedFrame(number, time, b, vlan, etherType, 0, 0, 0, 0, 0, 0, 0, offset, 0, false);
        }
        int ip = offset;
        int headerLength = (b[ip] & 0x0F) * 4;
        int totalLength = u16(b, ip + 2);
        int protocol = b[ip + 9] & 0xFF;
        int source = u32(b, ip + 12);
        int destination = u32(b, ip + 16);
        boolean valid = (b[ip] & 0xF0) == 0x40 && ip + totalLength <= b.length && sum(b, ip, headerLength, 0) == 0xFFFF;
        int transport = ip + headerLength;
        int transportLength = totalLength - headerLength;
        long pseudo = u16(b, ip + 12) + u16(b, ip + 14) + u16(b, ip + 16) + u16(b, ip + 18) + protocol + transportLength;
        valid &= sum(b, transport, transportLength, pseudo) == 0xFFFF;
        if (protocol == 6) {
            int dataOffset = ((b[transport + 12] & 0xF0) >> 4) * 4;
            return new CapturedFrame(number, time, b, vlan, etherType, source, destination, protocol, u16(b, transport),
                    u16(b, transport + 2), u32(b, transport + 4) & 0xFFFF_FFFFL, b[transport + 13] & 0xFF,
                    transport + dataOffset, transportLength - dataOffset, valid);
        }
        if (protocol == 17) {
            valid &= u16(b, transport + 4) == transportLength;
            return new CapturedFrame(number, time, b, vlan, etherType, source, destination, protocol, u16(b, transport),
                    u16(b, transport + 2), 0, 0, transport + 8, transportLength - 8, valid);
        }
        return new CapturedFrame(number, time, b, vlan, etherType, source, destination, protocol, 0, 0, 0, 0, transport,
                transportLength, valid);
    }

    /** Ones' complement sum (not complemented): 0xFFFF over data that includes a correct checksum. */
    private static int sum(byte[] b, int offset, int length, long initial) {
        long sum = initial;
        int i = offset;
        for (; i + 1 < offset + length; i += 2) {
            sum += u16(b, i);
        }
        if (i < offset + length) {
            sum += (b[i] & 0xFF) << 8;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) sum;
    }
}
