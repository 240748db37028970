package otb.dissect.cotp;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * ISO 8073 (X.224) class 0 transport PDUs as RFC 1006 carries them in TPKTs: the transport that
 * S7comm and ISO session/presentation/MMS share on TCP port 102. Stateless: each method reads one
 * TPKT with absolute gets and never moves the buffer's position.
 */
public final class Cotp {
    private Cotp() {
    }

    /** RFC 1006 section 6: the TPKT header is version, reserved and a 16-bit length. */
    public static final int TPKT_HEADER_BYTES = 4;
    /** RFC 1006 section 6: TPKT version is always 3. */
    public static final int TPKT_VERSION = 3;
    /** RFC 1006 section 6: the smallest packet is a 4-byte header and a 3-byte TPDU (class 0 DT). */
    public static final int MIN_TPKT_LENGTH = 7;
    /** RFC 1006 section 6: the length field is 16 bits, header included. */
    public static final int MAX_TPKT_LENGTH = 0xFFFF;
    /** ISO 8073 13.2.1: a length indicator of 255 is reserved. */
    public static final int MAX_COTP_LENGTH_INDICATOR = 254;
    /** Characters kept of a TSAP. */
    public static final int MAX_TSAP_CHARS = 64;
    /** TPKT header, COTP length indicator and code: what a plausibility check reads. */
    public static final int HEADER_CHECK_BYTES = 6;

    // ISO 8073 13.1, table 8: TPDU codes (high nibble of the second header byte)
    public static final int CONNECTION_REQUEST = 0xE0;
    public static final int CONNECTION_CONFIRM = 0xD0;
    public static final int DISCONNECT_REQUEST = 0x80;
    public static final int DISCONNECT_CONFIRM = 0xC0;
    public static final int DATA = 0xF0;
    public static final int ERROR = 0x70;

    // ISO 8073 13.3.4: parameter codes of CR/CC
    private static final int PARAMETER_TPDU_SIZE = 0xC0;
    private static final int PARAMETER_CALLING_TSAP = 0xC1;
    private static final int PARAMETER_CALLED_TSAP = 0xC2;

    /** A transport PDU, or why the bytes are not one. */
    public sealed interface Tpdu permits Connect, Data, Disconnect, Error, Other, Invalid {
    }

    /**
     * Connection request (CR) or confirm (CC), ISO 8073 13.3 and 13.4.
     *
     * @param tpduSizeCode ISO 8073 13.3.4 b: the TPDU size as a power of two (0x0A = 1024 bytes), 0 when absent
     */
    public record Connect(boolean confirm, int destinationReference, int sourceReference, int protocolClass,
                   Tsap calling, Tsap called, int tpduSizeCode) implements Tpdu {
    }

    /**
     * Data TPDU (DT), ISO 8073 13.7: the user data follows the header.
     *
     * @param endOfTransmission EOT: the last DT of a TSDU (an S7 PDU)
     * @param payloadOffset     absolute offset of the user data in the buffer
     */
    public record Data(boolean endOfTransmission, int number, int payloadOffset, int payloadLength) implements Tpdu {
    }

    /** Disconnect request (DR, ISO 8073 13.5) or confirm (DC, 13.6). */
    public record Disconnect(boolean confirm, int destinationReference, int sourceReference, int reason) implements Tpdu {
    }

    /** TPDU error (ER), ISO 8073 13.12. */
    public record Error(int destinationReference, int rejectCause) implements Tpdu {
    }

    /** A TPDU type class 0 does not use (ED, AK, EA, RJ). */
    public record Other(int code) implements Tpdu {
    }

    /** Bytes that do not form a TPDU; {@code reason} is a stable snake_case word. */
    public record Invalid(String reason) implements Tpdu {
    }

    /**
     * A transport service access point as carried in CR/CC. Two-byte TSAPs of S7 carry the
     * connection type in the first byte and rack * 32 + slot in the second; S7-1200/1500
     * connections also use text TSAPs such as {@code SIMATIC-ROOT-ES}.
     */
    public record Tsap(String hex, String text) {
        public boolean isRackSlot() {
            return hex.length() == 4;
        }

        public int connectionType() {
            return isRackSlot() ? Integer.parseInt(hex.substring(0, 2), 16) : -1;
        }

        public int rack() {
            return isRackSlot() ? Integer.parseInt(hex.substring(2, 4), 16) >> 5 : -1;
        }

