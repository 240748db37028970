package otb.dissect.enip;

import java.nio.ByteBuffer;

/**
 * A padded EPATH (Vol 1 appendix C-1) as far as otb uses it: the first class, instance,
 * attribute and connection point of its logical segments, and the tag name its symbolic
 * segments spell (Logix: ANSI extended symbol segments joined by '.', member segments after a
 * symbol as {@code [n]} element indexes). Port, network, electronic-key and data segments are
 * stepped over.
 *
 * @param classId         the first class id, 0..0xFFFFFFFF, or -1
 * @param instance        the first instance id, or -1
 * @param attribute       the first attribute id, or -1
 * @param connectionPoint the first connection point, or -1
 * @param tag             the tag name, or "" when the path has no symbolic segment
 * @param segments        segments read
 * @param problem         "" for a path read to its end, else an anomaly flag (the fields hold
 *                        what came before the bad segment)
 */
record CipPath(long classId, long instance, long attribute, long connectionPoint, String tag, int segments,
               String problem) {

    static final long ABSENT = -1;
    static final CipPath EMPTY = new CipPath(ABSENT, ABSENT, ABSENT, ABSENT, "", 0, "");

    /** Vol 1 C-1.4.2: logical segment types (bits 4-2 of a 0b001xxxxx segment). */
    private static final int LOGICAL_CLASS = 0;
    private static final int LOGICAL_INSTANCE = 1;
    private static final int LOGICAL_MEMBER = 2;
    private static final int LOGICAL_CONNECTION_POINT = 3;
    private static final int LOGICAL_ATTRIBUTE = 4;
    private static final int LOGICAL_SPECIAL = 5;
    private static final int LOGICAL_SERVICE_ID = 6;
    /** Vol 1 C-1.4.3: the electronic key segment (logical special, format 0) and its key format 4 length. */
    private static final int ELECTRONIC_KEY_BYTES = 10;
    /** Vol 1 C-1.4.5.2: ANSI extended symbol segment. */
    private static final int ANSI_EXTENDED_SYMBOL = 0x91;

    boolean hasClass() {
        return classId != ABSENT;
    }

    boolean symbolic() {
        return !tag.isEmpty();
    }

    /** Reads the path of {@code words} 16-bit words at {@code at}; the caller checked the bytes are there. */
    static CipPath parse(ByteBuffer in, int at, int words) {
        int end = at + 2 * words;
        long classId = ABSENT;
        long instance = ABSENT;
        long attribute = ABSENT;
        long connectionPoint = ABSENT;
        StringBuilder tag = new StringBuilder();
        boolean afterSymbol = false;
        int segments = 0;
        int position = at;
        while (position < end) {
            if (++segments > EnipLimits.MAX_PATH_SEGMENTS) {
                return new CipPath(classId, instance, attribute, connectionPoint, tag.toString(), segments - 1,
                        "too_many_path_segments");
            }
            int segment = LittleEndian.u8(in, position);
            int type = segment >>> 5;
            int size;
            if (type == 1) {
                // Logical segment: 8-bit value, or a pad byte then 16 or 32 bits (padded EPATH).
                int logicalType = (segment >>> 2) & 0x07;
                int format = segment & 0x03;
                if (logicalType == LOGICAL_SPECIAL) {
                    size = format == 0 ? ELECTRONIC_KEY_BYTES : -1;
                } else if (logicalType == LOGICAL_SERVICE_ID) {
                    size = format == 0 ? 2 : -1;
                } else {
                    size = switch (format) {
                        case 0 -> 2;
                        case 1 -> 4;
                        case 2 -> 6;
                        default -> -1;
                    };
                }
                if (size < 0) {
                    return bad(classId, instance, attribute, connectionPoint, tag, segments, "reserved_logical_format");
                }
                if (position + size > end) {
                    return bad(classId, instance, attribute, connectionPoint, tag, segments, "truncated_path");
                }
                long value = switch (format) {
                    case 0 -> LittleEndian.u8(in, position + 1);
                    case 1 -> LittleEndian.u16(in, position + 2);
                    default -> LittleEndian.u32(in, position + 2);
                };
                switch (logicalType) {
                    case LOGICAL_CLASS -> classId = classId == ABSENT ? value : classId;
                    case LOGICAL_INSTANCE -> instance = instance == ABSENT ? value : instance;
                    case LOGICAL_ATTRIBUTE -> attribute = attribute == ABSENT ? value : attribute;
                    case LOGICAL_CONNECTION_POINT ->
                            connectionPoint = connectionPoint == ABSENT ? value : connectionPoint;
                    case LOGICAL_MEMBER -> {
                        if (afterSymbol && tag.length() < EnipLimits.MAX_TAG_CHARS) {
                            tag.append('[').append(value).append(']');
                        }
                    }
                    default -> {
                    }
                }
                afterSymbol = afterSymbol && logicalType == LOGICAL_MEMBER;
            } else if (type == 0) {
                // Port segment (C-1.3): port id in the low 4 bits (15: a UINT port follows); bit 4
                // says a link address of the size given in the next byte follows, padded to even.
                boolean extendedAddress = (segment & 0x10) != 0;
                boolean extendedPort = (segment & 0x0F) == 0x0F;
                if (extendedAddress) {
                    if (position + 2 > end) {
                        return bad(classId, instance, attribute, connectionPoint, tag, segments, "truncated_path");
                    }
                    int addressBytes = LittleEndian.u8(in, position + 1);
                    size = 2 + (extendedPort ? 2 : 0) + addressBytes;
                } else {
                    size = 1 + (extendedPort ? 2 : 0) + 1;
                }
                size += size & 1;
                afterSymbol = false;
            } else if (type == 2) {
                // Network segment (C-1.5): one data byte, or for 0x50-0x5F a word count and words.
                if ((segment & 0x10) == 0) {
                    size = 2;
                } else {
                    if (position + 2 > end) {
                        return bad(classId, instance, attribute, connectionPoint, tag, segments, "truncated_path");
                    }
                    size = 2 + 2 * LittleEndian.u8(in, position + 1);
                }
                afterSymbol = false;
            } else if (segment == ANSI_EXTENDED_SYMBOL) {
                if (position + 2 > end) {
                    return bad(classId, instance, attribute, connectionPoint, tag, segments, "truncated_path");
                }
                int length = LittleEndian.u8(in, position + 1);
                size = 2 + length + (length & 1);
                if (position + 2 + length > end) {
                    return bad(classId, instance, attribute, connectionPoint, tag, segments, "truncated_path");
                }
                if (tag.length() > 0 && tag.length() < EnipLimits.MAX_TAG_CHARS) {
                    tag.append('.');
                }
                for (int i = 0; i < length && tag.length() < EnipLimits.MAX_TAG_CHARS; i++) {
                    int c = LittleEndian.u8(in, position + 2 + i);
                    tag.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
                }
                afterSymbol = true;
            } else if (type == 4) {
                // Other data segments (C-1.4.5.1): a simple data segment, a word count and words.
                if (position + 2 > end) {
                    return bad(classId, instance, attribute, connectionPoint, tag, segments, "truncated_path");
                }
                size = 2 + 2 * LittleEndian.u8(in, position + 1);
                afterSymbol = false;
            } else {
                // Symbolic (3) and data type (5, 6) segments and the reserved type 7 are not read.
                return bad(classId, instance, attribute, connectionPoint, tag, segments, "unsupported_path_segment");
            }
            if (position + size > end) {
                return bad(classId, instance, attribute, connectionPoint, tag, segments, "truncated_path");
            }
            position += size;
        }
        return new CipPath(classId, instance, attribute, connectionPoint, tag.toString(), segments, "");
    }

    private static CipPath bad(long classId, long instance, long attribute, long connectionPoint, StringBuilder tag,
                               int segments, String problem) {
        return new CipPath(classId, instance, attribute, connectionPoint, tag.toString(), segments, problem);
    }
}
