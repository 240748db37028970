package otb.dissect.modbus;

import java.nio.ByteBuffer;
import java.util.List;
import otb.dissect.modbus.ModbusPdu.CommEventCounterResponse;
import otb.dissect.modbus.ModbusPdu.CommEventLogResponse;
import otb.dissect.modbus.ModbusPdu.Diagnostics;
import otb.dissect.modbus.ModbusPdu.ExceptionResponse;
import otb.dissect.modbus.ModbusPdu.MaskWriteRegister;
import otb.dissect.modbus.ModbusPdu.NoData;
import otb.dissect.modbus.ModbusPdu.ReadBitsResponse;
import otb.dissect.modbus.ModbusPdu.ReadExceptionStatusResponse;
import otb.dissect.modbus.ModbusPdu.ReadFifoQueueRequest;
import otb.dissect.modbus.ModbusPdu.ReadFifoQueueResponse;
import otb.dissect.modbus.ModbusPdu.ReadRegistersResponse;
import otb.dissect.modbus.ModbusPdu.ReadRequest;
import otb.dissect.modbus.ModbusPdu.ReadWriteMultipleRegistersRequest;
import otb.dissect.modbus.ModbusPdu.ReportServerIdResponse;
import otb.dissect.modbus.ModbusPdu.Umas;
import otb.dissect.modbus.ModbusPdu.Undecoded;
import otb.dissect.modbus.ModbusPdu.WriteMultipleCoilsRequest;
import otb.dissect.modbus.ModbusPdu.WriteMultipleRegistersRequest;
import otb.dissect.modbus.ModbusPdu.WriteMultipleResponse;
import otb.dissect.modbus.ModbusPdu.WriteSingleCoil;
import otb.dissect.modbus.ModbusPdu.WriteSingleRegister;

/**
 * Stateless Modbus/TCP frame parser: MBAP header checks (Modbus Messaging on TCP/IP
 * Implementation Guide V1.0b, clause 3.1.3) and PDU decoding (Modbus Application Protocol
 * V1.1b3, clause 6). Reads with absolute gets only, never moves the buffer, never throws on
 * wire data: a field outside the specification becomes an anomaly flag added to the list given.
 */
public final class ModbusParser {
    private ModbusParser() {
    }

    /** MBAP header: transaction id (2), protocol id (2), length (2), unit id (1). */
    public static final int MBAP_HEADER_LENGTH = 7;
    /** Bytes before the length field's count starts: transaction id, protocol id, length. */
    public static final int MBAP_PREFIX_LENGTH = 6;
    /** The length field counts the unit id and the PDU; a PDU has at least its function code. */
    public static final int MIN_MBAP_LENGTH = 2;
    /** Unit id plus the largest PDU, 253 bytes (application protocol clause 4.1). */
    public static final int MAX_MBAP_LENGTH = 254;
    /** MBAP prefix plus the largest length: 260 bytes. */
    public static final int MAX_ADU_LENGTH = MBAP_PREFIX_LENGTH + MAX_MBAP_LENGTH;

    // Quantity limits of clause 6.
    public static final int MAX_READ_BITS = 2000;
    public static final int MAX_READ_REGISTERS = 125;
    public static final int MAX_WRITE_COILS = 1968;
    public static final int MAX_WRITE_REGISTERS = 123;
    public static final int MAX_READ_WRITE_READ_REGISTERS = 125;
    public static final int MAX_READ_WRITE_WRITE_REGISTERS = 121;
    public static final int MAX_FIFO_COUNT = 31;
    /** Points in a 16-bit address space. */
    public static final int ADDRESS_SPACE = 65536;

    public static int protocolId(ByteBuffer b, int adu) {
        return b.getShort(adu + 2) & 0xFFFF;
    }

    /** The MBAP length field: bytes that follow it (unit id and PDU). */
    public static int mbapLength(ByteBuffer b, int adu) {
        return b.getShort(adu + 4) & 0xFFFF;
    }

    /** The raw function code byte, exception bit included. */
    public static int functionCode(ByteBuffer b, int adu) {
        return b.get(adu + MBAP_HEADER_LENGTH) & 0xFF;
    }

    // The same fields from the eight bytes at the start of an ADU read as one big-endian long
    // (transaction id, protocol id, length, unit id, function code): one read instead of five.

    public static int transactionId(long header) {
        return (int) (header >>> 48) & 0xFFFF;
    }

    public static int protocolId(long header) {
        return (int) (header >>> 32) & 0xFFFF;
    }

    public static int mbapLength(long header) {
        return (int) (header >>> 16) & 0xFFFF;
    }

