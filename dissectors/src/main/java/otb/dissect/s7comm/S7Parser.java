package otb.dissect.s7comm;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import otb.dissect.s7comm.S7Pdu.BlockControl;
import otb.dissect.s7comm.S7Pdu.Continuation;
import otb.dissect.s7comm.S7Pdu.DataItem;
import otb.dissect.s7comm.S7Pdu.Header;
import otb.dissect.s7comm.S7Pdu.NoParameters;
import otb.dissect.s7comm.S7Pdu.OtherFunction;
import otb.dissect.s7comm.S7Pdu.Parameters;
import otb.dissect.s7comm.S7Pdu.PiService;
import otb.dissect.s7comm.S7Pdu.SetupCommunication;
import otb.dissect.s7comm.S7Pdu.Userdata;
import otb.dissect.s7comm.S7Pdu.VariableItem;
import otb.dissect.s7comm.S7Pdu.VariableRequest;
import otb.dissect.s7comm.S7Pdu.VariableResponse;

/**
 * Parses one S7 communication PDU (protocol id 0x32) out of a reassembled COTP payload. Stateless;
 * absolute reads only; every length from the wire is checked against the bytes present before it
 * is used, so a lying length flags an anomaly instead of reading past the PDU.
 */
final class S7Parser {
    static final int PROTOCOL_ID = 0x32;

    /** S7ANY variable specification: 0x12, then the length of the address that follows. */
    private static final int VARIABLE_SPECIFICATION = 0x12;
    private static final int SYNTAX_S7ANY = 0x10;
    private static final int SYNTAX_DB_READ = 0xB0;
    private static final int S7ANY_ADDRESS_BYTES = 10;
    /** Data transport sizes whose length counts bits (BIT, BYTE/WORD/DWORD, INTEGER). */
    private static final int DATA_SIZE_BIT = 0x03;
    private static final int DATA_SIZE_BYTE = 0x04;
    private static final int DATA_SIZE_INTEGER = 0x05;
    /** Userdata parameter: head (3), length, method, type/group, subfunction, sequence. */
    private static final int USERDATA_PARAMETER_BYTES = 8;
    private static final int USERDATA_CONTINUATION_BYTES = 4;
    private static final int DATA_ITEM_HEADER_BYTES = 4;
    private static final int BLOCK_FILENAME_OFFSET = 8;
    private static final int PI_PARAMETER_BLOCK_OFFSET = 8;
    private static final int PLC_STOP_NAME_OFFSET = 6;
    private static final int BLOCK_NAME_CHARS = 8;
    /** Cyclic-data subfunctions that subscribe items: cyclic, change driven, change driven modify. */
    private static final java.util.Set<Integer> CYCLIC_SUBSCRIPTIONS = java.util.Set.of(0x01, 0x05, 0x07);
    /** CPU-function indications that push message items (ALARM_8, NOTIFY, ALARM_S/SQ, NOTIFY_8, ...). */
    private static final java.util.Set<Integer> ALARM_INDICATIONS =
            java.util.Set.of(0x05, 0x06, 0x0C, 0x0D, 0x0E, 0x11, 0x12, 0x16);
    /** CPU-function requests that name message items (ALARM_8 lock/unlock, ALARM ack, ALARM query). */
    private static final java.util.Set<Integer> ALARM_REQUESTS = java.util.Set.of(0x07, 0x08, 0x0B, 0x13);

    private S7Parser() {
    }