        public int slot() {
            return isRackSlot() ? Integer.parseInt(hex.substring(2, 4), 16) & 0x1F : -1;
        }
    }

    /**
     * The TPKT length at {@code offset}, or -1 when the 4 bytes there are not a TPKT header
     * (RFC 1006 section 6: version 3, reserved 0, length 7..65535). Needs 4 readable bytes.
     */
    public static int tpktLength(ByteBuffer in, int offset) {
        if ((in.get(offset) & 0xFF) != TPKT_VERSION || in.get(offset + 1) != 0) {
            return -1;
        }
        int length = in.getShort(offset + 2) & 0xFFFF;
        return length >= MIN_TPKT_LENGTH && length <= MAX_TPKT_LENGTH ? length : -1;
    }

    /**
     * True when the bytes after a TPKT header at {@code offset} start a TPDU of class 0:
     * a length indicator that fits and a TPDU code class 0 uses (ISO 8073 13.2, table 8).
     * Needs {@link #HEADER_CHECK_BYTES} readable bytes.
     */
    public static boolean plausible(ByteBuffer in, int offset, int tpktLength) {
        int lengthIndicator = in.get(offset + 4) & 0xFF;
        int code = in.get(offset + 5) & 0xF0;
        if (lengthIndicator < 2 || lengthIndicator + 1 > tpktLength - TPKT_HEADER_BYTES) {
            return false;
        }
        return switch (code) {
            case DATA -> lengthIndicator == 2;
            case CONNECTION_REQUEST, CONNECTION_CONFIRM, DISCONNECT_REQUEST -> lengthIndicator >= 6;
            case DISCONNECT_CONFIRM -> lengthIndicator >= 5;
            case ERROR -> lengthIndicator >= 4;
            default -> false;
        };
    }

    /** {@link #frame}'s answer when the TPKT at the position is not whole yet. */
    public static final int INCOMPLETE = 0;

    /**
     * Frames the TPKT at the buffer's position (RFC 1006 section 6) without moving it: its length
     * when it is whole in the buffer; {@link #INCOMPLETE} when more bytes are needed; or, when the
     * bytes there start no TPKT with a plausible COTP header, minus the number of bytes to skip to
     * the next position where one could start (the bad length is never trusted).
     */
    public static int frame(ByteBuffer in) {
        int start = in.position();
        if (in.remaining() < TPKT_HEADER_BYTES) {
            return INCOMPLETE;
        }
        int length = tpktLength(in, start);
        if (length < 0 || (in.remaining() >= HEADER_CHECK_BYTES && !plausible(in, start, length))) {
            return -bytesToNextHeader(in, start);
        }
        return in.remaining() < length ? INCOMPLETE : length;
    }

    /** Bytes from {@code start} to the next position where a TPKT and COTP header could start (the limit if none). */
    private static int bytesToNextHeader(ByteBuffer in, int start) {
        int limit = in.limit();
        int next = start + 1;
        for (; next + TPKT_HEADER_BYTES <= limit; next++) {
            int length = tpktLength(in, next);
            if (length >= 0 && (next + HEADER_CHECK_BYTES > limit || plausible(in, next, length))) {
                break;
            }
        }
        return Math.min(next, limit) - start;
    }

    /** What a probe learns of a stream's first data TPDU; see {@link #firstData}. */
    public enum Lookahead { FOUND, NEED_MORE, NOT_COTP }

    /**
     * The first data TPDU among the TPKTs from the buffer's position (connection and disconnect
     * TPDUs before it skipped): {@code FOUND} with the absolute offset of its user data in
     * {@code payload[0]} and the readable length of that user data (at least 1) in {@code payload[1]};
     * {@code NEED_MORE} when the bytes end before one; {@code NOT_COTP} when a TPKT on the way is
     * not class 0 COTP. For content probes on port 102, where the CR/CC do not say what follows.
     */
    public static Lookahead firstData(ByteBuffer bytes, int[] payload) {
        int at = bytes.position();
        int limit = bytes.limit();
        while (true) {
            if (limit - at < HEADER_CHECK_BYTES) {
                return Lookahead.NEED_MORE;
            }
            int length = tpktLength(bytes, at);
            if (length < 0 || !plausible(bytes, at, length)) {
                return Lookahead.NOT_COTP;
            }
            if ((bytes.get(at + 5) & 0xF0) == DATA) {
                int start = at + TPKT_HEADER_BYTES + 3;
                int end = Math.min(at + length, limit);
                if (end > start) {
                    payload[0] = start;
                    payload[1] = end - start;
                    return Lookahead.FOUND;
                }
                if (length != MIN_TPKT_LENGTH) {
                    return Lookahead.NEED_MORE;
                }
                // an empty DT says nothing of its protocol: look at the next one
            }
            at += length;
        }
    }