    public static int unitId(long header) {
        return (int) (header >>> 8) & 0xFF;
    }

    public static int functionCode(long header) {
        return (int) header & 0xFF;
    }

    public static boolean lengthInRange(int mbapLength) {
        return mbapLength >= MIN_MBAP_LENGTH && mbapLength <= MAX_MBAP_LENGTH;
    }

    /**
     * A function code a Modbus device could send in this role: 1..127, with the exception bit
     * only on a response. Deliberately loose (Wireshark shows unassigned codes too); a content
     * probe on a port that is not a hint port asks more (see {@link ModbusDissector}).
     */
    public static boolean plausibleFunction(int rawFunction, boolean response) {
        if ((rawFunction & ModbusFunctions.EXCEPTION_BIT) != 0 && !response) {
            return false;
        }
        return (rawFunction & 0x7F) != 0;
    }

    /**
     * True when an ADU header with protocol id 0, a length in range and a plausible function code
     * starts at {@code adu}; needs {@link #MBAP_HEADER_LENGTH} + 1 bytes before {@code limit}.
     */
    public static boolean plausibleHeader(ByteBuffer b, int adu, int limit, boolean response) {
        return limit - adu > MBAP_HEADER_LENGTH && protocolId(b, adu) == 0 && lengthInRange(mbapLength(b, adu))
                && plausibleFunction(functionCode(b, adu), response);
    }

    /**
     * Decodes a request PDU of {@code length} bytes (function code included) at {@code pdu}.
     */
    public static ModbusPdu decodeRequest(ByteBuffer b, int pdu, int length, List<String> anomalies) {
        int raw = b.get(pdu) & 0xFF;
        int function = raw & 0x7F;
        if ((raw & ModbusFunctions.EXCEPTION_BIT) != 0) {
            anomalies.add("exception_bit_in_request");
        }
        int data = pdu + 1;
        int dataLength = length - 1;
        switch (function) {
            case ModbusFunctions.READ_COILS:
            case ModbusFunctions.READ_DISCRETE_INPUTS:
            case ModbusFunctions.READ_HOLDING_REGISTERS:
            case ModbusFunctions.READ_INPUT_REGISTERS: {
                if (!fixed(dataLength, 4, anomalies)) {
                    return new Undecoded(function, dataLength);
                }
                int address = u16(b, data);
                int quantity = u16(b, data + 2);
                int max = function <= ModbusFunctions.READ_DISCRETE_INPUTS ? MAX_READ_BITS : MAX_READ_REGISTERS;
                checkRange(address, quantity, max, anomalies);
                return new ReadRequest(function, address, quantity);
            }
            case ModbusFunctions.WRITE_SINGLE_COIL:
                return writeSingleCoil(b, data, dataLength, anomalies);
            case ModbusFunctions.WRITE_SINGLE_REGISTER:
                return writeSingleRegister(b, data, dataLength, anomalies);
            case ModbusFunctions.READ_EXCEPTION_STATUS:
            case ModbusFunctions.GET_COMM_EVENT_COUNTER:
            case ModbusFunctions.GET_COMM_EVENT_LOG:
            case ModbusFunctions.REPORT_SERVER_ID:
                fixed(dataLength, 0, anomalies);
                return new NoData(function);
            case ModbusFunctions.DIAGNOSTICS:
                return diagnostics(b, data, dataLength, anomalies);
            case ModbusFunctions.WRITE_MULTIPLE_COILS:
                return writeMultipleCoils(b, data, dataLength, anomalies);
            case ModbusFunctions.WRITE_MULTIPLE_REGISTERS:
                return writeMultipleRegisters(b, data, dataLength, anomalies);
            case ModbusFunctions.READ_FILE_RECORD:
                return ModbusFileRecords.readRequest(b, data, dataLength, anomalies);
            case ModbusFunctions.WRITE_FILE_RECORD:
                return ModbusFileRecords.write(b, data, dataLength, anomalies);
            case ModbusFunctions.MASK_WRITE_REGISTER:
                return maskWriteRegister(b, data, dataLength, anomalies);
            case ModbusFunctions.READ_WRITE_MULTIPLE_REGISTERS:
                return readWriteMultipleRegisters(b, data, dataLength, anomalies);
            case ModbusFunctions.READ_FIFO_QUEUE:
                if (!fixed(dataLength, 2, anomalies)) {
                    return new Undecoded(function, dataLength);
                }
                return new ReadFifoQueueRequest(u16(b, data));
            case ModbusFunctions.ENCAPSULATED_INTERFACE_TRANSPORT:
                return ModbusEncapsulated.decode(b, data, dataLength, false, anomalies);
            case ModbusFunctions.UMAS:
                if (dataLength < 2) {
                    anomalies.add("length_mismatch");
                    return new Undecoded(function, dataLength);
                }
                return new Umas(u8(b, data), u8(b, data + 1), -1, dataLength - 2);
            default:
                return undecoded(function, dataLength, anomalies);
        }
    }