    /**
     * Parses the PDU in {@code in[offset, offset + length)}; empty when not even the header is
     * there. The declared parameter and data lengths are checked against {@code length}.
     */
    static Optional<S7Pdu> parse(ByteBuffer in, int offset, int length) {
        if (length < S7Limits.S7_HEADER_BYTES || (in.get(offset) & 0xFF) != PROTOCOL_ID) {
            return Optional.empty();
        }
        int rosctr = in.get(offset + 1) & 0xFF;
        boolean hasError = rosctr == S7Names.ROSCTR_ACK || rosctr == S7Names.ROSCTR_ACK_DATA;
        int headerBytes = hasError ? S7Limits.S7_ACK_HEADER_BYTES : S7Limits.S7_HEADER_BYTES;
        if (length < headerBytes) {
            return Optional.empty();
        }
        Header header = new Header(rosctr, in.getShort(offset + 4) & 0xFFFF, in.getShort(offset + 6) & 0xFFFF,
                in.getShort(offset + 8) & 0xFFFF, hasError ? in.get(offset + 10) & 0xFF : 0,
                hasError ? in.get(offset + 11) & 0xFF : 0);
        List<String> anomalies = new ArrayList<>(1);
        int end = offset + length;
        int parameterStart = offset + headerBytes;
        int declaredEnd = parameterStart + header.parameterLength() + header.dataLength();
        if (declaredEnd > end) {
            anomalies.add("truncated_pdu");
        } else if (declaredEnd < end) {
            anomalies.add("trailing_bytes");
        }
        int parameterEnd = Math.min(parameterStart + header.parameterLength(), end);
        int dataStart = parameterEnd;
        int dataEnd = Math.min(dataStart + header.dataLength(), end);
        Section parameters = new Section(in, parameterStart, parameterEnd);
        Section data = new Section(in, dataStart, dataEnd);
        Parameters parsed = switch (rosctr) {
            case S7Names.ROSCTR_JOB -> job(parameters, data, anomalies);
            case S7Names.ROSCTR_ACK_DATA -> ackData(parameters, data, anomalies);
            case S7Names.ROSCTR_USERDATA -> userdata(parameters, data, anomalies);
            case S7Names.ROSCTR_ACK -> new NoParameters();
            default -> {
                anomalies.add("unknown_rosctr");
                yield parameters.size() > 0 ? new OtherFunction(parameters.u8(0)) : new NoParameters();
            }
        };
        return Optional.of(new S7Pdu(header, parsed, anomalies));
    }

    private static Parameters job(Section parameters, Section data, List<String> anomalies) {
        if (parameters.size() < 1) {
            anomalies.add("missing_parameters");
            return new NoParameters();
        }
        int function = parameters.u8(0);
        return switch (function) {
            case S7Names.FUNCTION_SETUP_COMMUNICATION -> setupCommunication(parameters, anomalies);
            case S7Names.FUNCTION_READ_VAR, S7Names.FUNCTION_WRITE_VAR -> variableRequest(function, parameters, data,
                    anomalies);
            case S7Names.FUNCTION_REQUEST_DOWNLOAD, S7Names.FUNCTION_DOWNLOAD_BLOCK, S7Names.FUNCTION_DOWNLOAD_ENDED,
                 S7Names.FUNCTION_START_UPLOAD -> blockRequest(function, parameters, anomalies);
            case S7Names.FUNCTION_UPLOAD, S7Names.FUNCTION_END_UPLOAD ->
                    new BlockControl(function, parameters.u8OrZero(1), "", "", -1);
            case S7Names.FUNCTION_PI_SERVICE -> piService(parameters, anomalies);
            case S7Names.FUNCTION_PLC_STOP -> plcStop(parameters, anomalies);
            default -> new OtherFunction(function);
        };
    }

