package otb.dissect.dnp3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otb.dissect.dnp3.ObjectLayout.ValueType;

/**
 * Decodes one reassembled application fragment (IEEE 1815-2012 clause 4). Stateless; never
 * throws on wire data: what does not decode becomes an anomaly and ends decoding of the fragment.
 */
final class ApplicationParser {

    /** Range code 6: no range field, all objects (clause 4). */
    static final int RANGE_ALL = 6;
    /** Range code 11: free-format, one-octet count . */
    static final int RANGE_FREE_FORMAT = 11;

    /** Object headers decoded per fragment at most. */
    static final int MAX_OBJECT_HEADERS = 1024;
    /** Objects whose index and value are kept per fragment at most; the rest are skipped. */
    static final int MAX_POINTS_PER_FRAGMENT = 10_000;

    private final byte[] data;
    private int position;
    private int points;
    private final List<String> anomalies = new ArrayList<>(2);
    private final Map<String, String> identity = new LinkedHashMap<>();

    private ApplicationParser(byte[] data) {
        this.data = data;
    }

    /**
     * Decodes a fragment of at least two octets (control and function code); the caller checks
     * that.
     */
    static ApplicationFragment parse(byte[] fragment) {
        return new ApplicationParser(fragment).parse();
    }

    private ApplicationFragment parse() {
        int control = data[0] & 0xFF;
        int function = data[1] & 0xFF;
        position = 2;
        int iin = ApplicationFragment.NO_IIN;
        FunctionCode code = FunctionCode.of(function);
        boolean response = FunctionCode.isResponseCode(function);
        if (code == null) {
            anomalies.add("reserved_function_code");
        }
        List<ObjectBlock> objects = new ArrayList<>();
        if (response) {
            // Clause 4.2.2.7: responses carry two IIN octets after the function code.
            if (remaining() < 2) {
                anomalies.add("truncated_iin");
                return fragment(control, function, iin, objects);
            }
            iin = (data[2] & 0xFF) << 8 | (data[3] & 0xFF);
            position = 4;
        }
        if (code == null) {
            // Objects of a reserved function code have no defined meaning: not decoded.
            return fragment(control, function, iin, objects);
        }
        boolean headersOnly = !response && code.headersOnly();
        boolean freezeAtTime = code == FunctionCode.FREEZE_AT_TIME || code == FunctionCode.FREEZE_AT_TIME_NO_ACK;
        while (remaining() > 0) {
            if (objects.size() >= MAX_OBJECT_HEADERS) {
                anomalies.add("too_many_object_headers");
                break;
            }
            ObjectBlock block = objectHeader(headersOnly, freezeAtTime);
            if (block == null) {
                break;
            }
            objects.add(block);
        }
        return fragment(control, function, iin, objects);
    }

    private ApplicationFragment fragment(int control, int function, int iin, List<ObjectBlock> objects) {
        return new ApplicationFragment(control, function, iin, objects, identity, anomalies);
    }

    private int remaining() {
        return data.length - position;
    }

    /** Reads an unsigned little-endian integer of 1, 2 or 4 octets at the position and advances. */
    private long unsigned(int octets) {
        long value = 0;
        for (int i = 0; i < octets; i++) {
            value |= (long) (data[position + i] & 0xFF) << (8 * i);
        }
        position += octets;
        return value;
    }

    private long littleEndian(int at, int octets) {
        long value = 0;
        for (int i = 0; i < octets; i++) {
            value |= (long) (data[at + i] & 0xFF) << (8 * i);
        }
        return value;
    }

    /** Octets of a 1/2/4-octet field selected by a code 1, 2, 3 (prefix) or 0, 1, 2 (range). */
    private static int fieldOctets(int code) {
        return switch (code) {
            case 0 -> 1;
            case 1 -> 2;
            default -> 4;
        };
    }

