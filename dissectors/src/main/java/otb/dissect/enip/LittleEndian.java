package otb.dissect.enip;

import java.nio.ByteBuffer;

/** Absolute unsigned little-endian reads (Vol 2 2-3: every EtherNet/IP and CIP integer is little-endian). */
final class LittleEndian {
    private LittleEndian() {
    }

    static int u8(ByteBuffer in, int at) {
        return in.get(at) & 0xFF;
    }

    static int u16(ByteBuffer in, int at) {
        return (in.get(at) & 0xFF) | (in.get(at + 1) & 0xFF) << 8;
    }

    static long u32(ByteBuffer in, int at) {
        return (u16(in, at) | (long) u16(in, at + 2) << 16) & 0xFFFF_FFFFL;
    }

    static long u64(ByteBuffer in, int at) {
        return u32(in, at) | u32(in, at + 4) << 32;
    }
}
