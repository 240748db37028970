package otb.dissect.goose;

import java.nio.ByteBuffer;
import java.util.List;

/** The few BER rules (ITU-T X.690) a GOOSE PDU needs: single-octet tags, definite lengths. */
final class Ber {
    /** Length octets after the first: 3 bound a length to 16 MiB, far beyond any Ethernet frame. */
    static final int MAX_LENGTH_OCTETS = 3;

    private Ber() {
    }

    /** A tag with its content's start and end (exclusive). */
    record Header(int tag, int contentStart, int end) {
    }

    /** The TLV header at {@code at}; null when it is not whole within {@code limit} (X.690 8.1.2, 8.1.3). */
    static Header header(ByteBuffer in, int at, int limit) {
        if (limit - at < 2) {
            return null;
        }
        int tag = in.get(at) & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            return null; // multi-octet tags do not occur in GOOSE
        }
        int first = in.get(at + 1) & 0xFF;
        int start = at + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int octets = first & 0x7F;
            if (octets == 0 || octets > MAX_LENGTH_OCTETS || limit - start < octets) {
                return null;
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (in.get(start + i) & 0xFF);
            }
            start += octets;
        }
        if (length > limit - start) {
            return null;
        }
        return new Header(tag, start, start + (int) length);
    }

    /** A two's complement INTEGER of 1..8 octets; 0 when empty or longer. */
    static long integer(ByteBuffer in, int at, int size) {
        if (size < 1 || size > 8) {
            return 0;
        }
        long value = in.get(at); // sign-extended first octet
        for (int i = 1; i < size; i++) {
            value = (value << 8) | (in.get(at + i) & 0xFF);
        }
        return value;
    }

    /** An INTEGER that holds an unsigned 32-bit value (up to 5 octets with a leading zero); -1 otherwise. */
    static long unsigned32(ByteBuffer in, int at, int size) {
        if (size < 1 || size > 5) {
            return -1;
        }
        long value = integer(in, at, size);
        return value < 0 || value > 0xFFFF_FFFFL ? -1 : value;
    }

    /**
     * The top-level items of allData (IEC 61850-8-1, clause A.3: MMS Data): each item's value as
     * a number where it is one (boolean [3], integer [5], unsigned [6], floating-point [7] of
     * 32 or 64 bits), NaN otherwise; at most {@link GooseLimits#MAX_VALUES} values kept.
     * Returns the number of top-level items.
     */
    static int values(ByteBuffer in, int at, int end, List<Double> values, List<String> anomalies) {
        int items = 0;
        int position = at;
        while (position < end) {
            Header item = header(in, position, end);
            if (item == null) {
                if (!anomalies.contains("bad_data")) {
                    anomalies.add("bad_data");
                }
                return items;
            }
            items++;
            if (values.size() < GooseLimits.MAX_VALUES) {
                values.add(number(in, item));
            }
            position = item.end();
        }
        return items;
    }

    private static double number(ByteBuffer in, Header item) {
        int start = item.contentStart();
        int size = item.end() - start;
        return switch (item.tag()) {
            case 0x83 -> size == 1 ? (in.get(start) != 0 ? 1 : 0) : Double.NaN;
            case 0x85 -> size >= 1 && size <= 8 ? integer(in, start, size) : Double.NaN;
            case 0x86 -> size >= 1 && size <= 8 && (size < 8 || in.get(start) == 0) ? integer(in, start, size) : Double.NaN;
            // floating-point: exponent width octet (8 or 11), then the IEEE 754 value.
            case 0x87 -> size == 5 ? in.getFloat(start + 1) : size == 9 ? in.getDouble(start + 1) : Double.NaN;
            default -> Double.NaN;
        };
    }
}