    /**
     * Decodes one object header and its objects. Returns null when decoding of the fragment has
     * to stop (the anomaly is recorded).
     */
    private ObjectBlock objectHeader(boolean headersOnly, boolean freezeAtTime) {
        if (remaining() < 3) {
            anomalies.add("truncated_object_header");
            return null;
        }
        int group = data[position] & 0xFF;
        int variation = data[position + 1] & 0xFF;
        int qualifier = data[position + 2] & 0xFF;
        position += 3;
        if ((qualifier & 0x80) != 0) {
            anomalies.add("reserved_qualifier_bit");
        }
        int prefix = (qualifier >> 4) & 0x07;
        int range = qualifier & 0x0F;
        long start = ObjectBlock.NO_RANGE;
        long stop = ObjectBlock.NO_RANGE;
        long count;
        // range specifier codes
        switch (range) {
            case 0, 1, 2, 3, 4, 5 -> {
                // start-stop indices (0-2) or, deprecated, start-stop virtual addresses (3-5)
                int octets = fieldOctets(range % 3);
                if (remaining() < 2 * octets) {
                    anomalies.add("truncated_object_header");
                    return null;
                }
                start = unsigned(octets);
                stop = unsigned(octets);
                if (stop < start) {
                    anomalies.add("range_stop_before_start");
                    return null;
                }
                count = stop - start + 1;
            }
            case RANGE_ALL -> count = 0;
            case 7, 8, 9 -> {
                int octets = fieldOctets(range - 7);
                if (remaining() < octets) {
                    anomalies.add("truncated_object_header");
                    return null;
                }
                count = unsigned(octets);
            }
            case RANGE_FREE_FORMAT -> {
                if (remaining() < 1) {
                    anomalies.add("truncated_object_header");
                    return null;
                }
                count = unsigned(1);
            }
            default -> {
                anomalies.add("reserved_qualifier");
                return null;
            }
        }
        if (prefix == 7) {
            anomalies.add("reserved_qualifier");
            return null;
        }
        List<ObjectPoint> decoded = new ArrayList<>();
        // Free-format objects always carry their (size-prefixed) data, even in a read: the
        // master reads a file block by sending its file handle and block number (group 70).
        boolean noData = range == RANGE_ALL || ObjectLayout.neverCarriesData(group)
                || (headersOnly && range != RANGE_FREE_FORMAT && !(freezeAtTime && group == 50));
        if (noData) {
            if (prefix >= 1 && prefix <= 3 && range != RANGE_ALL) {
                // Index list without object data (e.g. a read of points 3, 7, 9).
                int octets = fieldOctets(prefix - 1);
                if (count > remaining() / octets) {
                    anomalies.add("truncated_object");
                    return null;
                }
                for (long i = 0; i < count; i++) {
                    long index = unsigned(octets);
                    keep(decoded, new ObjectPoint(index, Double.NaN, Map.of()));
                }
            }
            return new ObjectBlock(group, variation, qualifier, start, stop, count, decoded);
        }
        if (!objects(group, variation, prefix, range, start, count, decoded)) {
            return null;
        }
        return new ObjectBlock(group, variation, qualifier, start, stop, count, decoded);
    }

    /** Decodes {@code count} objects after a header; false when decoding has to stop. */
    private boolean objects(int group, int variation, int prefix, int range, long start, long count,
                            List<ObjectPoint> decoded) {
        ObjectLayout layout = ObjectLayout.of(group, variation);
        int indexOctets = 0;
        int sizeOctets = 0;
        if (range == RANGE_FREE_FORMAT) {
            // Free-format objects carry their size in the prefix (range code 11).
            if (prefix == 0) {
                anomalies.add("bad_qualifier");
                return false;
            }
            sizeOctets = fieldOctets((prefix - 1) % 3);
        } else if (prefix >= 1 && prefix <= 3) {
            indexOctets = fieldOctets(prefix - 1);
        } else if (prefix >= 4) {
            sizeOctets = fieldOctets(prefix - 4);
        }
        if (sizeOctets == 0 && layout == null) {
            anomalies.add("unknown_object");
            return false;
        }
        if (layout != null && layout.packedBits()) {
            if (indexOctets != 0 || sizeOctets != 0) {
                anomalies.add("bad_qualifier");
                return false;
            }
            return packed(group, layout, start, count, decoded);
        }
        // Every object takes at least one octet: a count beyond the octets left is truncated.
        if (count > remaining()) {
            anomalies.add("truncated_object");
            return false;
        }
        for (long i = 0; i < count; i++) {
            long index = start >= 0 ? start + i : ObjectPoint.NO_INDEX;
            if (indexOctets > 0) {
                if (remaining() < indexOctets) {
                    anomalies.add("truncated_object");
                    return false;
                }
                index = unsigned(indexOctets);
            }
            int size;
            if (sizeOctets > 0) {
                if (remaining() < sizeOctets) {
                    anomalies.add("truncated_object");
                    return false;
                }
                long announced = unsigned(sizeOctets);
                if (announced > remaining()) {
                    anomalies.add("truncated_object");
                    return false;
                }
                size = (int) announced;
            } else if (layout.size() == ObjectLayout.VARIABLE) {
                // Device attribute: data type code, length, value (group 0).
                if (remaining() < 2) {
                    anomalies.add("truncated_object");
                    return false;
                }
                size = 2 + (data[position + 1] & 0xFF);
            } else {
                size = layout.size();
            }
            if (remaining() < size) {
                anomalies.add("truncated_object");
                return false;
            }
            if (layout != null && (sizeOctets == 0 || size == layout.size() || layout.size() == ObjectLayout.VARIABLE)) {
                keep(decoded, decode(group, variation, layout, index, position, size));
            } else if (index != ObjectPoint.NO_INDEX) {
                keep(decoded, new ObjectPoint(index, Double.NaN, Map.of()));
            }
            position += size;
        }
        return true;
    }

