package otb.dissect.s7comm;

import static otb.dissect.TestBytes.concat;
import java.util.List;
import otb.dissect.SessionFeeder;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.OtMessage;

/** Byte builders for TPKT/COTP/S7 frames and a stream feeder that buffers like the dispatcher. */
final class S7Fixtures {
    private S7Fixtures() {
    }

    static Flow flow() {
        return new Flow(1, 0, Transport.TCP, IpAddress.parse("10.0.0.1"), 40000, IpAddress.parse("10.0.0.2"), 102,
                0, 0, 0, true);
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }


    static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** RFC 1006 TPKT: version 3, reserved 0, length of the whole packet. */
    static byte[] tpkt(byte[] tpdu) {
        int length = 4 + tpdu.length;
        return concat(bytes(0x03, 0x00, length >> 8, length & 0xFF), tpdu);
    }

    /** COTP DT, class 0: LI 2, code 0xF0, EOT bit | TPDU number 0, then the user data. */
    static byte[] dt(byte[] payload) {
        return tpkt(concat(bytes(0x02, 0xF0, 0x80), payload));
    }

    /** COTP DT without EOT: more DTs of the same PDU follow. */
    static byte[] dtMore(byte[] payload) {
        return tpkt(concat(bytes(0x02, 0xF0, 0x00), payload));
    }

    /** COTP CR: LI, code 0xE0, dst-ref 0, src-ref 1, class 0, TPDU size 1024, calling and called TSAP. */
    static byte[] connectionRequest(int callingTsap, int calledTsap) {
        return tpkt(bytes(
                0x11, 0xE0,             // LI 17, CR with CDT 0
                0x00, 0x00, 0x00, 0x01, // destination reference 0, source reference 1
                0x00,                   // class 0, no options
                0xC0, 0x01, 0x0A,       // TPDU size 2^10 = 1024
                0xC1, 0x02, callingTsap >> 8, callingTsap & 0xFF,   // calling TSAP
                0xC2, 0x02, calledTsap >> 8, calledTsap & 0xFF));   // called TSAP
    }

    /** S7 header of a job or userdata PDU: 0x32, ROSCTR, redundancy id, PDU reference, lengths. */
    static byte[] s7(int rosctr, int pduReference, byte[] parameters, byte[] data) {
        return concat(bytes(0x32, rosctr, 0x00, 0x00, pduReference >> 8, pduReference & 0xFF,
                parameters.length >> 8, parameters.length & 0xFF, data.length >> 8, data.length & 0xFF),
                parameters, data);
    }

    /** S7 header of an ack or ack-data PDU, with error class and code. */
    static byte[] s7Ack(int rosctr, int pduReference, int errorClass, int errorCode, byte[] parameters, byte[] data) {
        return concat(bytes(0x32, rosctr, 0x00, 0x00, pduReference >> 8, pduReference & 0xFF,
                parameters.length >> 8, parameters.length & 0xFF, data.length >> 8, data.length & 0xFF,
                errorClass, errorCode), parameters, data);
    }

    /**
     * An S7ANY item: variable specification 0x12, length 10, syntax 0x10, transport size,
     * length, DB number, area, 24-bit address (byte * 8 + bit).
     */
    static byte[] s7any(int transportSize, int length, int db, int area, int byteAddress, int bit) {
        int address = byteAddress * 8 + bit;
        return bytes(0x12, 0x0A, 0x10, transportSize, length >> 8, length & 0xFF, db >> 8, db & 0xFF, area,
                address >> 16, (address >> 8) & 0xFF, address & 0xFF);
    }

    /** A data item: return code, data transport size, length (in bits for sizes 3, 4, 5), value. */
    static byte[] dataItem(int returnCode, int transportSize, int length, byte[] value) {
        return concat(bytes(returnCode, transportSize, length >> 8, length & 0xFF), value);
    }

    /** Userdata parameters: head 00 01 12, length 4, method, type|group, subfunction, sequence. */
    static byte[] userdataRequest(int group, int subfunction) {
        return bytes(0x00, 0x01, 0x12, 0x04, 0x11, 0x40 | group, subfunction, 0x00);
    }

    /** Userdata response parameters with data unit reference, last data unit flag (0 = last) and error code. */
    static byte[] userdataResponse(int group, int subfunction, int dataUnit, boolean last, int error) {
        return bytes(0x00, 0x01, 0x12, 0x08, 0x12, 0x80 | group, subfunction, 0x01, dataUnit, last ? 0x00 : 0x01,
                error >> 8, error & 0xFF);
    }

    /** Feeds stream chunks to a session, keeping an incomplete tail as the dispatcher does. */
    /** An S7 session fed as the Dispatcher feeds it (see {@link SessionFeeder}), frames numbered by the test. */
    static final class Feeder extends SessionFeeder<S7Session, Feeder> {
        Feeder() {
            this(DissectorConfig.defaults());
        }

        Feeder(DissectorConfig config) {
            super(new S7Session(config), flow());
        }

        Feeder feed(Direction direction, long frame, byte[] chunk) {
            return feed(direction, chunk, frame, frame * 1_000_000L);
        }

        OtMessage only() {
            List<OtMessage> messages = messages();
            if (messages.size() != 1) {
                throw new AssertionError("expected one message, got " + messages);
            }
            return messages.get(0);
        }
    }
}
