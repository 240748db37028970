package otb.dissect.s7comm;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import otb.dissect.OperationClass;

/**
 * Recognises S7comm-plus PDUs (protocol id 0x72) of S7-1200/1500 PLCs. There is no public
 * specification; the layout below is the one Wireshark's out-of-tree S7comm-plus plugin and
 * Zeek's S7comm-plus analyzer document, checked against the fixtures/pcaps/s7comm captures:
 * <pre>
 * header:   0x72, version (1 connect, 2 data, 3 data with integrity, 0xFF keep-alive), data length (2)
 * [V2/V3 with integrity: digest length 0x20, 32-byte digest]
 * request:  opcode 0x31, reserved (2), function (2), reserved (2), sequence (2), session id (4), flags (1), ...
 * response: opcode 0x32 (or 0x02), reserved (2), function (2), reserved (2), sequence (2), flags (1), ...
 * notification: opcode 0x33, subscription object id (4), ...
 * trailer:  0x72, version, 0x0000 (on the last fragment only)
 * </pre>
 * Everything after the recognised header stays opaque.
 */
final class S7PlusParser {
    static final int PROTOCOL_ID = 0x72;
    static final int VERSION_KEEP_ALIVE = 0xFF;
    static final int OPCODE_REQUEST = 0x31;
    static final int OPCODE_RESPONSE = 0x32;
    static final int OPCODE_NOTIFICATION = 0x33;
    static final int OPCODE_RESPONSE2 = 0x02;
    private static final int DIGEST_LENGTH = 0x20;
    private static final int REQUEST_HEADER_BYTES = 14;
    private static final int RESPONSE_HEADER_BYTES = 10;

    private S7PlusParser() {
    }

    /**
     * A recognised S7comm-plus PDU.
     *
     * @param version     header version byte
     * @param integrity   a 32-byte integrity digest precedes the opcode
     * @param opcode      opcode byte, empty for keep-alives
     * @param function    function code of requests and responses
     * @param sequence    sequence number of requests and responses
     * @param sessionId   session id (requests only)
     * @param opaqueBytes bytes after the recognised header
     * @param last        the PDU carries the trailer, so it is the last fragment
     */
    record PlusPdu(int version, boolean integrity, OptionalInt opcode, OptionalInt function, OptionalInt sequence,
                   OptionalLong sessionId, int opaqueBytes, boolean last, List<String> anomalies) {
    }

