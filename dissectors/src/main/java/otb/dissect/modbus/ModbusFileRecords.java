package otb.dissect.modbus;

import static otb.dissect.modbus.ModbusParser.byteCountMatches;
import static otb.dissect.modbus.ModbusParser.registers;
import static otb.dissect.modbus.ModbusParser.u16;
import static otb.dissect.modbus.ModbusParser.u8;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import otb.dissect.modbus.ModbusPdu.FileRecord;
import otb.dissect.modbus.ModbusPdu.FileReference;
import otb.dissect.modbus.ModbusPdu.ReadFileRecordRequest;
import otb.dissect.modbus.ModbusPdu.ReadFileRecordResponse;
import otb.dissect.modbus.ModbusPdu.Undecoded;
import otb.dissect.modbus.ModbusPdu.WriteFileRecord;

/**
 * The file record functions' data (Modbus Application Protocol V1.1b3, clauses 6.14 and 6.15),
 * decoded for {@link ModbusParser} with its rules: absolute gets only, anomalies flagged, never
 * a throw on wire data.
 */
final class ModbusFileRecords {
    /** Clause 6.14/6.15: the file reference type is always 6. */
    static final int FILE_REFERENCE_TYPE = 6;
    /** Clause 6.14: record numbers 0x0000..0x270F. */
    static final int MAX_FILE_RECORD_NUMBER = 0x270F;
    /** Clause 6.14: a read file record request carries 0x07..0xF5 bytes of sub-requests. */
    static final int MIN_READ_FILE_BYTE_COUNT = 0x07;
    static final int MAX_READ_FILE_BYTE_COUNT = 0xF5;
    /** Size of one read file record sub-request: type, file, record, length. */
    static final int FILE_SUB_REQUEST_LENGTH = 7;

    private ModbusFileRecords() {
    }

    static ModbusPdu readRequest(ByteBuffer b, int data, int dataLength, List<String> anomalies) {
        // Clause 6.14: byte count, then 7-byte sub-requests (type 6, file, record, length).
        if (dataLength < 1) {
            anomalies.add("length_mismatch");
            return new Undecoded(ModbusFunctions.READ_FILE_RECORD, dataLength);
        }
        int byteCount = u8(b, data);
        if (byteCount < MIN_READ_FILE_BYTE_COUNT || byteCount > MAX_READ_FILE_BYTE_COUNT
                || byteCount % FILE_SUB_REQUEST_LENGTH != 0) {
            anomalies.add("byte_count_mismatch");
        }
        byteCountMatches(byteCount, dataLength - 1, anomalies);
        int end = data + 1 + Math.min(byteCount, dataLength - 1);
        List<FileReference> references = new ArrayList<>(Math.max(1, byteCount / FILE_SUB_REQUEST_LENGTH));
        for (int at = data + 1; at + FILE_SUB_REQUEST_LENGTH <= end; at += FILE_SUB_REQUEST_LENGTH) {
            FileReference reference = new FileReference(u16(b, at + 1), u16(b, at + 3), u16(b, at + 5));
            checkReference(u8(b, at), reference.file(), reference.record(), anomalies);
            references.add(reference);
        }
        return new ReadFileRecordRequest(byteCount, references);
    }

    static ModbusPdu readResponse(ByteBuffer b, int data, int dataLength, List<String> anomalies) {
        // Clause 6.14: response data length, then per sub-request: length, type 6, registers.
        if (dataLength < 1) {
            anomalies.add("length_mismatch");
            return new Undecoded(ModbusFunctions.READ_FILE_RECORD, dataLength);
        }
        int byteCount = u8(b, data);
        byteCountMatches(byteCount, dataLength - 1, anomalies);
        int end = data + 1 + Math.min(byteCount, dataLength - 1);
        List<int[]> records = new ArrayList<>(2);
        int at = data + 1;
        while (at + 2 <= end) {
            int subLength = u8(b, at);
            if (u8(b, at + 1) != FILE_REFERENCE_TYPE) {
                anomalies.add("invalid_reference_type");
            }
            int available = Math.min(subLength, end - at - 1);
            if (subLength < 1 || available < subLength) {
                anomalies.add("byte_count_mismatch");
            }
            records.add(registers(b, at + 2, Math.max(0, available - 1) / 2));
            at += 1 + Math.max(1, subLength);
        }
        return new ReadFileRecordResponse(byteCount, records);
    }

    static ModbusPdu write(ByteBuffer b, int data, int dataLength, List<String> anomalies) {
        // Clause 6.15: byte count, then sub-requests: type 6, file, record, length, registers.
        if (dataLength < 1) {
            anomalies.add("length_mismatch");
            return new Undecoded(ModbusFunctions.WRITE_FILE_RECORD, dataLength);
        }
        int byteCount = u8(b, data);
        byteCountMatches(byteCount, dataLength - 1, anomalies);
        int end = data + 1 + Math.min(byteCount, dataLength - 1);
        List<FileRecord> records = new ArrayList<>(2);
        int at = data + 1;
        while (at + FILE_SUB_REQUEST_LENGTH <= end) {
            int file = u16(b, at + 1);
            int record = u16(b, at + 3);
            int length = u16(b, at + 5);
            checkReference(u8(b, at), file, record, anomalies);
            int available = (end - at - FILE_SUB_REQUEST_LENGTH) / 2;
            if (available < length) {
                anomalies.add("byte_count_mismatch");
            }
            int count = Math.min(length, available);
            records.add(new FileRecord(file, record, registers(b, at + FILE_SUB_REQUEST_LENGTH, count)));
            at += FILE_SUB_REQUEST_LENGTH + 2 * count;
        }
        return new WriteFileRecord(byteCount, records);
    }

    private static void checkReference(int type, int file, int record, List<String> anomalies) {
        if (type != FILE_REFERENCE_TYPE) {
            anomalies.add("invalid_reference_type");
        }
        if (file == 0 || record > MAX_FILE_RECORD_NUMBER) {
            anomalies.add("address_out_of_range");
        }
    }
}