    /** Packed bit objects (groups 1, 3, 10 variation 1, 12 variation 3, 80 variation 1). */
    private boolean packed(int group, ObjectLayout layout, long start, long count, List<ObjectPoint> decoded) {
        int bitsEach = layout.size();
        if (count > (long) remaining() * 8 / bitsEach) {
            anomalies.add("truncated_object");
            return false;
        }
        int octets = (int) ((count * bitsEach + 7) / 8);
        if (start >= 0 && layout.value() != ValueType.NONE) {
            for (long i = 0; i < count; i++) {
                long bit = i * bitsEach;
                int octet = data[position + (int) (bit / 8)] & 0xFF;
                int value = (octet >> (int) (bit % 8)) & ((1 << bitsEach) - 1);
                if (!keep(decoded, new ObjectPoint(start + i, value, Map.of()))) {
                    break;
                }
            }
        }
        position += octets;
        return true;
    }

    private boolean keep(List<ObjectPoint> decoded, ObjectPoint point) {
        if (points >= MAX_POINTS_PER_FRAGMENT) {
            if (!anomalies.contains("too_many_points")) {
                anomalies.add("too_many_points");
            }
            return false;
        }
        points++;
        decoded.add(point);
        return true;
    }

    /** Decodes the value of one whole object of {@code size} octets at {@code at}. */
    private ObjectPoint decode(int group, int variation, ObjectLayout layout, long index, int at, int size) {
        int v = at + layout.valueOffset();
        return switch (layout.value()) {
            case NONE, BIT, TWO_BITS -> new ObjectPoint(index, Double.NaN, Map.of());
            case STATE_BIT7 -> new ObjectPoint(index, (data[v] & 0x80) != 0 ? 1 : 0, Map.of());
            case DOUBLE_BIT -> new ObjectPoint(index, (data[v] & 0xC0) >> 6, Map.of());
            case UINT16 -> new ObjectPoint(index, littleEndian(v, 2), Map.of());
            case INT16 -> new ObjectPoint(index, (short) littleEndian(v, 2), Map.of());
            case UINT32 -> new ObjectPoint(index, littleEndian(v, 4), Map.of());
            case INT32 -> new ObjectPoint(index, (int) littleEndian(v, 4), Map.of());
            case FLOAT32 -> new ObjectPoint(index, Float.intBitsToFloat((int) littleEndian(v, 4)), Map.of());
            case FLOAT64 -> new ObjectPoint(index, Double.longBitsToDouble(littleEndian(v, 4) | littleEndian(v + 4, 4) << 32),
                    Map.of());
            case TIME48 -> new ObjectPoint(index, Double.NaN, Map.of("time_ms", littleEndian(v, 4) | littleEndian(v + 4, 2) << 32));
            case CROB -> crob(index, v);
            case ATTRIBUTE -> attribute(variation, index, at, size);
            case OCTETS -> new ObjectPoint(index, Double.NaN, Map.of("octets", hex(at, size)));
        };
    }

