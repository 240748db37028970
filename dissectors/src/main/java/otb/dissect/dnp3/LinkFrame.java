package otb.dissect.dnp3;

import java.nio.ByteBuffer;

/**
 * One DNP3 data link frame (IEEE 1815-2012 clause 9, "FT3" frame format): a ten-octet header
 * (start octets 0x05 0x64, length, control, destination, source, header CRC) followed by up to
 * 250 octets of user data sent in blocks of 16 octets, each block followed by its own CRC.
 *
 * @param lengthField  the LENGTH octet: control, addresses and user data octets, 5..255
 * @param control      the CONTROL octet
 * @param destination  destination address, 0..65535
 * @param source       source address, 0..65535
 * @param userData     user data with the block CRCs removed (empty for link-only frames)
 * @param dataCrcValid false when a user data block failed its CRC
 */
record LinkFrame(int lengthField, int control, int destination, int source, byte[] userData,
                 boolean dataCrcValid) {

    static final int START_OCTET_1 = 0x05;
    static final int START_OCTET_2 = 0x64;
    static final int HEADER_BYTES = 10;
    /** Clause 9.2.4.1.3: LENGTH counts control (1), destination (2) and source (2) at least. */
    static final int MIN_LENGTH_FIELD = 5;
    /** Clause 9.2.4.1.3: at most 250 octets of user data. */
    static final int MAX_USER_DATA = 250;
    static final int BLOCK_BYTES = 16;
    static final int CRC_BYTES = 2;
    /** The largest frame on the wire: header plus 250 data octets in 16 blocks with CRCs. */
    static final int MAX_FRAME_BYTES = HEADER_BYTES + MAX_USER_DATA + CRC_BYTES * 16;

    /** {@link #check} result: the bytes at hand end inside the header or frame. */
    static final int NEED_MORE = -1;
    /** {@link #check} result: no start octets at the position. */
    static final int NO_START = -2;
    /** {@link #check} result: LENGTH below 5 (header CRC correct or not). */
    static final int BAD_LENGTH = -3;
    /** {@link #check} result: the header CRC does not match. */
    static final int BAD_HEADER_CRC = -4;

    // Control octet, clause 9
    static final int DIR = 0x80;
    static final int PRM = 0x40;
    static final int FCB = 0x20;
    static final int FCV_OR_DFC = 0x10;
    static final int FUNCTION_MASK = 0x0F;

    // Primary-to-secondary function codes
    static final int RESET_LINK_STATES = 0;
    static final int TEST_LINK_STATES = 2;
    static final int CONFIRMED_USER_DATA = 3;
    static final int UNCONFIRMED_USER_DATA = 4;
    static final int REQUEST_LINK_STATUS = 9;

    /** Octets on the wire of a frame whose LENGTH octet is {@code lengthField} (5..255). */
    static int frameBytes(int lengthField) {
        int user = lengthField - MIN_LENGTH_FIELD;
        return HEADER_BYTES + user + CRC_BYTES * ((user + BLOCK_BYTES - 1) / BLOCK_BYTES);
    }

    /**
     * Checks the header at absolute index {@code at} (bytes up to {@code in.limit()}) without
     * moving the buffer: the frame's size on the wire when its start octets, length and header
     * CRC check and all of it is present, otherwise one of the negative results.
     */
    static int check(ByteBuffer in, int at) {
        int available = in.limit() - at;
        if (available < 1) {
            return NEED_MORE;
        }
        if ((in.get(at) & 0xFF) != START_OCTET_1) {
            return NO_START;
        }
        if (available < 2) {
            return NEED_MORE;
        }
        if ((in.get(at + 1) & 0xFF) != START_OCTET_2) {
            return NO_START;
        }
        if (available < HEADER_BYTES) {
            return NEED_MORE;
        }
        if (!Crc16Dnp.matches(in, at, HEADER_BYTES - CRC_BYTES, at + HEADER_BYTES - CRC_BYTES)) {
            return BAD_HEADER_CRC;
        }
        int lengthField = in.get(at + 2) & 0xFF;
        if (lengthField < MIN_LENGTH_FIELD) {
            return BAD_LENGTH;
        }
        int frame = frameBytes(lengthField);
        return available < frame ? NEED_MORE : frame;
    }

    /** Decodes a frame that {@link #check} accepted at {@code at}; the buffer is not moved. */
    static LinkFrame decode(ByteBuffer in, int at) {
        int lengthField = in.get(at + 2) & 0xFF;
        int control = in.get(at + 3) & 0xFF;
        int destination = (in.get(at + 4) & 0xFF) | (in.get(at + 5) & 0xFF) << 8;
        int source = (in.get(at + 6) & 0xFF) | (in.get(at + 7) & 0xFF) << 8;
        int userBytes = lengthField - MIN_LENGTH_FIELD;
        byte[] userData = new byte[userBytes];
        boolean valid = true;
        int block = at + HEADER_BYTES;
        for (int copied = 0; copied < userBytes; ) {
            int length = Math.min(BLOCK_BYTES, userBytes - copied);
            valid &= Crc16Dnp.matches(in, block, length, block + length);
            in.get(block, userData, copied, length);
            copied += length;
            block += length + CRC_BYTES;
        }
        return new LinkFrame(lengthField, control, destination, source, userData, valid);
    }

    /** This frame's header fields without its user data (what a message keeps). */
    LinkFrame headerOnly() {
        return userData.length == 0 ? this : new LinkFrame(lengthField, control, destination, source, new byte[0],
                dataCrcValid);
    }

    /** DIR: set on frames sent by the master station. */
    boolean fromMaster() { return (control & DIR) != 0; }

    /** PRM: set on frames from the primary (initiating) station. */
    boolean primary() { return (control & PRM) != 0; }

    /** FCB on primary frames; reserved on secondary frames. */
    boolean frameCountBit() { return (control & FCB) != 0; }

    /** FCV on primary frames, DFC (data flow control) on secondary frames. */
    boolean frameCountValidOrDataFlowControl() { return (control & FCV_OR_DFC) != 0; }

    int function() { return control & FUNCTION_MASK; }

    /** True for the functions that carry a transport segment (3 and 4). */
    boolean carriesUserData() {
        return primary() && (function() == CONFIRMED_USER_DATA || function() == UNCONFIRMED_USER_DATA);
    }

    /** The outstation's address: the destination of a master's frame, else the source. */
    int outstation() { return fromMaster() ? destination : source; }

    /** The master's address. */
    int master() { return fromMaster() ? source : destination; }

    /** The link function's name, snake_case. */
    String functionName() {
        return primary() ? primaryName(function()) : secondaryName(function());
    }

    static String primaryName(int function) {
        return switch (function) {
            case 0 -> "reset_link_states";
            case 1 -> "reset_user_process";
            case 2 -> "test_link_states";
            case 3 -> "confirmed_user_data";
            case 4 -> "unconfirmed_user_data";
            case 9 -> "request_link_status";
            default -> "reserved_primary_" + function;
        };
    }

    static String secondaryName(int function) {
        return switch (function) {
            case 0 -> "ack";
            case 1 -> "nack";
            case 11 -> "link_status";
            case 14 -> "link_not_functioning";
            case 15 -> "link_not_supported";
            default -> "reserved_secondary_" + function;
        };
    }

    /** Reserved (undefined) link function codes. */
    boolean reservedFunction() {
        return functionName().startsWith("reserved_");
    }
}
