package otb.sim;

/**
 * EtherNet/IP encapsulation (CIP Vol 2, 2-3: a 24-octet little-endian header) and the CIP
 * explicit messages the line uses, sent unconnected in SendRRData with the common packet
 * format's null address and unconnected data items (2-6), a request's path made of 8-bit
 * logical class, instance and attribute segments (Vol 1, C-1.4.2).
 */
final class EnipCodec {
    static final int PORT = 44818;
    static final int REGISTER_SESSION = 0x65;
    static final int UNREGISTER_SESSION = 0x66;
    static final int SEND_RR_DATA = 0x6F;
    static final int GET_ATTRIBUTE_SINGLE = 0x0E;
    static final int STOP = 0x07;
    /** The Assembly object (Vol 1, 5-5) and the Logix controller object the ITI stop capture addresses. */
    static final int ASSEMBLY_CLASS = 0x04;
    static final int CONTROLLER_CLASS = 0x8E;

    private EnipCodec() {
    }

    static byte[] encapsulation(int command, long session, long context, byte[] data) {
        byte[] frame = new byte[24 + data.length];
        put16(frame, 0, command);
        put16(frame, 2, data.length);
        put32(frame, 4, session);
        // status 0
        for (int i = 0; i < 8; i++) {
            frame[12 + i] = (byte) (context >>> (8 * i));
        }
        System.arraycopy(data, 0, frame, 24, data.length);
        return frame;
    }

    /** RegisterSession data: protocol version 1, options 0. */
    static byte[] registerSession(long session, long context) {
        return encapsulation(REGISTER_SESSION, session, context, new byte[] {1, 0, 0, 0});
    }

    static byte[] unregisterSession(long session, long context) {
        return encapsulation(UNREGISTER_SESSION, session, context, new byte[0]);
    }

    /** SendRRData carrying one unconnected CIP message. */
    static byte[] sendRRData(long session, long context, byte[] cip) {
        byte[] data = new byte[16 + cip.length];
        // interface handle 0 (CIP), timeout 10 s
        put16(data, 4, 10);
        put16(data, 6, 2); // item count
        put16(data, 8, 0x0000); // null address item, length 0
        put16(data, 10, 0);
        put16(data, 12, 0x00B2); // unconnected data item
        put16(data, 14, cip.length);
        System.arraycopy(cip, 0, data, 16, cip.length);
        return encapsulation(SEND_RR_DATA, session, context, data);
    }

    /** A CIP request to class / instance (/ attribute when not negative). */
    static byte[] request(int service, int classId, int instance, int attribute, byte[] body) {
        int pathBytes = attribute >= 0 ? 6 : 4;
        byte[] cip = new byte[2 + pathBytes + body.length];
        cip[0] = (byte) service;
        cip[1] = (byte) (pathBytes / 2);
        cip[2] = 0x20;
        cip[3] = (byte) classId;
        cip[4] = 0x24;
        cip[5] = (byte) instance;
        if (attribute >= 0) {
            cip[6] = 0x30;
            cip[7] = (byte) attribute;
        }
        System.arraycopy(body, 0, cip, 2 + pathBytes, body.length);
        return cip;
    }

    /** A successful reply (general status 0, no additional status) to {@code service}. */
    static byte[] reply(int service, byte[] data) {
        byte[] cip = new byte[4 + data.length];
        cip[0] = (byte) (service | 0x80);
        System.arraycopy(data, 0, cip, 4, data.length);
        return cip;
    }

    static void put16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >> 8);
    }

    static void put32(byte[] bytes, int at, long value) {
        for (int i = 0; i < 4; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