    /** Parses the TPDU of the TPKT at {@code offset} (its whole {@code tpktLength} bytes are readable). */
    public static Tpdu parse(ByteBuffer in, int offset, int tpktLength) {
        int start = offset + TPKT_HEADER_BYTES;
        int available = tpktLength - TPKT_HEADER_BYTES;
        int lengthIndicator = in.get(start) & 0xFF;
        // ISO 8073 13.2.1: LI counts the header bytes after itself and never exceeds the TPDU
        if (lengthIndicator < 2 || lengthIndicator > MAX_COTP_LENGTH_INDICATOR
                || lengthIndicator + 1 > available) {
            return new Invalid("bad_cotp_length_indicator");
        }
        int code = in.get(start + 1) & 0xFF;
        int headerEnd = start + 1 + lengthIndicator;
        switch (code & 0xF0) {
            case DATA: {
                // 13.7: class 0 DT is LI=2, code, EOT bit and TPDU number
                int numberByte = in.get(start + 2) & 0xFF;
                return new Data((numberByte & 0x80) != 0, numberByte & 0x7F, headerEnd,
                        offset + tpktLength - headerEnd);
            }
            case CONNECTION_REQUEST:
            case CONNECTION_CONFIRM: {
                if (lengthIndicator < 6) {
                    return new Invalid("short_connect_tpdu");
                }
                return connect(in, start, headerEnd, (code & 0xF0) == CONNECTION_CONFIRM);
            }
            case DISCONNECT_REQUEST:
                if (lengthIndicator < 6) {
                    return new Invalid("short_disconnect_tpdu");
                }
                return new Disconnect(false, in.getShort(start + 2) & 0xFFFF, in.getShort(start + 4) & 0xFFFF,
                        in.get(start + 6) & 0xFF);
            case DISCONNECT_CONFIRM:
                if (lengthIndicator < 5) {
                    return new Invalid("short_disconnect_tpdu");
                }
                return new Disconnect(true, in.getShort(start + 2) & 0xFFFF, in.getShort(start + 4) & 0xFFFF, 0);
            case ERROR:
                if (lengthIndicator < 4) {
                    return new Invalid("short_error_tpdu");
                }
                return new Error(in.getShort(start + 2) & 0xFFFF, in.get(start + 4) & 0xFF);
            default:
                return new Other(code & 0xF0);
        }
    }

    private static Connect connect(ByteBuffer in, int start, int headerEnd, boolean confirm) {
        Tsap calling = null;
        Tsap called = null;
        int tpduSize = 0;
        // 13.3.4: variable part, parameters as code, length, value
        int position = start + 7;
        while (position + 2 <= headerEnd) {
            int parameter = in.get(position) & 0xFF;
            int length = in.get(position + 1) & 0xFF;
            int value = position + 2;
            if (value + length > headerEnd) {
                break;
            }
            switch (parameter) {
                case PARAMETER_CALLING_TSAP -> calling = tsap(in, value, length);
                case PARAMETER_CALLED_TSAP -> called = tsap(in, value, length);
                case PARAMETER_TPDU_SIZE -> tpduSize = length == 1 ? in.get(value) & 0xFF : 0;
                default -> {
                }
            }
            position = value + length;
        }
        return new Connect(confirm, in.getShort(start + 2) & 0xFFFF, in.getShort(start + 4) & 0xFFFF,
                (in.get(start + 6) & 0xFF) >> 4, calling, called, tpduSize);
    }

    private static Tsap tsap(ByteBuffer in, int offset, int length) {
        int kept = Math.min(length, MAX_TSAP_CHARS);
        byte[] bytes = new byte[kept];
        in.get(offset, bytes);
        StringBuilder text = new StringBuilder(kept);
        boolean printable = kept > 2;
        for (byte b : bytes) {
            int c = b & 0xFF;
            printable &= c >= 0x20 && c < 0x7F;
            text.append((char) c);
        }
        return new Tsap(HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT), printable ? text.toString() : "");
    }
}
