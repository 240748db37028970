package otb.dissect.iec104;

import java.util.List;

/**
 * An application service data unit (IEC 60870-5-101 clause 7.1, with the field sizes of 104
 * clause 9: two-octet cause of transmission, two-octet common address, three-octet
 * information object addresses).
 *
 * @param typeCode      type identification, 0..255 ({@link TypeId}; null there for codes otb does not know)
 * @param sequence      SQ of the variable structure qualifier: the objects share one address, counted up
 * @param count         number of information objects or elements the qualifier announces, 0..127
 * @param cause         cause of transmission, 0..63 ({@link CauseOfTransmission})
 * @param negative      P/N bit: a negative confirmation
 * @param test          T bit: test, not to be acted on
 * @param originator    originator address, 0..255 (0: default)
 * @param commonAddress common address of the ASDU, 0..65535 (station address; 65535 global)
 * @param objects       the objects decoded, at most {@code count}
 * @param anomalies     what did not fit the standard, snake_case
 */
record Asdu(int typeCode, boolean sequence, int count, int cause, boolean negative, boolean test, int originator,
            int commonAddress, List<InformationObject> objects, List<String> anomalies) {

    /** Type identification, variable structure qualifier, two octets of cause, two of common address. */
    static final int HEADER_BYTES = 6;
    /** Information object addresses are three octets in 104 (clause 9.1). */
    static final int ADDRESS_BYTES = 3;

    Asdu {
        objects = List.copyOf(objects);
        anomalies = List.copyOf(anomalies);
    }

    TypeId type() {
        return TypeId.of(typeCode);
    }
}