    /**
     * Decodes a response PDU of {@code length} bytes (function code included) at {@code pdu}.
     */
    public static ModbusPdu decodeResponse(ByteBuffer b, int pdu, int length, List<String> anomalies) {
        int raw = b.get(pdu) & 0xFF;
        int function = raw & 0x7F;
        int data = pdu + 1;
        int dataLength = length - 1;
        if ((raw & ModbusFunctions.EXCEPTION_BIT) != 0) {
            // Clause 7: function | 0x80, then one exception code byte.
            anomalies.add("exception_response");
            if (dataLength < 1) {
                anomalies.add("length_mismatch");
                return new ExceptionResponse(function, 0);
            }
            if (dataLength > 1) {
                anomalies.add("length_mismatch");
            }
            return new ExceptionResponse(function, u8(b, data));
        }
        switch (function) {
            case ModbusFunctions.READ_COILS:
            case ModbusFunctions.READ_DISCRETE_INPUTS: {
                if (dataLength < 1) {
                    anomalies.add("length_mismatch");
                    return new Undecoded(function, dataLength);
                }
                int byteCount = u8(b, data);
                int present = Math.min(byteCount, dataLength - 1);
                byteCountMatches(byteCount, dataLength - 1, anomalies);
                byte[] bits = new byte[present];
                b.get(data + 1, bits);
                return new ReadBitsResponse(function, byteCount, bits);
            }
            case ModbusFunctions.READ_HOLDING_REGISTERS:
            case ModbusFunctions.READ_INPUT_REGISTERS:
            case ModbusFunctions.READ_WRITE_MULTIPLE_REGISTERS: {
                if (dataLength < 1) {
                    anomalies.add("length_mismatch");
                    return new Undecoded(function, dataLength);
                }
                int byteCount = u8(b, data);
                byteCountMatches(byteCount, dataLength - 1, anomalies);
                if ((byteCount & 1) != 0) {
                    anomalies.add("byte_count_mismatch");
                }
                return new ReadRegistersResponse(function, byteCount,
                        registerBytes(b, data + 1, Math.min(byteCount, dataLength - 1) / 2));
            }
            case ModbusFunctions.WRITE_SINGLE_COIL:
                return writeSingleCoil(b, data, dataLength, anomalies);
            case ModbusFunctions.WRITE_SINGLE_REGISTER:
                return writeSingleRegister(b, data, dataLength, anomalies);
            case ModbusFunctions.READ_EXCEPTION_STATUS:
                if (!fixed(dataLength, 1, anomalies)) {
                    return new Undecoded(function, dataLength);
                }
                return new ReadExceptionStatusResponse(u8(b, data));
            case ModbusFunctions.DIAGNOSTICS:
                return diagnostics(b, data, dataLength, anomalies);
            case ModbusFunctions.GET_COMM_EVENT_COUNTER:
                if (!fixed(dataLength, 4, anomalies)) {
                    return new Undecoded(function, dataLength);
                }
                return new CommEventCounterResponse(u16(b, data), u16(b, data + 2));
            case ModbusFunctions.GET_COMM_EVENT_LOG: {
                // Clause 6.10: byte count, status (2), event count (2), message count (2), 0-64 events.
                if (dataLength < 7) {
                    anomalies.add("length_mismatch");
                    return new Undecoded(function, dataLength);
                }
                int byteCount = u8(b, data);
                byteCountMatches(byteCount, dataLength - 1, anomalies);
                return new CommEventLogResponse(byteCount, u16(b, data + 1), u16(b, data + 3), u16(b, data + 5),
                        dataLength - 7);
            }
            case ModbusFunctions.WRITE_MULTIPLE_COILS:
            case ModbusFunctions.WRITE_MULTIPLE_REGISTERS: {
                if (!fixed(dataLength, 4, anomalies)) {
                    return new Undecoded(function, dataLength);
                }
                int address = u16(b, data);
                int quantity = u16(b, data + 2);
                checkRange(address, quantity,
                        function == ModbusFunctions.WRITE_MULTIPLE_COILS ? MAX_WRITE_COILS : MAX_WRITE_REGISTERS,
                        anomalies);
                return new WriteMultipleResponse(function, address, quantity);
            }
            case ModbusFunctions.REPORT_SERVER_ID: {
                if (dataLength < 1) {
                    anomalies.add("length_mismatch");
                    return new Undecoded(function, dataLength);
                }
                int byteCount = u8(b, data);
                byteCountMatches(byteCount, dataLength - 1, anomalies);
                byte[] bytes = new byte[Math.min(byteCount, dataLength - 1)];
                b.get(data + 1, bytes);
                return new ReportServerIdResponse(byteCount, bytes);
            }
            case ModbusFunctions.READ_FILE_RECORD:
                return ModbusFileRecords.readResponse(b, data, dataLength, anomalies);
            case ModbusFunctions.WRITE_FILE_RECORD:
                return ModbusFileRecords.write(b, data, dataLength, anomalies);
            case ModbusFunctions.MASK_WRITE_REGISTER:
                return maskWriteRegister(b, data, dataLength, anomalies);
            case ModbusFunctions.READ_FIFO_QUEUE:
                return readFifoQueueResponse(b, data, dataLength, anomalies);
            case ModbusFunctions.ENCAPSULATED_INTERFACE_TRANSPORT:
                return ModbusEncapsulated.decode(b, data, dataLength, true, anomalies);
            case ModbusFunctions.UMAS:
                if (dataLength < 2) {
                    anomalies.add("length_mismatch");
                    return new Undecoded(function, dataLength);
                }
                return new Umas(u8(b, data), -1, u8(b, data + 1), dataLength - 2);
            default:
                return undecoded(function, dataLength, anomalies);
        }
    }

