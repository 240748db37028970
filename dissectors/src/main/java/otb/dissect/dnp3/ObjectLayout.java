package otb.dissect.dnp3;

/**
 * The encoding of one object variation (IEEE 1815-2012 object library): its size on
 * the wire and where its value sits. Sizes are in octets, or in bits for packed variations.
 *
 * @param size        octets per object, or bits per object when {@link #packedBits}
 * @param packedBits  objects are packed bit fields (e.g. group 1 variation 1)
 * @param value       how the value is encoded
 * @param valueOffset octet offset of the value within the object
 */
record ObjectLayout(int size, boolean packedBits, ValueType value, int valueOffset) {

    /** How an object's value is encoded. */
    enum ValueType {
        /** No value otb decodes (skipped by size). */
        NONE,
        /** Flags octet; bit 7 is the state (binary inputs and outputs). */
        STATE_BIT7,
        /** Flags octet; bits 6-7 are the double-bit state 0..3 (double-bit inputs). */
        DOUBLE_BIT,
        /** One packed bit per object. */
        BIT,
        /** Two packed bits per object (double-bit input without flags). */
        TWO_BITS,
        UINT16, INT16, UINT32, INT32, FLOAT32, FLOAT64,
        /** 48-bit milliseconds since 1970-01-01 UTC (DNP3TIME). */
        TIME48,
        /** Control relay output block (group 12 variation 1). */
        CROB,
        /** Device attribute: data type, length, value (group 0). */
        ATTRIBUTE,
        /** Octet string whose length is the variation (groups 110-113). */
        OCTETS
    }

    static final ObjectLayout UNKNOWN = null;

    private static ObjectLayout fixed(int size, ValueType value, int offset) {
        return new ObjectLayout(size, false, value, offset);
    }

    private static ObjectLayout bits(int bits, ValueType value) {
        return new ObjectLayout(bits, true, value, 0);
    }

    private static ObjectLayout skip(int size) {
        return new ObjectLayout(size, false, ValueType.NONE, 0);
    }

    /** Size marker for objects whose size is given on the wire (attributes, octet strings). */
    static final int VARIABLE = -1;