    /** Parses the PDU in {@code in[offset, offset + length)}; empty when there is no header. */
    static Optional<PlusPdu> parse(ByteBuffer in, int offset, int length, boolean continuation) {
        if (length < S7Limits.S7_PLUS_HEADER_BYTES || (in.get(offset) & 0xFF) != PROTOCOL_ID) {
            return Optional.empty();
        }
        int version = in.get(offset + 1) & 0xFF;
        int dataLength = in.getShort(offset + 2) & 0xFFFF;
        int end = offset + length;
        int body = offset + S7Limits.S7_PLUS_HEADER_BYTES;
        int bodyEnd = Math.min(body + dataLength, end);
        List<String> anomalies = new ArrayList<>(1);
        if (body + dataLength > end) {
            anomalies.add("truncated_pdu");
        }
        boolean last = bodyEnd + S7Limits.S7_PLUS_HEADER_BYTES <= end
                && (in.get(bodyEnd) & 0xFF) == PROTOCOL_ID && (in.get(bodyEnd + 1) & 0xFF) == version
                && in.getShort(bodyEnd + 2) == 0;
        if (version == VERSION_KEEP_ALIVE || continuation) {
            return Optional.of(new PlusPdu(version, false, OptionalInt.empty(), OptionalInt.empty(),
                    OptionalInt.empty(), OptionalLong.empty(), bodyEnd - body, last, anomalies));
        }
        int cursor = body;
        boolean integrity = false;
        if (bodyEnd - body > DIGEST_LENGTH + 1 && (in.get(body) & 0xFF) == DIGEST_LENGTH
                && isOpcode(in.get(body + 1 + DIGEST_LENGTH) & 0xFF)) {
            integrity = true;
            cursor = body + 1 + DIGEST_LENGTH;
        }
        if (cursor >= bodyEnd) {
            anomalies.add("missing_opcode");
            return Optional.of(new PlusPdu(version, integrity, OptionalInt.empty(), OptionalInt.empty(),
                    OptionalInt.empty(), OptionalLong.empty(), 0, last, anomalies));
        }
        int opcode = in.get(cursor) & 0xFF;
        OptionalInt function = OptionalInt.empty();
        OptionalInt sequence = OptionalInt.empty();
        OptionalLong session = OptionalLong.empty();
        int headerEnd = cursor + 1;
        if (opcode == OPCODE_REQUEST && cursor + REQUEST_HEADER_BYTES <= bodyEnd) {
            function = OptionalInt.of(in.getShort(cursor + 3) & 0xFFFF);
            sequence = OptionalInt.of(in.getShort(cursor + 7) & 0xFFFF);
            session = OptionalLong.of(in.getInt(cursor + 9) & 0xFFFFFFFFL);
            headerEnd = cursor + REQUEST_HEADER_BYTES;
        } else if ((opcode == OPCODE_RESPONSE || opcode == OPCODE_RESPONSE2)
                && cursor + RESPONSE_HEADER_BYTES <= bodyEnd) {
            function = OptionalInt.of(in.getShort(cursor + 3) & 0xFFFF);
            sequence = OptionalInt.of(in.getShort(cursor + 7) & 0xFFFF);
            headerEnd = cursor + RESPONSE_HEADER_BYTES;
        } else if (!isOpcode(opcode)) {
            anomalies.add("unknown_opcode");
        } else if (opcode != OPCODE_NOTIFICATION) {
            anomalies.add("short_header");
        }
        return Optional.of(new PlusPdu(version, integrity, OptionalInt.of(opcode), function, sequence, session,
                Math.max(0, bodyEnd - headerEnd), last, anomalies));
    }

    static boolean isOpcode(int opcode) {
        return opcode == OPCODE_REQUEST || opcode == OPCODE_RESPONSE || opcode == OPCODE_NOTIFICATION
                || opcode == OPCODE_RESPONSE2;
    }

    static String opcode(int opcode) {
        return switch (opcode) {
            case OPCODE_REQUEST -> "request";
            case OPCODE_RESPONSE -> "response";
            case OPCODE_NOTIFICATION -> "notification";
            case OPCODE_RESPONSE2 -> "response2";
            default -> S7Names.hex("opcode_0x", opcode, 2);
        };
    }

    static String function(int function) {
        return switch (function) {
            case 0x04B1 -> "error";
            case 0x04BB -> "explore";
            case 0x04CA -> "create_object";
            case 0x04D4 -> "delete_object";
            case 0x04F2 -> "set_variable";
            case 0x04FC -> "get_variable";
            case 0x0506 -> "add_link";
            case 0x051A -> "remove_link";
            case 0x0524 -> "get_link";
            case 0x0542 -> "set_multi_variables";
            case 0x054C -> "get_multi_variables";
            case 0x0556 -> "begin_sequence";
            case 0x0560 -> "end_sequence";
            case 0x056B -> "invoke";
            case 0x057C -> "set_var_sub_streamed";
            case 0x0586 -> "get_var_sub_streamed";
            case 0x0590 -> "get_variables_address";
            case 0x059A -> "abort";
            default -> S7Names.hex("function_0x", function, 4);
        };
    }

    /**
     * As far as the function tells: reads and writes of variables, object and session
     * management; Invoke runs a method on a PLC object (start/stop among them), so CONTROL.
     */
    static OperationClass operation(int function) {
        return switch (function) {
            case 0x04BB, 0x04FC, 0x0524, 0x054C, 0x0586, 0x0590 -> OperationClass.READ;
            case 0x04F2, 0x0542, 0x057C -> OperationClass.WRITE;
            case 0x04CA, 0x04D4, 0x0506, 0x051A, 0x0556, 0x0560, 0x059A -> OperationClass.MANAGEMENT;
            case 0x056B -> OperationClass.CONTROL;
            default -> OperationClass.OTHER;
        };
    }
}