    private static ModbusPdu undecoded(int function, int dataLength, List<String> anomalies) {
        if (!ModbusFunctions.isUserDefined(function)) {
            anomalies.add("unknown_function");
        }
        return new Undecoded(function, dataLength);
    }

    private static ModbusPdu writeSingleCoil(ByteBuffer b, int data, int dataLength, List<String> anomalies) {
        if (!fixed(dataLength, 4, anomalies)) {
            return new Undecoded(ModbusFunctions.WRITE_SINGLE_COIL, dataLength);
        }
        int value = u16(b, data + 2);
        if (value != WriteSingleCoil.ON && value != WriteSingleCoil.OFF) {
            anomalies.add("invalid_coil_value");
        }
        return new WriteSingleCoil(u16(b, data), value);
    }

    private static ModbusPdu writeSingleRegister(ByteBuffer b, int data, int dataLength, List<String> anomalies) {
        if (!fixed(dataLength, 4, anomalies)) {
            return new Undecoded(ModbusFunctions.WRITE_SINGLE_REGISTER, dataLength);
        }
        return new WriteSingleRegister(u16(b, data), u16(b, data + 2));
    }

    private static ModbusPdu diagnostics(ByteBuffer b, int data, int dataLength, List<String> anomalies) {
        // Clause 6.8: sub-function (2), then data words (usually one).
        if (dataLength < 2) {
            anomalies.add("length_mismatch");
            return new Undecoded(ModbusFunctions.DIAGNOSTICS, dataLength);
        }
        if ((dataLength & 1) != 0) {
            anomalies.add("length_mismatch");
        }
        int subFunction = u16(b, data);
        if (ModbusFunctions.diagnosticName(subFunction).startsWith("reserved_")) {
            anomalies.add("reserved_sub_function");
        }
        return new Diagnostics(subFunction, registers(b, data + 2, (dataLength - 2) / 2));
    }

    private static ModbusPdu writeMultipleCoils(ByteBuffer b, int data, int dataLength, List<String> anomalies) {
        // Clause 6.11: address (2), quantity (2), byte count = ceil(quantity / 8), packed outputs.
        if (dataLength < 5) {
            anomalies.add("length_mismatch");
            return new Undecoded(ModbusFunctions.WRITE_MULTIPLE_COILS, dataLength);
        }
        int address = u16(b, data);
        int quantity = u16(b, data + 2);
        int byteCount = u8(b, data + 4);
        checkRange(address, quantity, MAX_WRITE_COILS, anomalies);
        if (byteCount != (quantity + 7) / 8) {
            anomalies.add("byte_count_mismatch");
        }
        byteCountMatches(byteCount, dataLength - 5, anomalies);
        byte[] bits = new byte[Math.min(byteCount, dataLength - 5)];
        b.get(data + 5, bits);
        return new WriteMultipleCoilsRequest(address, quantity, byteCount, bits);
    }

