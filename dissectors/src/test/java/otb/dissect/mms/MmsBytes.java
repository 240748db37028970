package otb.dissect.mms;

import static otb.dissect.TestBytes.concat;

import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.SessionFeeder;

/** Byte fixtures for MMS tests: BER elements, TPKT/COTP data, and a feeder that drives a session as the dispatcher does. */
final class MmsBytes {
    private MmsBytes() {
    }

    /** A BER element (X.690 8.1): identifier octets, a definite length (short or long form), the contents. */
    static byte[] tlv(int identifier, byte[]... contents) {
        byte[] body = concat(contents);
        byte[] header = identifier > 0xFF
                ? new byte[] {(byte) (identifier >> 8), (byte) identifier} : new byte[] {(byte) identifier};
        byte[] length = body.length < 0x80 ? new byte[] {(byte) body.length}
                : new byte[] {(byte) 0x82, (byte) (body.length >> 8), (byte) body.length};
        return concat(header, length, body);
    }

    static byte[] text(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** RFC 1006 TPKT (version 3, reserved, length) around a class 0 COTP DT with EOT (LI 2, F0, 80) and {@code tsdu}. */
    static byte[] dataTpdu(byte[] tsdu) {
        int length = 4 + 3 + tsdu.length;
        return concat(bytes(0x03, 0x00, length >> 8, length & 0xFF, 0x02, 0xF0, 0x80), tsdu);
    }

    /** The same, without EOT: a TSDU that continues in the next DT. */
    static byte[] dataTpduContinued(byte[] part) {
        int length = 4 + 3 + part.length;
        return concat(bytes(0x03, 0x00, length >> 8, length & 0xFF, 0x02, 0xF0, 0x00), part);
    }

    /**
     * Session give-tokens and data transfer SPDUs (ISO 8327-1: SI 1, LI 0, twice), presentation
     * fully-encoded user data (ISO 8823-1 [APPLICATION 1]) with one PDV-list: context 3, single-ASN1-type [0] {@code mms}.
     */
    static byte[] inPresentation(byte[] mms) {
        return concat(bytes(0x01, 0x00, 0x01, 0x00),
                tlv(0x61, tlv(0x30, tlv(0x02, bytes(0x03)), tlv(0xA0, mms))));
    }

    /** COTP connection request: LI 14, CR, dst-ref 0, src-ref 6, class 0, calling TSAP 0002, called TSAP 0001. */
    static final byte[] CONNECTION_REQUEST = bytes(0x03, 0x00, 0x00, 0x13, 0x0E, 0xE0, 0x00, 0x00, 0x00, 0x06, 0x00,
            0xC1, 0x02, 0x00, 0x02, 0xC2, 0x02, 0x00, 0x01);
    /** COTP connection confirm: LI 17, CC, dst-ref 6, src-ref 4, class 0, TSAPs, TPDU size 1024. */
    static final byte[] CONNECTION_CONFIRM = bytes(0x03, 0x00, 0x00, 0x16, 0x11, 0xD0, 0x00, 0x06, 0x00, 0x04, 0x00,
            0xC1, 0x02, 0x00, 0x02, 0xC2, 0x02, 0x00, 0x01, 0xC0, 0x01, 0x0A);

    /** confirmed-RequestPDU [0] {invokeID 1, identify [2] NULL} (piccolo.pcap frame 3). */
    static final byte[] IDENTIFY_REQUEST = tlv(0xA0, tlv(0x02, bytes(0x01)), bytes(0x82, 0x00));
    /** confirmed-ResponsePDU [1] {invokeID 1, identify [2] {vendorName [0] "INFO TECH", modelName [1], revision [2]}}. */
    static final byte[] IDENTIFY_RESPONSE = tlv(0xA1, tlv(0x02, bytes(0x01)),
            tlv(0xA2, tlv(0x80, text("INFO TECH")), tlv(0x81, text("S61850 for PC")), tlv(0x82, text("0.0.1"))));
    /** confirmed-RequestPDU {invokeID 1, stop [41] (high tag: BF 29) {programInvocationName [0] "R3950243974Application_1"}}. */
    static final byte[] STOP_REQUEST = tlv(0xA0, tlv(0x02, bytes(0x01)),
            tlv(0xBF29, tlv(0x80, text("R3950243974Application_1"))));
    /** confirmed-ResponsePDU {invokeID 1, stop [41] IMPLICIT NULL (9F 29 00)}. */
    static final byte[] STOP_RESPONSE = tlv(0xA1, tlv(0x02, bytes(0x01)), bytes(0x9F, 0x29, 0x00));
    /**
     * confirmed-RequestPDU {invokeID 7, read [4] {variableAccessSpecification [1] {listOfVariable [0]
     * {SEQUENCE {name [0] {domain-specific [1] {"IED1LD0", "LLN0$ST$Mod$stVal"}}},
     *  SEQUENCE {name [0] {vmd-specific [0] "mu"}}}}}}.
     */
    static final byte[] READ_REQUEST = tlv(0xA0, tlv(0x02, bytes(0x07)),
            tlv(0xA4, tlv(0xA1, tlv(0xA0,
                    tlv(0x30, tlv(0xA0, tlv(0xA1, tlv(0x1A, text("IED1LD0")), tlv(0x1A, text("LLN0$ST$Mod$stVal"))))),
                    tlv(0x30, tlv(0xA0, tlv(0x80, text("mu"))))))));
    /** confirmed-ErrorPDU [2] {invokeID [0] 7, serviceError [2] {errorClass [0] {access [7] 2 (object-non-existent)}}}. */
    static final byte[] READ_ERROR = tlv(0xA2, tlv(0x80, bytes(0x07)), tlv(0xA2, tlv(0xA0, tlv(0x87, bytes(0x02)))));
    /** unconfirmed-PDU [3] {informationReport [0] {variableAccessSpecification: variableListName [1] ...}}. */
    static final byte[] INFORMATION_REPORT = tlv(0xA3, tlv(0xA0, tlv(0xA1, tlv(0x80, text("RPT1")))));
    /** conclude-RequestPDU [11] IMPLICIT NULL. */
    static final byte[] CONCLUDE_REQUEST = bytes(0x8B, 0x00);

    static Flow tcpFlow() {
        return new Flow(1, 0, Transport.TCP, IpAddress.parse("10.0.0.1"), 40000, IpAddress.parse("10.0.0.2"),
                MmsProtocol.ISO_TSAP_PORT, 0, 0, 0, true);
    }

    /**
     * Drives a session the way the dispatcher does on TCP: each chunk is appended to the
     * unconsumed tail and parsed until the session needs more, checking that every call
     * consumes input or waits without consuming.
     */
    /** An MMS session fed as the Dispatcher feeds it (see {@link SessionFeeder}). */
    static final class Feeder extends SessionFeeder<MmsSession, Feeder> {
        Feeder(DissectorConfig config) {
            super(new MmsSession(config), tcpFlow());
        }

        Feeder() {
            this(DissectorConfig.defaults());
        }
    }
}
