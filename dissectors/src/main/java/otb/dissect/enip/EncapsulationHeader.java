package otb.dissect.enip;

import java.nio.ByteBuffer;

/**
 * The 24-byte encapsulation header (Vol 2 2-3): command (UINT), length of the data that follows
 * (UINT, 0..65511), session handle (UDINT), status (UDINT), sender context (8 octets, echoed by
 * the receiver) and options (UDINT, 0).
 *
 * @param commandCode   the command, 16 bits
 * @param length        bytes of data after the header, 0..{@link EnipLimits#MAX_DATA_BYTES}
 * @param sessionHandle the session, 32 bits unsigned (0 before RegisterSession)
 * @param status        0 for success, else an encapsulation error (replies only)
 * @param senderContext the sender's 8 octets, as a little-endian number
 * @param options       32 bits, 0 on the wire today
 */
record EncapsulationHeader(int commandCode, int length, long sessionHandle, long status, long senderContext,
                           long options) {

    /** What {@link #check} finds at a position. */
    static final int NEED_MORE = -1;
    static final int UNKNOWN_COMMAND = -2;
    static final int LENGTH_TOO_LARGE = -3;
    static final int NONZERO_OPTIONS = -4;

    /**
     * Checks the header at {@code at} without consuming: the frame's whole size (header and
     * data) when it is complete, or one of the negative verdicts. A header with an unknown command
     * or an impossible length is never trusted for its length.
     */
    static int check(ByteBuffer in, int at) {
        int available = in.limit() - at;
        if (available < 2) {
            return NEED_MORE;
        }
        if (EncapsulationCommand.of(LittleEndian.u16(in, at)) == null) {
            return UNKNOWN_COMMAND;
        }
        if (available < EnipLimits.HEADER_BYTES) {
            return NEED_MORE;
        }
        int length = LittleEndian.u16(in, at + 2);
        if (length > EnipLimits.MAX_DATA_BYTES) {
            return LENGTH_TOO_LARGE;
        }
        if (LittleEndian.u32(in, at + 20) != 0) {
            // Vol 2 2-3.5: a receiver discards a message with options bits it does not know; none are defined.
            return NONZERO_OPTIONS;
        }
        int size = EnipLimits.HEADER_BYTES + length;
        return available < size ? NEED_MORE : size;
    }

    /** The header at {@code at}; call after {@link #check} accepted it. */
    static EncapsulationHeader decode(ByteBuffer in, int at) {
        return new EncapsulationHeader(LittleEndian.u16(in, at), LittleEndian.u16(in, at + 2),
                LittleEndian.u32(in, at + 4), LittleEndian.u32(in, at + 8), LittleEndian.u64(in, at + 12),
                LittleEndian.u32(in, at + 20));
    }

    EncapsulationCommand command() {
        return EncapsulationCommand.of(commandCode);
    }
}
