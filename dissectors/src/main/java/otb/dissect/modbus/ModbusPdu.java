package otb.dissect.modbus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A decoded Modbus PDU (function code and data, Modbus Application Protocol V1.1b3 clause 4.1),
 * one record per message layout of clause 6. Register values are unsigned (0..65535), coil and
 * discrete input bits are packed as on the wire (first point in the low bit of the first byte).
 * Arrays are owned by the record: treat them as read-only.
 */
public sealed interface ModbusPdu {

    /** The function code without the exception bit (1..127). */
    int function();

    /** Adds this PDU's own fields for output (those not already in the common message fields). */
    default void describe(Map<String, Object> fields) {
    }

    /** 1-4 request (clauses 6.1-6.4): start address and quantity of points. */
    record ReadRequest(int function, int address, int quantity) implements ModbusPdu {
        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("quantity", quantity);
        }
    }

    /** 1-2 response: byte count and packed bits. */
    record ReadBitsResponse(int function, int byteCount, byte[] bits) implements ModbusPdu {
        /** The bit of point {@code index} (0-based) as 0 or 1. */
        public int bit(int index) {
            return (bits[index >>> 3] >>> (index & 7)) & 1;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("byte_count", byteCount);
        }
    }

    /** 3, 4 and 23 response: byte count and register values (big-endian pairs as on the wire). */
    record ReadRegistersResponse(int function, int byteCount, byte[] registerBytes) implements ModbusPdu {
        /** Number of registers carried. */
        public int registerCount() {
            return registerBytes.length / 2;
        }

        /** The registers as unsigned values (a new array). */
        public int[] registers() {
            return unsignedShorts(registerBytes);
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("byte_count", byteCount);
        }
    }

    /** 5 request and its echo (clause 6.5): output value 0xFF00 (on) or 0x0000 (off). */
    record WriteSingleCoil(int address, int rawValue) implements ModbusPdu {
        public static final int ON = 0xFF00;
        public static final int OFF = 0x0000;

        @Override
        public int function() {
            return ModbusFunctions.WRITE_SINGLE_COIL;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("output_value", rawValue);
        }
    }

    /** 6 request and its echo (clause 6.6). */
    record WriteSingleRegister(int address, int value) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.WRITE_SINGLE_REGISTER;
        }
    }

    /** 7 response (clause 6.7): eight exception status outputs. */
    record ReadExceptionStatusResponse(int status) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.READ_EXCEPTION_STATUS;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("status", status);
        }
    }

    /** 8 request and response (clause 6.8): sub-function and 16-bit data words. */
    record Diagnostics(int subFunction, int[] data) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.DIAGNOSTICS;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("sub_function", subFunction);
            fields.put("sub_function_name", ModbusFunctions.diagnosticName(subFunction));
            fields.put("data", words(data));
        }
    }

    /** 11 response (clause 6.9): status word (0xFFFF busy) and event count. */
    record CommEventCounterResponse(int status, int eventCount) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.GET_COMM_EVENT_COUNTER;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("status", status);
            fields.put("event_count", eventCount);
        }
    }

    /** 12 response (clause 6.10): status, event count, message count and up to 64 event bytes. */
    record CommEventLogResponse(int byteCount, int status, int eventCount, int messageCount, int events)
            implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.GET_COMM_EVENT_LOG;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("byte_count", byteCount);
            fields.put("status", status);
            fields.put("event_count", eventCount);
            fields.put("message_count", messageCount);
            fields.put("events", events);
        }
    }

    /** 15 request (clause 6.11). */
    record WriteMultipleCoilsRequest(int address, int quantity, int byteCount, byte[] bits) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.WRITE_MULTIPLE_COILS;
        }

        public int bit(int index) {
            return (bits[index >>> 3] >>> (index & 7)) & 1;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("quantity", quantity);
            fields.put("byte_count", byteCount);
        }
    }

    /** 16 request (clause 6.12). */
    record WriteMultipleRegistersRequest(int address, int quantity, int byteCount, byte[] registerBytes)
            implements ModbusPdu {
        /** Number of registers carried. */
        public int registerCount() {
            return registerBytes.length / 2;
        }

        /** The registers as unsigned values (a new array). */
        public int[] registers() {
            return unsignedShorts(registerBytes);
        }

        @Override
        public int function() {
            return ModbusFunctions.WRITE_MULTIPLE_REGISTERS;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("quantity", quantity);
            fields.put("byte_count", byteCount);
        }
    }

    /** 15 and 16 response: start address and quantity written. */
    record WriteMultipleResponse(int function, int address, int quantity) implements ModbusPdu {
        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("quantity", quantity);
        }
    }

    /** 17 response (clause 6.13): device-specific server id, run indicator and additional data. */
    record ReportServerIdResponse(int byteCount, byte[] data) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.REPORT_SERVER_ID;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("byte_count", byteCount);
            fields.put("server_id_hex", hex(data));
        }
    }

    /** One sub-request of 20 (clause 6.14): file 1..65535, record 0..9999, length in registers. */
    record FileReference(int file, int record, int length) {
    }

    /** 20 request: the records asked for. */
    record ReadFileRecordRequest(int byteCount, List<FileReference> references) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.READ_FILE_RECORD;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("byte_count", byteCount);
        }
    }

    /** 20 response: one register array per sub-request, in request order. */
    record ReadFileRecordResponse(int byteCount, List<int[]> records) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.READ_FILE_RECORD;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("byte_count", byteCount);
        }
    }

    /** One sub-request of 21 (clause 6.15): where the registers go and their values. */
    record FileRecord(int file, int record, int[] registers) {
    }

    /** 21 request and its echo. */
    record WriteFileRecord(int byteCount, List<FileRecord> records) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.WRITE_FILE_RECORD;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("byte_count", byteCount);
        }
    }

    /** 22 request and its echo (clause 6.16): result = (current AND and_mask) OR (or_mask AND NOT and_mask). */
    record MaskWriteRegister(int address, int andMask, int orMask) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.MASK_WRITE_REGISTER;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("and_mask", andMask);
            fields.put("or_mask", orMask);
        }
    }

    /** 23 request (clause 6.17): read range, write range and the values written. */
    record ReadWriteMultipleRegistersRequest(int readAddress, int readQuantity, int writeAddress, int writeQuantity,
                                             int byteCount, byte[] registerBytes) implements ModbusPdu {
        /** Number of registers carried. */
        public int registerCount() {
            return registerBytes.length / 2;
        }

        /** The registers as unsigned values (a new array). */
        public int[] registers() {
            return unsignedShorts(registerBytes);
        }

        @Override
        public int function() {
            return ModbusFunctions.READ_WRITE_MULTIPLE_REGISTERS;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("read_quantity", readQuantity);
            fields.put("write_quantity", writeQuantity);
            fields.put("byte_count", byteCount);
        }
    }

    /** 24 request (clause 6.18): FIFO pointer address. */
    record ReadFifoQueueRequest(int pointerAddress) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.READ_FIFO_QUEUE;
        }
    }

    /** 24 response: byte count, FIFO count (at most 31) and the queued registers. */
    record ReadFifoQueueResponse(int byteCount, int fifoCount, int[] registers) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.READ_FIFO_QUEUE;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("byte_count", byteCount);
            fields.put("fifo_count", fifoCount);
            fields.put("fifo_values", words(registers));
        }
    }

    /** 43/14 request (clause 6.21): read device id code 1-4 and the first object id. */
    record ReadDeviceIdentificationRequest(int readDeviceIdCode, int objectId) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.ENCAPSULATED_INTERFACE_TRANSPORT;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("mei_type", ModbusFunctions.MEI_READ_DEVICE_IDENTIFICATION);
            fields.put("read_device_id_code", readDeviceIdCode);
            fields.put("object_id", objectId);
        }
    }

    /** One object of a device identification response: id and its bytes as text. */
    record DeviceObject(int id, String value) {
    }

    /** 43/14 response. */
    record ReadDeviceIdentificationResponse(int readDeviceIdCode, int conformityLevel, int moreFollows,
                                            int nextObjectId, List<DeviceObject> objects) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.ENCAPSULATED_INTERFACE_TRANSPORT;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("mei_type", ModbusFunctions.MEI_READ_DEVICE_IDENTIFICATION);
            fields.put("read_device_id_code", readDeviceIdCode);
            fields.put("conformity_level", conformityLevel);
            fields.put("more_follows", moreFollows);
            fields.put("next_object_id", nextObjectId);
            fields.put("object_count", objects.size());
        }
    }

    /** 43 with another MEI type (13 CANopen, or reserved): carried, not decoded. */
    record EncapsulatedInterfaceTransport(int meiType, int dataLength) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.ENCAPSULATED_INTERFACE_TRANSPORT;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("mei_type", meiType);
            fields.put("mei_name", ModbusFunctions.meiName(meiType));
            fields.put("data_length", dataLength);
        }
    }

    /**
     * 90, Schneider UMAS: pairing key, then the UMAS function in a request or the status
     * (0xFE ok, 0xFD error) in a response. {@code umasFunction} is the request's own; a response
     * gets its paired request's, or -1 when unpaired. {@code status} is -1 on a request.
     */
    record Umas(int pairingKey, int umasFunction, int status, int dataLength) implements ModbusPdu {
        @Override
        public int function() {
            return ModbusFunctions.UMAS;
        }

        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("umas_pairing_key", pairingKey);
            if (umasFunction >= 0) {
                fields.put("umas_function", umasFunction);
                fields.put("umas_function_name", ModbusFunctions.umasName(umasFunction));
            }
            if (status >= 0) {
                fields.put("umas_status", ModbusFunctions.umasName(status));
            }
            fields.put("data_length", dataLength);
        }
    }

    /** Exception response (clause 7): function | 0x80 and an exception code. */
    record ExceptionResponse(int function, int exceptionCode) implements ModbusPdu {
    }

    /** A request with no data field (7, 11, 12, 17). */
    record NoData(int function) implements ModbusPdu {
    }

    /**
     * A PDU carried but not decoded: user-defined or unassigned function codes, or data too
     * short for its function's layout.
     */
    record Undecoded(int function, int dataLength) implements ModbusPdu {
        @Override
        public void describe(Map<String, Object> fields) {
            fields.put("data_length", dataLength);
        }
    }

    private static List<Object> words(int[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (int value : values) {
            list.add(value);
        }
        return list;
    }

    /** Big-endian byte pairs as unsigned 16-bit values. */
    static int[] unsignedShorts(byte[] bigEndian) {
        int[] values = new int[bigEndian.length / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = ((bigEndian[2 * i] & 0xFF) << 8) | (bigEndian[2 * i + 1] & 0xFF);
        }
        return values;
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            text.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }
}
