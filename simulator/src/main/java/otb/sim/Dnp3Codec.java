package otb.sim;

/**
 * Builds DNP3 frames as carried over TCP (IEEE 1815-2012): the data link frame with its CRCs
 * (clause 9.2), one transport segment (clause 8.2) and one application fragment (clause 4.2).
 * Every fragment we build fits one link frame, so FIR and FIN are always set in the transport
 * header.
 */
final class Dnp3Codec {
    /** Application function codes (IEEE 1815-2012 table 4-1). */
    static final int CONFIRM = 0x00;
    static final int READ = 0x01;
    static final int SELECT = 0x03;
    static final int OPERATE = 0x04;
    static final int COLD_RESTART = 0x0D;
    static final int DISABLE_UNSOLICITED = 0x15;
    static final int RESPONSE = 0x81;

    /** Link control octets (9.2.4.1.3): DIR, PRM and the function code. */
    private static final int LINK_MASTER_UNCONFIRMED_USER_DATA = 0xC4; // DIR=1 PRM=1 func 4
    private static final int LINK_OUTSTATION_UNCONFIRMED_USER_DATA = 0x44; // DIR=0 PRM=1 func 4
    /** Largest user data in one link frame: 255 minus control and addresses (9.2.4.1.2). */
    private static final int LINK_MAXIMUM_USER_DATA = 250;
    private static final int LINK_BLOCK = 16;

    private static final int[] CRC_TABLE = new int[256];

    static {
        // DNP3 CRC-16: polynomial x^16+x^13+x^12+x^11+x^10+x^8+x^6+x^5+x^2+1 (0x3D65), bit-reversed 0xA6BC (9.2.4.2)
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA6BC : crc >>> 1;
            }
            CRC_TABLE[i] = crc;
        }
    }

    private Dnp3Codec() {
    }

    static int crc(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ data[i]) & 0xFF];
        }
        return ~crc & 0xFFFF;
    }

    /**
     * Wraps an application fragment in a transport header and a link frame.
     *
     * @param fromMaster      direction bit: master to outstation
     * @param destination     link destination address
     * @param source          link source address
     * @param transportSequence transport sequence number, 0..63
     */
    static byte[] frame(boolean fromMaster, int destination, int source, int transportSequence, byte[] fragment,
            int fragmentLength) {
        int userData = 1 + fragmentLength;
        if (userData > LINK_MAXIMUM_USER_DATA) {
            throw new IllegalArgumentException("fragment too long for one link frame: " + fragmentLength);
        }
        int blocks = (userData + LINK_BLOCK - 1) / LINK_BLOCK;
        byte[] frame = new byte[10 + userData + 2 * blocks];
        frame[0] = 0x05;
        frame[1] = 0x64;
        frame[2] = (byte) (5 + userData);
        frame[3] = (byte) (fromMaster ? LINK_MASTER_UNCONFIRMED_USER_DATA : LINK_OUTSTATION_UNCONFIRMED_USER_DATA);
        Wire.put16Little(frame, 4, destination);
        Wire.put16Little(frame, 6, source);
        Wire.put16Little(frame, 8, crc(frame, 0, 8));
        byte[] user = new byte[userData];
        user[0] = (byte) (0xC0 | (transportSequence & 0x3F)); // FIN, FIR, sequence
        System.arraycopy(fragment, 0, user, 1, fragmentLength);
        int out = 10;
        for (int start = 0; start < userData; start += LINK_BLOCK) {
            int length = Math.min(LINK_BLOCK, userData - start);
            System.arraycopy(user, start, frame, out, length);
            Wire.put16Little(frame, out + length, crc(user, start, length));
            out += length + 2;
        }
        return frame;
    }

    /** Application control octet (4.2.2.4): FIR, FIN, optional CON, sequence 0..15. */
    static int control(int sequence, boolean confirm) {
        return 0xC0 | (confirm ? 0x20 : 0) | (sequence & 0x0F);
    }

    /** A growable fragment buffer with the object header shapes we use (4.3). */
    static final class Fragment {
        final byte[] bytes = new byte[LINK_MAXIMUM_USER_DATA - 1];
        int length;

        Fragment request(int sequence, int function) {
            length = 0;
            put(control(sequence, false));
            put(function);
            return this;
        }

        Fragment response(int sequence, boolean confirm, int internalIndications) {
            length = 0;
            put(control(sequence, confirm));
            put(RESPONSE);
            put(internalIndications & 0xFF);          // IIN1
            put((internalIndications >>> 8) & 0xFF);  // IIN2
            return this;
        }

        Fragment put(int octet) {
            bytes[length++] = (byte) octet;
            return this;
        }

        Fragment put16(int value) {
            Wire.put16Little(bytes, length, value);
            length += 2;
            return this;
        }

        Fragment put32(int value) {
            Wire.put32Little(bytes, length, value);
            length += 4;
            return this;
        }

        Fragment put48(long value) {
            for (int i = 0; i < 6; i++) {
                bytes[length++] = (byte) (value >>> (8 * i));
            }
            return this;
        }

        /** Object header with qualifier 0x06: all objects of the group/variation. */
        Fragment allObjects(int group, int variation) {
            return put(group).put(variation).put(0x06);
        }

        /** Object header with qualifier 0x00: 8-bit start and stop indexes. */
        Fragment range8(int group, int variation, int start, int stop) {
            return put(group).put(variation).put(0x00).put(start).put(stop);
        }

        /** Object header with qualifier 0x17: 8-bit count, each object prefixed by an 8-bit index. */
        Fragment indexed8(int group, int variation, int count) {
            return put(group).put(variation).put(0x17).put(count);
        }

        /** Object header with qualifier 0x28: 16-bit count, each object prefixed by a 16-bit index. */
        Fragment indexed16(int group, int variation, int count) {
            return put(group).put(variation).put(0x28).put16(count);
        }

        /** Object header with qualifier 0x07: 8-bit count, no index. */
        Fragment count8(int group, int variation, int count) {
            return put(group).put(variation).put(0x07).put(count);
        }
    }
}
