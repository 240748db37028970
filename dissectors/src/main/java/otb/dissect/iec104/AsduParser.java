package otb.dissect.iec104;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes an ASDU (IEC 60870-5-101 clause 7) from the bytes of one I frame: the data unit
 * identifier, then the information objects the variable structure qualifier announces, each
 * element as clause 7.3 lays it out for its type. Never reads past the ASDU: an object that
 * does not fit stops decoding with {@code truncated_information_object}; octets left after the
 * announced objects are flagged {@code trailing_octets}. Stateless; reads are absolute.
 *
 * <p>Attributes of an object, in output order: {@code quality} (the set flags of SIQ, DIQ,
 * QDS, BCR or QDP: {@code ov}, {@code ei}, {@code bl}, {@code sb}, {@code nt}, {@code iv},
 * {@code transient}, {@code carry}, {@code adjusted}), {@code counter_sequence}, {@code select}
 * (S/E of a command or set-point: true for select, false for execute), {@code qualifier} (QU of
 * a command, QL of a set-point, QPM, QOI, QCC, QRP, COI or QPA), {@code time} (CP56Time2a as
 * {@code YYYY-MM-DDTHH:MM:SS.mmm}, local time of the station, CP24Time2a as {@code MM:SS.mmm} within the hour) and
 * {@code time_invalid}.
 */
final class AsduParser {
    private AsduParser() {
    }

    /** Decodes the {@code length} octets at {@code at}; the caller checked {@code length >= HEADER_BYTES}. */
    static Asdu parse(ByteBuffer in, int at, int length) {
        int typeCode = in.get(at) & 0xFF;
        int qualifier = in.get(at + 1) & 0xFF;
        boolean sequence = (qualifier & 0x80) != 0;
        int count = qualifier & 0x7F;
        int causeOctet = in.get(at + 2) & 0xFF;
        int originator = in.get(at + 3) & 0xFF;
        int commonAddress = unsigned16(in, at + 4);
        List<InformationObject> objects = new ArrayList<>(Math.min(count, 8));
        List<String> anomalies = new ArrayList<>(1);
        TypeId type = TypeId.of(typeCode);
        int end = at + length;
        int p = at + Asdu.HEADER_BYTES;
        if (type == null) {
            anomalies.add("unknown_type_id");
        } else if (count == 0) {
            anomalies.add("no_information_objects");
        } else if (sequence) {
            p = sequenceOfElements(in, p, end, type, count, objects, anomalies);
        } else {
            p = sequenceOfObjects(in, p, end, type, count, objects, anomalies);
        }
        if (type != null && anomalies.isEmpty() && p != end) {
            anomalies.add("trailing_octets");
        }
        if ((causeOctet & 0x3F) == 0) {
            anomalies.add("cause_not_defined");
        }
        return new Asdu(typeCode, sequence, count, causeOctet & 0x3F, (causeOctet & 0x40) != 0,
                (causeOctet & 0x80) != 0, originator, commonAddress, objects, anomalies);
    }

    /** SQ = 1: one address, then {@code count} elements (clause 7.2.2.1). Returns where decoding stopped. */
    private static int sequenceOfElements(ByteBuffer in, int p, int end, TypeId type, int count,
                                          List<InformationObject> objects, List<String> anomalies) {
        if (type.elementBytes() < 0 || end - p < Asdu.ADDRESS_BYTES) {
            // a variable-size element (a file segment) cannot be repeated without addresses
            anomalies.add(type.elementBytes() < 0 ? "sequence_of_variable_elements" : "truncated_information_object");
            return p;
        }
        long first = unsigned24(in, p);
        p += Asdu.ADDRESS_BYTES;
        int size = type.elementBytes();
        for (int i = 0; i < count; i++) {
            if (end - p < size) {
                anomalies.add("truncated_information_object");
                return p;
            }
            objects.add(element(in, p, type, first + i));
            p += size;
        }
        return p;
    }

    /** SQ = 0: {@code count} objects, each with its own address (clause 7.2.2.1). */
    private static int sequenceOfObjects(ByteBuffer in, int p, int end, TypeId type, int count,
                                         List<InformationObject> objects, List<String> anomalies) {
        for (int i = 0; i < count; i++) {
            int size = type.elementBytes();
            if (size < 0 && end - p >= Asdu.ADDRESS_BYTES + 4) {
                size = 4 + (in.get(p + Asdu.ADDRESS_BYTES + 3) & 0xFF); // F_SG_NA_1: NOF, NOS, LOS, segment
            }
            if (size < 0 || end - p < Asdu.ADDRESS_BYTES + size) {
                anomalies.add("truncated_information_object");
                return p;
            }
            objects.add(element(in, p + Asdu.ADDRESS_BYTES, type, unsigned24(in, p)));
            p += Asdu.ADDRESS_BYTES + size;
        }
        return p;
    }