    private static Parameters ackData(Section parameters, Section data, List<String> anomalies) {
        if (parameters.size() < 1) {
            anomalies.add("missing_parameters");
            return new NoParameters();
        }
        int function = parameters.u8(0);
        return switch (function) {
            case S7Names.FUNCTION_SETUP_COMMUNICATION -> setupCommunication(parameters, anomalies);
            case S7Names.FUNCTION_READ_VAR -> {
                int count = parameters.u8OrZero(1);
                yield new VariableResponse(function, count, dataItems(data, count, true, anomalies));
            }
            case S7Names.FUNCTION_WRITE_VAR -> {
                int count = parameters.u8OrZero(1);
                yield new VariableResponse(function, count, returnCodes(data, count, anomalies));
            }
            case S7Names.FUNCTION_REQUEST_DOWNLOAD, S7Names.FUNCTION_DOWNLOAD_BLOCK, S7Names.FUNCTION_DOWNLOAD_ENDED,
                 S7Names.FUNCTION_START_UPLOAD, S7Names.FUNCTION_UPLOAD, S7Names.FUNCTION_END_UPLOAD ->
                    new BlockControl(function, parameters.u8OrZero(1), "", "", -1);
            case S7Names.FUNCTION_PI_SERVICE, S7Names.FUNCTION_PLC_STOP -> new PiService(function, "", List.of());
            default -> new OtherFunction(function);
        };
    }

    /** Setup communication: function, reserved, max AmQ calling, max AmQ called, PDU size. */
    private static Parameters setupCommunication(Section parameters, List<String> anomalies) {
        if (parameters.size() < 8) {
            anomalies.add("short_setup_communication");
            return new SetupCommunication(0, 0, 0);
        }
        return new SetupCommunication(parameters.u16(2), parameters.u16(4), parameters.u16(6));
    }

    /** Read/write var job: function, item count, then one variable specification per item. */
    private static Parameters variableRequest(int function, Section parameters, Section data,
                                              List<String> anomalies) {
        int count = parameters.u8OrZero(1);
        List<VariableItem> items = variableItems(parameters, 2, count, anomalies);
        List<DataItem> dataItems = function == S7Names.FUNCTION_WRITE_VAR
                ? dataItems(data, count, false, anomalies) : List.of();
        return new VariableRequest(function, items, dataItems);
    }

    /** {@code count} variable specifications from {@code position}: 0x12, length, address by syntax id. */
    private static List<VariableItem> variableItems(Section parameters, int start, int count, List<String> anomalies) {
        List<VariableItem> items = new ArrayList<>(Math.min(count, 32));
        int position = start;
        int parsedItems = 0;
        while (parsedItems < count) {
            if (!parameters.has(position, 2)) {
                anomalies.add("item_count_mismatch");
                break;
            }
            int specification = parameters.u8(position);
            int specificationLength = parameters.u8(position + 1);
            if (specification != VARIABLE_SPECIFICATION || !parameters.has(position + 2, specificationLength)
                    || specificationLength < 1) {
                anomalies.add("bad_variable_specification");
                break;
            }
            variableItem(parameters, position + 2, specificationLength, parsedItems, items, anomalies);
            position += 2 + specificationLength;
            parsedItems++;
        }
        return items;
    }

    private static void variableItem(Section parameters, int at, int length, int index, List<VariableItem> items,
                                     List<String> anomalies) {
        int syntaxId = parameters.u8(at);
        if (syntaxId == SYNTAX_S7ANY) {
            if (length < S7ANY_ADDRESS_BYTES) {
                anomalies.add("short_s7any_address");
                return;
            }
            // S7ANY: syntax, transport size, length, DB number, area, 24-bit address (byte * 8 + bit)
            items.add(new VariableItem(syntaxId, parameters.u8(at + 1), parameters.u16(at + 2),
                    parameters.u16(at + 4), parameters.u8(at + 6), parameters.u24(at + 7), index));
        } else if (syntaxId == SYNTAX_DB_READ && length >= 2) {
            // DB read (S7-400): number of areas, then per area bytes to read, DB number, start byte
            int areas = parameters.u8(at + 1);
            int position = at + 2;
            for (int i = 0; i < areas && position + 5 <= at + length; i++, position += 5) {
                items.add(new VariableItem(syntaxId, 0x02, parameters.u8(position), parameters.u16(position + 1),
                        S7Names.AREA_DATA_BLOCK, parameters.u16(position + 3) << 3, index));
            }
        } else {
            items.add(new VariableItem(syntaxId, 0, 0, 0, 0, 0, index));
        }
    }