    private static ModbusPdu writeMultipleRegisters(ByteBuffer b, int data, int dataLength, List<String> anomalies) {
        // Clause 6.12: address (2), quantity (2), byte count = 2 * quantity, values.
        if (dataLength < 5) {
            anomalies.add("length_mismatch");
            return new Undecoded(ModbusFunctions.WRITE_MULTIPLE_REGISTERS, dataLength);
        }
        int address = u16(b, data);
        int quantity = u16(b, data + 2);
        int byteCount = u8(b, data + 4);
        checkRange(address, quantity, MAX_WRITE_REGISTERS, anomalies);
        if (byteCount != 2 * quantity) {
            anomalies.add("byte_count_mismatch");
        }
        byteCountMatches(byteCount, dataLength - 5, anomalies);
        return new WriteMultipleRegistersRequest(address, quantity, byteCount,
                registerBytes(b, data + 5, Math.min(byteCount, dataLength - 5) / 2));
    }

    private static ModbusPdu maskWriteRegister(ByteBuffer b, int data, int dataLength, List<String> anomalies) {
        if (!fixed(dataLength, 6, anomalies)) {
            return new Undecoded(ModbusFunctions.MASK_WRITE_REGISTER, dataLength);
        }
        return new MaskWriteRegister(u16(b, data), u16(b, data + 2), u16(b, data + 4));
    }

    private static ModbusPdu readWriteMultipleRegisters(ByteBuffer b, int data, int dataLength,
                                                        List<String> anomalies) {
        // Clause 6.17: read address, read quantity, write address, write quantity, byte count, values.
        if (dataLength < 9) {
            anomalies.add("length_mismatch");
            return new Undecoded(ModbusFunctions.READ_WRITE_MULTIPLE_REGISTERS, dataLength);
        }
        int readAddress = u16(b, data);
        int readQuantity = u16(b, data + 2);
        int writeAddress = u16(b, data + 4);
        int writeQuantity = u16(b, data + 6);
        int byteCount = u8(b, data + 8);
        checkRange(readAddress, readQuantity, MAX_READ_WRITE_READ_REGISTERS, anomalies);
        checkRange(writeAddress, writeQuantity, MAX_READ_WRITE_WRITE_REGISTERS, anomalies);
        if (byteCount != 2 * writeQuantity) {
            anomalies.add("byte_count_mismatch");
        }
        byteCountMatches(byteCount, dataLength - 9, anomalies);
        return new ReadWriteMultipleRegistersRequest(readAddress, readQuantity, writeAddress, writeQuantity,
                byteCount, registerBytes(b, data + 9, Math.min(byteCount, dataLength - 9) / 2));
    }

    private static ModbusPdu readFifoQueueResponse(ByteBuffer b, int data, int dataLength, List<String> anomalies) {
        // Clause 6.18: byte count (2), FIFO count (2, at most 31), values.
        if (dataLength < 4) {
            anomalies.add("length_mismatch");
            return new Undecoded(ModbusFunctions.READ_FIFO_QUEUE, dataLength);
        }
        int byteCount = u16(b, data);
        int fifoCount = u16(b, data + 2);
        byteCountMatches(byteCount, dataLength - 2, anomalies);
        if (fifoCount > MAX_FIFO_COUNT) {
            anomalies.add("quantity_out_of_range");
        }
        int available = (dataLength - 4) / 2;
        if (byteCount != 2 + 2 * fifoCount) {
            anomalies.add("byte_count_mismatch");
        }
        return new ReadFifoQueueResponse(byteCount, fifoCount, registers(b, data + 4, Math.min(fifoCount, available)));
    }

    /** Flags a data field whose size differs from the layout's; false when too short to decode. */
    static boolean fixed(int dataLength, int expected, List<String> anomalies) {
        if (dataLength != expected) {
            anomalies.add("length_mismatch");
        }
        return dataLength >= expected;
    }

    static void byteCountMatches(int byteCount, int bytesPresent, List<String> anomalies) {
        if (byteCount != bytesPresent) {
            anomalies.add("byte_count_mismatch");
        }
    }

    private static void checkRange(int address, int quantity, int maxQuantity, List<String> anomalies) {
        if (quantity < 1 || quantity > maxQuantity) {
            anomalies.add("quantity_out_of_range");
        }
        if (address + quantity > ADDRESS_SPACE) {
            anomalies.add("address_overflow");
        }
    }

    /** {@code count} registers copied as their wire bytes (decoded only when read). */
    private static byte[] registerBytes(ByteBuffer b, int at, int count) {
        byte[] bytes = new byte[2 * count];
        b.get(at, bytes);
        return bytes;
    }

    static int[] registers(ByteBuffer b, int at, int count) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = b.getShort(at + 2 * i) & 0xFFFF;
        }
        return values;
    }

    static int u8(ByteBuffer b, int at) {
        return b.get(at) & 0xFF;
    }

    static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xFFFF;
    }
}
