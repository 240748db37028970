package otb.dissect.iec104;

import java.nio.ByteBuffer;

/**
 * The application protocol control information of IEC 60870-5-104 clause 5: a start octet,
 * the length of the rest of the APDU, and four control octets whose first bits say the format
 * (figure 6): I (numbered information transfer, bit 0 clear), S (numbered supervisory, bits
 * 01), U (unnumbered control, bits 11). Reads are absolute and never move the buffer.
 */
final class Apci {
    private Apci() {
    }

    /** Clause 5.1: every APDU starts with 68H. */
    static final int START = 0x68;
    /** Start octet, length octet, four control octets. */
    static final int HEADER_BYTES = 6;
    /** The length octet counts the control octets and the ASDU: at least the four control octets. */
    static final int MIN_LENGTH = 4;
    /** Clause 5.1: the maximum length of an APDU is 253 (255 octets with start and length). */
    static final int MAX_LENGTH = 253;
    /** The largest APDU on the wire, start and length octets included. */
    static final int MAX_FRAME_BYTES = 2 + MAX_LENGTH;
    /** Send and receive sequence numbers count modulo 32768 (clause 5.1, 15 bits). */
    static final int SEQUENCE_MODULO = 1 << 15;

    /** The frame formats of clause 5 (figure 6-8). */
    enum Format {
        I, S, U;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * U-format functions (clause 5.3, figure 8): one of the six bits of control octet 1 above
     * the format bits is set.
     */
    enum UFunction {
        STARTDT_ACT(0x04), STARTDT_CON(0x08), STOPDT_ACT(0x10), STOPDT_CON(0x20), TESTFR_ACT(0x40), TESTFR_CON(0x80);

        /** The name of a U frame whose function bits are none or several of the six. */
        static final String UNKNOWN_NAME = "unknown_u_function";

        final int bit;
        final String wireName;

        UFunction(int bit) {
            this.bit = bit;
            this.wireName = name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The function of control octet 1, or null when not exactly one function bit is set. */
        static UFunction of(int controlOctet1) {
            for (UFunction function : values()) {
                if ((controlOctet1 & 0xFC) == function.bit) {
                    return function;
                }
            }
            return null;
        }
    }

    static int length(ByteBuffer in, int at) {
        return in.get(at + 1) & 0xFF;
    }

    static boolean lengthInRange(int length) {
        return length >= MIN_LENGTH && length <= MAX_LENGTH;
    }

    static int controlOctet(ByteBuffer in, int at, int which) {
        return in.get(at + 1 + which) & 0xFF;
    }

    static Format format(int controlOctet1) {
        if ((controlOctet1 & 0x01) == 0) {
            return Format.I;
        }
        return (controlOctet1 & 0x03) == 0x01 ? Format.S : Format.U;
    }

    /** N(S) of an I frame: control octets 1 and 2 without bit 0 of octet 1 (figure 6). */
    static int sendSequence(ByteBuffer in, int at) {
        return (controlOctet(in, at, 1) | controlOctet(in, at, 2) << 8) >>> 1;
    }

    /** N(R) of an I or S frame: control octets 3 and 4 without bit 0 of octet 3 (figures 6, 7). */
    static int receiveSequence(ByteBuffer in, int at) {
        return (controlOctet(in, at, 3) | controlOctet(in, at, 4) << 8) >>> 1;
    }

    /**
     * True when the six octets at {@code at} (the caller checked they are there) are a header
     * the standard allows: start octet, length in range, and control octets as the format
     * defines them: S and U frames are the APCI alone (length 4) with their unused bits zero and
     * one U function; an I frame carries at least an ASDU header and bit 0 of octet 3 clear.
     * A resynchronising session believes only such a header.
     */
    static boolean plausible(ByteBuffer in, int at) {
        if ((in.get(at) & 0xFF) != START) {
            return false;
        }
        int length = length(in, at);
        if (!lengthInRange(length)) {
            return false;
        }
        int octet1 = controlOctet(in, at, 1);
        int octet3 = controlOctet(in, at, 3);
        return switch (format(octet1)) {
            case I -> length >= MIN_LENGTH + Asdu.HEADER_BYTES && (octet3 & 0x01) == 0;
            case S -> length == MIN_LENGTH && octet1 == 0x01 && controlOctet(in, at, 2) == 0 && (octet3 & 0x01) == 0;
            case U -> length == MIN_LENGTH && UFunction.of(octet1) != null && controlOctet(in, at, 2) == 0
                    && octet3 == 0 && controlOctet(in, at, 4) == 0;
        };
    }
}