    /**
     * Data items: return code, transport size, length (bits or bytes by transport size), value,
     * and a fill byte after an odd-length value unless it is the last item.
     */
    private static List<DataItem> dataItems(Section data, int count, boolean response, List<String> anomalies) {
        List<DataItem> items = new ArrayList<>(Math.min(count, 32));
        int position = 0;
        for (int i = 0; i < count; i++) {
            if (!data.has(position, 1)) {
                anomalies.add("item_count_mismatch");
                break;
            }
            int returnCode = data.u8(position);
            if (response && returnCode != S7Names.RETURN_SUCCESS && !data.has(position, DATA_ITEM_HEADER_BYTES)) {
                // a failed item may be the return code alone when it is the last byte
                items.add(new DataItem(returnCode, 0, data.absolute(position + 1), 0));
                position += 1;
                continue;
            }
            if (!data.has(position, DATA_ITEM_HEADER_BYTES)) {
                anomalies.add("truncated_data_item");
                break;
            }
            int transportSize = data.u8(position + 1);
            // a failed item carries no value, whatever its length field says
            boolean hasValue = returnCode == S7Names.RETURN_SUCCESS || returnCode == 0x00;
            int bytes = hasValue ? valueBytes(transportSize, data.u16(position + 2)) : 0;
            if (!data.has(position + DATA_ITEM_HEADER_BYTES, bytes)) {
                anomalies.add("truncated_data_item");
                bytes = Math.max(0, data.size() - position - DATA_ITEM_HEADER_BYTES);
            }
            items.add(new DataItem(returnCode, transportSize, data.absolute(position + DATA_ITEM_HEADER_BYTES), bytes));
            position += DATA_ITEM_HEADER_BYTES + bytes;
            if ((bytes & 1) == 1 && i < count - 1) {
                position++;
            }
        }
        return items;
    }

    private static List<DataItem> returnCodes(Section data, int count, List<String> anomalies) {
        List<DataItem> items = new ArrayList<>(Math.min(count, 32));
        for (int i = 0; i < count; i++) {
            if (!data.has(i, 1)) {
                anomalies.add("item_count_mismatch");
                break;
            }
            items.add(new DataItem(data.u8(i), 0, data.absolute(i), 0));
        }
        return items;
    }

    /** A data length in bytes: BIT, BYTE/WORD/DWORD and INTEGER count bits, the others bytes. */
    static int valueBytes(int transportSize, int length) {
        return switch (transportSize) {
            case DATA_SIZE_BIT, DATA_SIZE_BYTE, DATA_SIZE_INTEGER -> (length + 7) / 8;
            default -> length;
        };
    }

    /**
     * Request download, download block, download ended, start upload: function, status, 2
     * unknown bytes, 4 bytes (upload id or unknown), file name length, file name.
     */
    private static Parameters blockRequest(int function, Section parameters, List<String> anomalies) {
        int status = parameters.u8OrZero(1);
        if (!parameters.has(BLOCK_FILENAME_OFFSET, 1)) {
            anomalies.add("missing_block_filename");
            return new BlockControl(function, status, "", "", -1);
        }
        int length = parameters.u8(BLOCK_FILENAME_OFFSET);
        if (!parameters.has(BLOCK_FILENAME_OFFSET + 1, length)) {
            anomalies.add("truncated_block_filename");
            return new BlockControl(function, status, "", "", -1);
        }
        String filename = parameters.ascii(BLOCK_FILENAME_OFFSET + 1, length);
        // the file name is '_', two characters of block type, five digits of number, file system
        String type = filename.length() >= 3 ? S7Names.blockType(filename.substring(1, 3)) : "";
        int number = filename.length() >= 8 ? digits(filename.substring(3, 8)) : -1;
        return new BlockControl(function, status, filename, type, number);
    }

