package otb.dissect.enip;

import java.nio.ByteBuffer;
import otb.dissect.OtMessage;

/**
 * Values of Logix atomic data types, as Read Tag replies and Write Tag requests carry them: a
 * data type (UINT; 0x02A0 is a structure, followed by its handle) then the elements
 * (Logix 5000 Data Access, "CIP Data Types"). Only atomic types give values.
 */
final class TagValues {
    private TagValues() {
    }

    /** A structure's type is followed by a 2-octet structure handle. */
    static final int STRUCTURE = 0x02A0;

    /** Octets of one element of an atomic type, or 0 for types otb does not read. */
    static int elementBytes(int type) {
        return switch (type) {
            case 0xC1, 0xC2, 0xC6 -> 1;      // BOOL, SINT, USINT
            case 0xC3, 0xC7 -> 2;            // INT, UINT
            case 0xC4, 0xC8, 0xCA, 0xD3 -> 4; // DINT, UDINT, REAL, DWORD (BOOL array)
            case 0xC5, 0xC9, 0xCB -> 8;      // LINT, ULINT, LREAL
            default -> 0;
        };
    }

    /**
     * Adds the elements from {@code at} (up to {@code length} octets, at most {@code count} when
     * count is not negative) as values of {@code space} from index {@code first}.
     */
    static void add(ByteBuffer in, int type, int at, int length, int count, String space, long first,
                    OtMessage.Builder message) {
        int size = elementBytes(type);
        if (size == 0) {
            return;
        }
        int elements = length / size;
        if (count >= 0) {
            elements = Math.min(elements, count);
        }
        elements = Math.min(elements, EnipLimits.MAX_VALUES_PER_MESSAGE);
        for (int i = 0; i < elements; i++) {
            message.value(space, first + i, value(in, type, at + i * size));
        }
    }

    private static double value(ByteBuffer in, int type, int at) {
        return switch (type) {
            case 0xC1 -> LittleEndian.u8(in, at) != 0 ? 1 : 0;
            case 0xC2 -> (byte) LittleEndian.u8(in, at);
            case 0xC6 -> LittleEndian.u8(in, at);
            case 0xC3 -> (short) LittleEndian.u16(in, at);
            case 0xC7 -> LittleEndian.u16(in, at);
            case 0xC4 -> (int) LittleEndian.u32(in, at);
            case 0xC8, 0xD3 -> LittleEndian.u32(in, at);
            case 0xCA -> Float.intBitsToFloat((int) LittleEndian.u32(in, at));
            case 0xC5 -> LittleEndian.u64(in, at);
            case 0xC9 -> unsigned(LittleEndian.u64(in, at));
            case 0xCB -> Double.longBitsToDouble(LittleEndian.u64(in, at));
            default -> 0;
        };
    }

    private static double unsigned(long value) {
        return value >= 0 ? value : (value >>> 1) * 2.0 + (value & 1);
    }
}
