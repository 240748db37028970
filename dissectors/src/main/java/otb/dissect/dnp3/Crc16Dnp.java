package otb.dissect.dnp3;

import java.nio.ByteBuffer;

/**
 * CRC-16/DNP (IEEE 1815-2012 clause 9): polynomial 0x3D65, processed
 * least significant bit first (reflected form 0xA6BC), initial value 0, result complemented and
 * sent low octet first. The check value of the ASCII digits "123456789" is 0xEA82.
 */
final class Crc16Dnp {
    private static final int REFLECTED_POLYNOMIAL = 0xA6BC;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc16Dnp() {
    }

    /** The CRC of {@code length} bytes of {@code bytes} from absolute index {@code from}. */
    static int compute(ByteBuffer bytes, int from, int length) {
        int crc = 0;
        for (int i = from; i < from + length; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ bytes.get(i)) & 0xFF];
        }
        return ~crc & 0xFFFF;
    }

    /** True when the two bytes at {@code crcAt} (low octet first) hold the CRC of the bytes before. */
    static boolean matches(ByteBuffer bytes, int from, int length, int crcAt) {
        int stored = (bytes.get(crcAt) & 0xFF) | (bytes.get(crcAt + 1) & 0xFF) << 8;
        return compute(bytes, from, length) == stored;
    }
}