    /** The element at {@code p} (its size is there, checked by the caller). Clause 7.2.6 per field. */
    private static InformationObject element(ByteBuffer in, int p, TypeId type, long address) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        double value = Double.NaN;
        int first = type.element.bytes > 0 ? in.get(p) & 0xFF : 0; // C_RD_NA_1 has no element
        int timeAt = p + type.element.bytes;
        switch (type.element) {
            case SINGLE_POINT -> { // SIQ 7.2.6.1
                value = first & 0x01;
                quality(attributes, first & 0xF0);
            }
            case DOUBLE_POINT -> { // DIQ 7.2.6.2
                value = first & 0x03;
                quality(attributes, first & 0xF0);
            }
            case STEP_POSITION -> { // VTI 7.2.6.5, QDS
                value = (byte) (first << 1) >> 1; // seven-bit two's complement, -64..63
                quality(attributes, (in.get(p + 1) & 0xF1) | ((first & 0x80) != 0 ? TRANSIENT : 0));
            }
            case BITSTRING, STATUS_CHANGE -> { // BSI 7.2.6.13 / SCD 7.2.6.40, QDS
                value = type.element == TypeId.Element.STATUS_CHANGE ? unsigned16(in, p) : unsigned32(in, p);
                quality(attributes, in.get(p + 4) & 0xF1);
            }
            case NORMALISED, NORMALISED_WITHOUT_QUALITY -> { // NVA 7.2.6.6
                value = signed16(in, p) / 32768.0;
                if (type.element == TypeId.Element.NORMALISED) {
                    quality(attributes, in.get(p + 2) & 0xF1);
                }
            }
            case SCALED -> { // SVA 7.2.6.7, QDS
                value = signed16(in, p);
                quality(attributes, in.get(p + 2) & 0xF1);
            }
            case SHORT_FLOAT -> { // IEEE STD 754 7.2.6.8, QDS
                value = Float.intBitsToFloat(signed32(in, p));
                quality(attributes, in.get(p + 4) & 0xF1);
            }
            case INTEGRATED_TOTAL -> { // BCR 7.2.6.9
                value = signed32(in, p);
                int sequenceOctet = in.get(p + 4) & 0xFF;
                quality(attributes, (sequenceOctet & 0x80) | ((sequenceOctet & 0x20) != 0 ? CARRY : 0)
                        | ((sequenceOctet & 0x40) != 0 ? ADJUSTED : 0));
                attributes.put("counter_sequence", sequenceOctet & 0x1F);
            }
            case PROTECTION_EVENT -> quality(attributes, first & 0xF8); // SEP 7.2.6.10: ES in bits 0-1, EI bit 3
            case PROTECTION_START, PROTECTION_OUTPUT -> quality(attributes, in.get(p + 1) & 0xF8); // QDP 7.2.6.4
            case SINGLE_COMMAND, DOUBLE_COMMAND, REGULATING_STEP_COMMAND -> { // SCO/DCO/RCO 7.2.6.15-17
                value = type.element == TypeId.Element.SINGLE_COMMAND ? first & 0x01 : first & 0x03;
                attributes.put("select", (first & 0x80) != 0);
                attributes.put("qualifier", (first >> 2) & 0x1F);
            }
            case SET_POINT_NORMALISED, SET_POINT_SCALED, PARAMETER_NORMALISED, PARAMETER_SCALED -> {
                value = type.element == TypeId.Element.SET_POINT_NORMALISED
                        || type.element == TypeId.Element.PARAMETER_NORMALISED ? signed16(in, p) / 32768.0 : signed16(in, p);
                qualifierOfSetPoint(attributes, type, in.get(p + 2) & 0xFF);
            }
            case SET_POINT_SHORT_FLOAT, PARAMETER_SHORT_FLOAT -> {
                value = Float.intBitsToFloat(signed32(in, p));
                qualifierOfSetPoint(attributes, type, in.get(p + 4) & 0xFF);
            }
            case BITSTRING_COMMAND -> value = unsigned32(in, p); // BSI 7.2.6.13
            case END_OF_INITIALISATION, INTERROGATION, COUNTER_INTERROGATION, RESET_PROCESS, PARAMETER_ACTIVATION ->
                    attributes.put("qualifier", first); // COI, QOI, QCC, QRP, QPA
            case CLOCK_SYNCHRONISATION -> time(attributes, in, p, TypeId.TimeTag.CP56);
            case TEST, TEST_WITH_COUNTER, DELAY_ACQUISITION -> attributes.put("qualifier", unsigned16(in, p));
            case READ, FILE_READY, SECTION_READY, CALL_FILE, LAST_SECTION, ACK_FILE, SEGMENT, DIRECTORY, QUERY_LOG -> {
                // the address alone, or file transfer fields otb does not interpret
            }
        }
        if (type.timeTag != TypeId.TimeTag.NONE) {
            time(attributes, in, timeAt, type.timeTag);
        }
        boolean hasValue = !Double.isNaN(value) || type.element == TypeId.Element.SHORT_FLOAT
                || type.element == TypeId.Element.SET_POINT_SHORT_FLOAT
                || type.element == TypeId.Element.PARAMETER_SHORT_FLOAT;
        return new InformationObject(address, hasValue, value,
                attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(attributes));
    }

    /** Bits of the quality octets (QDS 7.2.6.3, SIQ, DIQ, QDP) plus otb's own for VTI and BCR flags. */
    private static final int OVERFLOW = 0x01;
    private static final int ELAPSED_TIME_INVALID = 0x08;
    private static final int BLOCKED = 0x10;
    private static final int SUBSTITUTED = 0x20;
    private static final int NOT_TOPICAL = 0x40;
    private static final int INVALID = 0x80;
    private static final int TRANSIENT = 0x100;
    private static final int CARRY = 0x200;
    private static final int ADJUSTED = 0x400;

    private static void quality(Map<String, Object> attributes, int bits) {
        if (bits == 0) {
            return;
        }
        List<String> set = new ArrayList<>(2);
        if ((bits & OVERFLOW) != 0) {
            set.add("ov");
        }
        if ((bits & ELAPSED_TIME_INVALID) != 0) {
            set.add("ei");
        }
        if ((bits & BLOCKED) != 0) {
            set.add("bl");
        }
        if ((bits & SUBSTITUTED) != 0) {
            set.add("sb");
        }
        if ((bits & NOT_TOPICAL) != 0) {
            set.add("nt");
        }
        if ((bits & INVALID) != 0) {
            set.add("iv");
        }
        if ((bits & TRANSIENT) != 0) {
            set.add("transient");
        }
        if ((bits & CARRY) != 0) {
            set.add("carry");
        }
        if ((bits & ADJUSTED) != 0) {
            set.add("adjusted");
        }
        attributes.put("quality", List.copyOf(set));
    }

    /** QOS 7.2.6.39 (QL, S/E) of a set-point; QPM 7.2.6.24 of a parameter, as one qualifier octet. */
    private static void qualifierOfSetPoint(Map<String, Object> attributes, TypeId type, int octet) {
        if (type.element.family == TypeId.Family.SET_POINT) {
            attributes.put("select", (octet & 0x80) != 0);
            attributes.put("qualifier", octet & 0x7F);
        } else {
            attributes.put("qualifier", octet);
        }
    }

    /** CP56Time2a (7.2.6.18) or CP24Time2a (7.2.6.19) at {@code p}. */
    private static void time(Map<String, Object> attributes, ByteBuffer in, int p, TypeId.TimeTag tag) {
        int milliseconds = unsigned16(in, p);
        int minuteOctet = in.get(p + 2) & 0xFF;
        StringBuilder text = new StringBuilder(23);
        if (tag == TypeId.TimeTag.CP56) {
            int hour = in.get(p + 3) & 0x1F;
            int day = in.get(p + 4) & 0x1F;
            int month = in.get(p + 5) & 0x0F;
            int year = in.get(p + 6) & 0x7F;
            // Years 0..99 of the century; Wireshark, and devices that count from 1900, read 70..127 as 1970..2027.
            text.append(year < 70 ? 2000 + year : 1900 + year).append('-');
            two(text, month).append('-');
            two(text, day).append('T');
            two(text, hour).append(':');
        }
        two(text, minuteOctet & 0x3F).append(':');
        two(text, milliseconds / 1000).append('.');
        int fraction = milliseconds % 1000;
        text.append(fraction < 100 ? fraction < 10 ? "00" : "0" : "").append(fraction);
        attributes.put("time", text.toString());
        if ((minuteOctet & 0x80) != 0) {
            attributes.put("time_invalid", true);
        }
    }

    private static StringBuilder two(StringBuilder text, int number) {
        return (number < 10 ? text.append('0') : text).append(number);
    }

    static int unsigned16(ByteBuffer in, int p) {
        return (in.get(p) & 0xFF) | (in.get(p + 1) & 0xFF) << 8;
    }

    private static int signed16(ByteBuffer in, int p) {
        return (short) unsigned16(in, p);
    }

    static long unsigned24(ByteBuffer in, int p) {
        return (in.get(p) & 0xFF) | (in.get(p + 1) & 0xFF) << 8 | (long) (in.get(p + 2) & 0xFF) << 16;
    }

    private static int signed32(ByteBuffer in, int p) {
        return unsigned16(in, p) | unsigned16(in, p + 2) << 16;
    }

    private static long unsigned32(ByteBuffer in, int p) {
        return signed32(in, p) & 0xFFFF_FFFFL;
    }
}