    /**
     * Control relay output block (group 12 variation 1): control code, count, on time, off
     * time (milliseconds), status. The value is the commanded state: 1 for close or
     * pulse/latch on, 0 for trip or pulse/latch off, none for a NUL operation.
     */
    private ObjectPoint crob(long index, int at) {
        int code = data[at] & 0xFF;
        int operation = code & 0x0F;
        int tripClose = (code >> 6) & 0x03;
        double state = switch (tripClose) {
            case 1 -> 1;
            case 2 -> 0;
            default -> switch (operation) {
                case 1, 3 -> 1;
                case 2, 4 -> 0;
                default -> Double.NaN;
            };
        };
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("control_code", code);
        extra.put("operation", switch (operation) {
            case 0 -> "nul";
            case 1 -> "pulse_on";
            case 2 -> "pulse_off";
            case 3 -> "latch_on";
            case 4 -> "latch_off";
            default -> "reserved_" + operation;
        });
        extra.put("trip_close", switch (tripClose) {
            case 0 -> "nul";
            case 1 -> "close";
            case 2 -> "trip";
            default -> "reserved";
        });
        extra.put("queue", (code & 0x10) != 0);
        extra.put("clear", (code & 0x20) != 0);
        extra.put("count", data[at + 1] & 0xFF);
        extra.put("on_time_ms", littleEndian(at + 2, 4));
        extra.put("off_time_ms", littleEndian(at + 6, 4));
        extra.put("status", data[at + 10] & 0x7F);
        return new ObjectPoint(index, state, extra);
    }

    /** Device attribute (group 0): data type code, length, value (group 0 data type codes). */
    private ObjectPoint attribute(int variation, long index, int at, int size) {
        if (size < 2) {
            return new ObjectPoint(index, Double.NaN, Map.of());
        }
        int type = data[at] & 0xFF;
        int length = size - 2;
        int valueAt = at + 2;
        Map<String, Object> extra = new LinkedHashMap<>();
        String name = attributeName(variation);
        extra.put("attribute", name);
        String text = null;
        double number = Double.NaN;
        switch (type) {
            case 1 -> text = new String(data, valueAt, Math.min(length, MAX_OCTETS_SHOWN), StandardCharsets.ISO_8859_1);
            case 2 -> {
                if (length >= 1 && length <= 4) {
                    number = littleEndian(valueAt, length);
                }
            }
            case 3 -> {
                if (length >= 1 && length <= 4) {
                    long raw = littleEndian(valueAt, length);
                    int shift = 64 - 8 * length;
                    number = (raw << shift) >> shift;
                }
            }
            case 4 -> {
                if (length == 4) {
                    number = Float.intBitsToFloat((int) littleEndian(valueAt, 4));
                } else if (length == 8) {
                    number = Double.longBitsToDouble(littleEndian(valueAt, 4) | littleEndian(valueAt + 4, 4) << 32);
                }
            }
            default -> extra.put("octets", hex(valueAt, length));
        }
        if (text != null) {
            extra.put("text", text);
        } else if (!Double.isNaN(number)) {
            extra.put("number", number);
        }
        String key = identityKey(variation);
        if (key != null && (text != null || !Double.isNaN(number))) {
            identity.put(key, text != null ? text.strip() : Long.toString((long) number));
        }
        return new ObjectPoint(index, Double.NaN, extra);
    }

    /** Names of the standard device attributes (group 0 variations 209-255). */
    static String attributeName(int variation) {
        return switch (variation) {
            case 240 -> "max_transmit_fragment_size";
            case 241 -> "max_receive_fragment_size";
            case 242 -> "software_version";
            case 243 -> "hardware_version";
            case 244 -> "owner_name";
            case 245 -> "location_name";
            case 246 -> "user_id_code";
            case 247 -> "device_name";
            case 248 -> "serial_number";
            case 249 -> "dnp3_subset";
            case 250 -> "product_name_and_model";
            case 252 -> "manufacturer_name";
            case 255 -> "attribute_list";
            default -> "attribute_" + variation;
        };
    }

    /** The asset identity keys device attributes feed. */
    static String identityKey(int variation) {
        return switch (variation) {
            case 242 -> "firmware";
            case 243 -> "hardware";
            case 245 -> "location";
            case 246 -> "device_id";
            case 247 -> "device_name";
            case 248 -> "serial";
            case 250 -> "product";
            case 252 -> "vendor";
            default -> null;
        };
    }

    /** Octets of a string or unknown attribute shown in a record at most (hex, two digits each). */
    static final int MAX_OCTETS_SHOWN = 255;

    private String hex(int at, int length) {
        int shown = Math.min(length, MAX_OCTETS_SHOWN);
        StringBuilder text = new StringBuilder(shown * 2);
        for (int i = at; i < at + shown; i++) {
            text.append(Character.forDigit((data[i] >> 4) & 0x0F, 16)).append(Character.forDigit(data[i] & 0x0F, 16));
        }
        return text.toString();
    }
}
