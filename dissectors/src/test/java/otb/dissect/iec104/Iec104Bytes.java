package otb.dissect.iec104;

import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;
import otb.dissect.SessionFeeder;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;

/** Byte fixtures for IEC 104 tests: hex, APDUs from their fields, and a stream feeder. */
final class Iec104Bytes {
    private Iec104Bytes() {
    }



    /**
     * An I-format APDU (104 clause 5.1, figure 6): 68H, length (4 + ASDU), N(S) and N(R) each
     * shifted left one bit, little-endian, then the ASDU given in hex.
     */
    static byte[] information(int sendSequence, int receiveSequence, String asduHex) {
        byte[] asdu = hex(asduHex);
        return concat(new byte[] {0x68, (byte) (4 + asdu.length),
            (byte) (sendSequence << 1), (byte) (sendSequence >> 7),
            (byte) (receiveSequence << 1), (byte) (receiveSequence >> 7)}, asdu);
    }

    /** An S-format APDU (figure 7): 68H 04H 01H 00H, then N(R) shifted left one bit. */
    static byte[] supervisory(int receiveSequence) {
        return new byte[] {0x68, 0x04, 0x01, 0x00, (byte) (receiveSequence << 1), (byte) (receiveSequence >> 7)};
    }

    /** A U-format APDU (figure 8): 68H 04H, the function bits with 03H, three zero octets. */
    static byte[] unnumbered(int functionBits) {
        return new byte[] {0x68, 0x04, (byte) (functionBits | 0x03), 0x00, 0x00, 0x00};
    }

    static Flow tcpFlow() {
        return new Flow(1, 0, Transport.TCP, IpAddress.parse("10.0.0.1"), 40000, IpAddress.parse("10.0.0.2"),
                Iec104Protocol.PORT, 0, 0, 0, true);
    }

    /**
     * Drives a session the way the dispatcher does on TCP: each chunk is appended to the
     * unconsumed tail and parsed until the session needs more, checking that every call
     * consumes input or waits without consuming.
     */
    /** An IEC 104 session fed as the Dispatcher feeds it (see {@link SessionFeeder}). */
    static final class Feeder extends SessionFeeder<Iec104Session, Feeder> {
        Feeder(DissectorConfig config) {
            super(new Iec104Session(config, Direction.TO_SERVER), tcpFlow());
        }

        Feeder() {
            this(DissectorConfig.defaults());
        }
    }
}