    /**
     * PI service: function, 7 unknown bytes, parameter block length and block, service name
     * length and name. The parameter block of _INSE/_DELE lists blocks as 8 characters each.
     */
    private static Parameters piService(Section parameters, List<String> anomalies) {
        if (!parameters.has(PI_PARAMETER_BLOCK_OFFSET, 2)) {
            anomalies.add("short_pi_service");
            return new PiService(S7Names.FUNCTION_PI_SERVICE, "", List.of());
        }
        int blockLength = parameters.u16(PI_PARAMETER_BLOCK_OFFSET);
        int block = PI_PARAMETER_BLOCK_OFFSET + 2;
        int nameAt = block + blockLength;
        if (!parameters.has(nameAt, 1) || !parameters.has(nameAt + 1, parameters.u8(nameAt))) {
            anomalies.add("short_pi_service");
            return new PiService(S7Names.FUNCTION_PI_SERVICE, "", List.of());
        }
        String service = parameters.ascii(nameAt + 1, parameters.u8(nameAt));
        List<String> blocks = new ArrayList<>(1);
        if ((service.equals("_INSE") || service.equals("_DELE")) && blockLength >= 2) {
            int count = parameters.u8(block);
            for (int i = 0, at = block + 2; i < count && at + BLOCK_NAME_CHARS <= nameAt; i++, at += BLOCK_NAME_CHARS) {
                String name = parameters.ascii(at, BLOCK_NAME_CHARS);
                blocks.add(S7Names.blockType(name.substring(0, 2)) + digits(name.substring(2, 7)));
            }
        }
        return new PiService(S7Names.FUNCTION_PI_SERVICE, service, blocks);
    }

    /** PLC stop: function, 5 unknown bytes, service name length and name (P_PROGRAM). */
    private static Parameters plcStop(Section parameters, List<String> anomalies) {
        if (!parameters.has(PLC_STOP_NAME_OFFSET, 1)
                || !parameters.has(PLC_STOP_NAME_OFFSET + 1, parameters.u8(PLC_STOP_NAME_OFFSET))) {
            anomalies.add("short_plc_stop");
            return new PiService(S7Names.FUNCTION_PLC_STOP, "", List.of());
        }
        return new PiService(S7Names.FUNCTION_PLC_STOP,
                parameters.ascii(PLC_STOP_NAME_OFFSET + 1, parameters.u8(PLC_STOP_NAME_OFFSET)), List.of());
    }

    /**
     * Userdata: parameter head (3), parameter length, method, type and group, subfunction,
     * sequence number, and with parameter length 8 data unit reference, last data unit and error
     * code. The data part starts with return code, transport size and length.
     */
    private static Parameters userdata(Section parameters, Section data, List<String> anomalies) {
        if (parameters.size() < USERDATA_PARAMETER_BYTES) {
            anomalies.add("short_userdata_parameters");
            return new NoParameters();
        }
        int typeAndGroup = parameters.u8(5);
        Optional<Continuation> continuation = Optional.empty();
        if (parameters.u8(3) >= USERDATA_PARAMETER_BYTES
                && parameters.has(USERDATA_PARAMETER_BYTES, USERDATA_CONTINUATION_BYTES)) {
            continuation = Optional.of(new Continuation(parameters.u8(8), parameters.u8(9) == 0,
                    parameters.u16(10)));
        }
        Optional<DataItem> item = Optional.empty();
        if (data.has(0, DATA_ITEM_HEADER_BYTES)) {
            int length = data.u16(2);
            if (!data.has(DATA_ITEM_HEADER_BYTES, length)) {
                anomalies.add("truncated_data_item");
                length = data.size() - DATA_ITEM_HEADER_BYTES;
            }
            item = Optional.of(new DataItem(data.u8(0), data.u8(1), data.absolute(DATA_ITEM_HEADER_BYTES), length));
        } else if (data.size() > 0) {
            anomalies.add("truncated_data_item");
        }
        int type = typeAndGroup >> 4;
        int group = typeAndGroup & 0x0F;
        int subfunction = parameters.u8(6);
        List<VariableItem> items = List.of();
        if (group == S7Names.GROUP_CYCLIC_DATA && type == S7Names.USERDATA_REQUEST && item.isPresent()
                && CYCLIC_SUBSCRIPTIONS.contains(subfunction) && item.get().returnCode() == S7Names.RETURN_SUCCESS) {
            // cyclic subscription: item count (2), time base (1), interval (1), then read var items
            Section subscription = new Section(data.in(), item.get().offset(), item.get().offset() + item.get().length());
            if (subscription.has(0, 4)) {
                items = variableItems(subscription, 4, subscription.u16(0), anomalies);
            }
        }
        if (group == S7Names.GROUP_CPU_FUNCTIONS && item.isPresent() && item.get().returnCode() == S7Names.RETURN_SUCCESS) {
            items = alarmItems(new Section(data.in(), item.get().offset(), item.get().offset() + item.get().length()),
                    type, subfunction);
        }
        return new Userdata(parameters.u8(4), type, group, subfunction, parameters.u8(7), continuation, item, items);
    }

