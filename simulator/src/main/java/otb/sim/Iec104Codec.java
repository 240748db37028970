package otb.sim;

import java.io.ByteArrayOutputStream;

/**
 * IEC 60870-5-104 APDUs: the APCI (IEC 60870-5-104, 5.1: start octet 0x68, length, four
 * control octets in I, S or U format) and the ASDUs the substation uses (IEC 60870-5-101, 7.2:
 * type identification, variable structure qualifier, two-octet cause of transmission with the
 * originator address, two-octet common address, three-octet information object addresses).
 */
final class Iec104Codec {
    static final int PORT = 2404;
    /** U-format functions (5.1, figure 4). */
    static final int STARTDT_ACT = 0x07;
    static final int STARTDT_CON = 0x0B;
    static final int TESTFR_ACT = 0x43;
    static final int TESTFR_CON = 0x83;
    /** Type identifications (101, 7.2.1.1). */
    static final int M_SP_NA_1 = 1;
    static final int M_ME_NC_1 = 13;
    static final int C_SC_NA_1 = 45;
    static final int C_SE_NC_1 = 50;
    static final int C_IC_NA_1 = 100;
    /** Causes of transmission (101, 7.2.3). */
    static final int COT_SPONTANEOUS = 3;
    static final int COT_ACTIVATION = 6;
    static final int COT_ACTIVATION_CON = 7;
    static final int COT_ACTIVATION_TERM = 10;
    static final int COT_INTERROGATED = 20;
    /** QOI 20: station interrogation (101, 7.2.6.22). */
    static final int QOI_STATION = 20;

    private Iec104Codec() {
    }

    static byte[] uFrame(int function) {
        return new byte[] {0x68, 4, (byte) function, 0, 0, 0};
    }

    /** S format: acknowledges every I frame up to receive sequence {@code receive} (15 bits). */
    static byte[] sFrame(int receive) {
        return new byte[] {0x68, 4, 1, 0, (byte) (receive << 1), (byte) (receive >> 7)};
    }

    /** An ASDU under construction: header, then information objects. */
    static final class Asdu {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int objects;

        Asdu(int type, int cause, int commonAddress) {
            bytes.write(type);
            bytes.write(0); // variable structure qualifier, filled in by apdu()
            bytes.write(cause);
            bytes.write(0); // originator address
            bytes.write(commonAddress & 0xFF);
            bytes.write(commonAddress >> 8);
        }

        private Asdu address(int ioa) {
            bytes.write(ioa & 0xFF);
            bytes.write((ioa >> 8) & 0xFF);
            bytes.write((ioa >> 16) & 0xFF);
            objects++;
            return this;
        }

        /** Short floating point value (101, 7.2.6.8) with its quality descriptor. */
        Asdu shortFloat(int ioa, float value, int quality) {
            address(ioa);
            int bits = Float.floatToIntBits(value);
            for (int i = 0; i < 4; i++) {
                bytes.write(bits >> (8 * i));
            }
            if (quality >= 0) {
                bytes.write(quality);
            }
            return this;
        }

        /** One octet element: SIQ, SCO, QOI, QOS. */
        Asdu octet(int ioa, int value) {
            address(ioa);
            bytes.write(value);
            return this;
        }

        /** The I-format APDU carrying this ASDU with send and receive sequence numbers (15 bits each). */
        byte[] apdu(int send, int receive) {
            byte[] asdu = bytes.toByteArray();
            if (asdu.length > 249 || objects > 127) {
                // the length octet counts the four control octets and the ASDU: at most 253 (5.1)
                throw new IllegalStateException("ASDU too long for one APDU: " + asdu.length + " octets");
            }
            asdu[1] = (byte) objects;
            byte[] apdu = new byte[6 + asdu.length];
            apdu[0] = 0x68;
            apdu[1] = (byte) (4 + asdu.length);
            apdu[2] = (byte) (send << 1);
            apdu[3] = (byte) (send >> 7);
            apdu[4] = (byte) (receive << 1);
            apdu[5] = (byte) (receive >> 7);
            System.arraycopy(asdu, 0, apdu, 6, asdu.length);
            return apdu;
        }
    }
}