    /**
     * The layout of group/variation, or null when otb does not know its size: an unknown
     * object, whose data cannot be skipped.
     */
    static ObjectLayout of(int group, int variation) {
        return switch (group) {
            case 0 -> variation >= 1 ? new ObjectLayout(VARIABLE, false, ValueType.ATTRIBUTE, 0) : null;
            case 1 -> switch (variation) {
                case 1 -> bits(1, ValueType.BIT);
                case 2 -> fixed(1, ValueType.STATE_BIT7, 0);
                default -> null;
            };
            case 2, 11, 13 -> switch (variation) {
                case 1 -> fixed(1, ValueType.STATE_BIT7, 0);
                case 2 -> fixed(7, ValueType.STATE_BIT7, 0);
                case 3 -> group == 2 ? fixed(3, ValueType.STATE_BIT7, 0) : null;
                default -> null;
            };
            case 3 -> switch (variation) {
                case 1 -> bits(2, ValueType.TWO_BITS);
                case 2 -> fixed(1, ValueType.DOUBLE_BIT, 0);
                default -> null;
            };
            case 4 -> switch (variation) {
                case 1 -> fixed(1, ValueType.DOUBLE_BIT, 0);
                case 2 -> fixed(7, ValueType.DOUBLE_BIT, 0);
                case 3 -> fixed(3, ValueType.DOUBLE_BIT, 0);
                default -> null;
            };
            case 10 -> switch (variation) {
                case 1 -> bits(1, ValueType.BIT);
                case 2 -> fixed(1, ValueType.STATE_BIT7, 0);
                default -> null;
            };
            case 12 -> switch (variation) {
                case 1 -> fixed(11, ValueType.CROB, 0);
                case 2 -> skip(11);
                case 3 -> bits(1, ValueType.NONE);
                default -> null;
            };
            case 20 -> switch (variation) {
                case 1, 3 -> fixed(5, ValueType.UINT32, 1);
                case 2, 4 -> fixed(3, ValueType.UINT16, 1);
                case 5, 7 -> fixed(4, ValueType.UINT32, 0);
                case 6, 8 -> fixed(2, ValueType.UINT16, 0);
                default -> null;
            };
            case 21 -> switch (variation) {
                case 1, 3 -> fixed(5, ValueType.UINT32, 1);
                case 2, 4 -> fixed(3, ValueType.UINT16, 1);
                case 5, 7 -> fixed(11, ValueType.UINT32, 1);
                case 6, 8 -> fixed(9, ValueType.UINT16, 1);
                case 9, 11 -> fixed(4, ValueType.UINT32, 0);
                case 10, 12 -> fixed(2, ValueType.UINT16, 0);
                default -> null;
            };
            case 22, 23 -> switch (variation) {
                case 1, 3 -> fixed(5, ValueType.UINT32, 1);
                case 2, 4 -> fixed(3, ValueType.UINT16, 1);
                case 5, 7 -> fixed(11, ValueType.UINT32, 1);
                case 6, 8 -> fixed(9, ValueType.UINT16, 1);
                default -> null;
            };
            case 30 -> switch (variation) {
                case 1 -> fixed(5, ValueType.INT32, 1);
                case 2 -> fixed(3, ValueType.INT16, 1);
                case 3 -> fixed(4, ValueType.INT32, 0);
                case 4 -> fixed(2, ValueType.INT16, 0);
                case 5 -> fixed(5, ValueType.FLOAT32, 1);
                case 6 -> fixed(9, ValueType.FLOAT64, 1);
                default -> null;
            };
            case 31 -> switch (variation) {
                case 1 -> fixed(5, ValueType.INT32, 1);
                case 2 -> fixed(3, ValueType.INT16, 1);
                case 3 -> fixed(11, ValueType.INT32, 1);
                case 4 -> fixed(9, ValueType.INT16, 1);
                case 5 -> fixed(4, ValueType.INT32, 0);
                case 6 -> fixed(2, ValueType.INT16, 0);
                case 7 -> fixed(5, ValueType.FLOAT32, 1);
                case 8 -> fixed(9, ValueType.FLOAT64, 1);
                default -> null;
            };
            case 32, 33, 42, 43 -> switch (variation) {
                case 1 -> fixed(5, ValueType.INT32, 1);
                case 2 -> fixed(3, ValueType.INT16, 1);
                case 3 -> fixed(11, ValueType.INT32, 1);
                case 4 -> fixed(9, ValueType.INT16, 1);
                case 5 -> fixed(5, ValueType.FLOAT32, 1);
                case 6 -> fixed(9, ValueType.FLOAT64, 1);
                case 7 -> fixed(11, ValueType.FLOAT32, 1);
                case 8 -> fixed(15, ValueType.FLOAT64, 1);
                default -> null;
            };
            case 34 -> switch (variation) {
                case 1 -> fixed(2, ValueType.UINT16, 0);
                case 2 -> fixed(4, ValueType.UINT32, 0);
                case 3 -> fixed(4, ValueType.FLOAT32, 0);
                default -> null;
            };
            case 40 -> switch (variation) {
                case 1 -> fixed(5, ValueType.INT32, 1);
                case 2 -> fixed(3, ValueType.INT16, 1);
                case 3 -> fixed(5, ValueType.FLOAT32, 1);
                case 4 -> fixed(9, ValueType.FLOAT64, 1);
                default -> null;
            };
            // Analog output block: value first, control status octet last (group 41).
            case 41 -> switch (variation) {
                case 1 -> fixed(5, ValueType.INT32, 0);
                case 2 -> fixed(3, ValueType.INT16, 0);
                case 3 -> fixed(5, ValueType.FLOAT32, 0);
                case 4 -> fixed(9, ValueType.FLOAT64, 0);
                default -> null;
            };
            case 50 -> switch (variation) {
                case 1, 3 -> fixed(6, ValueType.TIME48, 0);
                case 2 -> fixed(10, ValueType.TIME48, 0);
                case 4 -> fixed(11, ValueType.TIME48, 0);
                default -> null;
            };
            case 51 -> variation == 1 || variation == 2 ? fixed(6, ValueType.TIME48, 0) : null;
            case 52 -> variation == 1 || variation == 2 ? fixed(2, ValueType.UINT16, 0) : null;
            case 80 -> variation == 1 ? bits(1, ValueType.BIT) : null;
            case 101 -> switch (variation) {
                case 1 -> skip(2);
                case 2 -> skip(4);
                case 3 -> skip(8);
                default -> null;
            };
            case 102 -> variation == 1 ? skip(1) : null;
            case 110, 111, 112, 113 -> variation >= 1 ? new ObjectLayout(variation, false, ValueType.OCTETS, 0) : null;
            case 121 -> variation == 1 ? skip(7) : null;
            case 122 -> switch (variation) {
                case 1 -> skip(7);
                case 2 -> skip(13);
                default -> null;
            };
            default -> null;
        };
    }

    /**
     * The point space of a group (group-independent: static, event and command objects of the
     * same point type share one), or null when the group carries no points.
     */
    static String space(int group) {
        return switch (group) {
            case 1, 2 -> "dnp3:binary_input";
            case 3, 4 -> "dnp3:double_bit_input";
            case 10, 11, 12, 13 -> "dnp3:binary_output";
            case 20, 22 -> "dnp3:counter";
            case 21, 23 -> "dnp3:frozen_counter";
            case 30, 32 -> "dnp3:analog_input";
            case 31, 33 -> "dnp3:frozen_analog_input";
            case 34 -> "dnp3:analog_input_deadband";
            case 40, 41, 42, 43 -> "dnp3:analog_output";
            case 80 -> "dnp3:internal_indication";
            case 110, 111 -> "dnp3:octet_string";
            default -> null;
        };
    }

    /** Groups whose objects are always headers without data: class data (group 60). */
    static boolean neverCarriesData(int group) {
        return group == 60;
    }
}