    /**
     * The syntax ids of the message items of alarm and notify services (CPU function group):
     * pushed indications carry an 8-byte time stamp first; then function (1), item count (1) and
     * items of variable specification 0x12, length, syntax id (0x16 ALARM_IND, 0x1A ALARM_QUERYREQ, ...).
     * Only the syntax is kept; these items address messages, not memory.
     */
    private static List<VariableItem> alarmItems(Section data, int type, int subfunction) {
        boolean indication = type == S7Names.USERDATA_PUSH && ALARM_INDICATIONS.contains(subfunction);
        boolean query = type == S7Names.USERDATA_REQUEST && ALARM_REQUESTS.contains(subfunction);
        if (!indication && !query) {
            return List.of();
        }
        int position = indication ? 8 : 0;
        if (!data.has(position, 2)) {
            return List.of();
        }
        int count = data.u8(position + 1);
        position += 2;
        List<VariableItem> items = new ArrayList<>(Math.min(count, 8));
        for (int i = 0; i < count && data.has(position, 3) && data.u8(position) == VARIABLE_SPECIFICATION; i++) {
            int length = data.u8(position + 1);
            if (!data.has(position + 2, length) || length < 1) {
                break;
            }
            items.add(new VariableItem(data.u8(position + 2), 0, 0, 0, 0, 0, i));
            position += 2 + length;
        }
        return items;
    }

    /** A decimal number of ASCII digits, -1 when it is not one. */
    static int digits(String text) {
        int value = 0;
        if (text.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A bounded window of the PDU with relative, checked reads. */
    record Section(ByteBuffer in, int start, int end) {
        int size() {
            return end - start;
        }

        boolean has(int position, int length) {
            return position >= 0 && length >= 0 && start + position + length <= end;
        }

        int absolute(int position) {
            return start + position;
        }

        int u8(int position) {
            return in.get(start + position) & 0xFF;
        }

        int u8OrZero(int position) {
            return has(position, 1) ? u8(position) : 0;
        }

        int u16(int position) {
            return in.getShort(start + position) & 0xFFFF;
        }

        int u24(int position) {
            return u8(position) << 16 | u16(position + 1);
        }

        /** ASCII text, non-printable bytes as '?', at most {@link S7Limits#MAX_NAME_CHARS} characters. */
        String ascii(int position, int length) {
            int kept = Math.min(length, S7Limits.MAX_NAME_CHARS);
            StringBuilder text = new StringBuilder(kept);
            for (int i = 0; i < kept; i++) {
                int c = u8(position + i);
                text.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
            }
            return text.toString();
        }
    }
}
