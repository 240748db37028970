package otb.dissect.modbus;

import otb.dissect.OtMessage;
import otb.dissect.modbus.ModbusPdu.Diagnostics;
import otb.dissect.modbus.ModbusPdu.EncapsulatedInterfaceTransport;
import otb.dissect.modbus.ModbusPdu.FileRecord;
import otb.dissect.modbus.ModbusPdu.FileReference;
import otb.dissect.modbus.ModbusPdu.MaskWriteRegister;
import otb.dissect.modbus.ModbusPdu.ReadBitsResponse;
import otb.dissect.modbus.ModbusPdu.ReadDeviceIdentificationRequest;
import otb.dissect.modbus.ModbusPdu.ReadDeviceIdentificationResponse;
import otb.dissect.modbus.ModbusPdu.ReadFifoQueueRequest;
import otb.dissect.modbus.ModbusPdu.ReadFileRecordRequest;
import otb.dissect.modbus.ModbusPdu.ReadFileRecordResponse;
import otb.dissect.modbus.ModbusPdu.ReadRegistersResponse;
import otb.dissect.modbus.ModbusPdu.ReadRequest;
import otb.dissect.modbus.ModbusPdu.ReadWriteMultipleRegistersRequest;
import otb.dissect.modbus.ModbusPdu.Umas;
import otb.dissect.modbus.ModbusPdu.WriteFileRecord;
import otb.dissect.modbus.ModbusPdu.WriteMultipleCoilsRequest;
import otb.dissect.modbus.ModbusPdu.WriteMultipleRegistersRequest;
import otb.dissect.modbus.ModbusPdu.WriteMultipleResponse;
import otb.dissect.modbus.ModbusPdu.WriteSingleCoil;
import otb.dissect.modbus.ModbusPdu.WriteSingleRegister;

/**
 * What a Modbus PDU says of the points it touches: the ranges, the values carried, the name of
 * its function refined by a sub-function, and the identity a device reveals. Points are clipped
 * to the 16-bit address space; file records are addressed as file number * 10000 + record.
 */
final class ModbusPoints {
    /** Addresses of a file record: file number * 10000 + record number (records are 0..9999). */
    static final long FILE_RECORD_STRIDE = 10_000;

    private ModbusPoints() {
    }

    /** Sub-function that refines the class or name: diagnostics code, MEI type, UMAS function; else -1. */
    static int subFunction(ModbusPdu pdu) {
        if (pdu instanceof Diagnostics diagnostics) {
            return diagnostics.subFunction();
        }
        if (pdu instanceof ReadDeviceIdentificationRequest || pdu instanceof ReadDeviceIdentificationResponse) {
            return ModbusFunctions.MEI_READ_DEVICE_IDENTIFICATION;
        }
        if (pdu instanceof EncapsulatedInterfaceTransport encapsulated) {
            return encapsulated.meiType();
        }
        if (pdu instanceof Umas umas) {
            return umas.umasFunction();
        }
        return -1;
    }

    /** Points a request touches, and the values it writes (clauses 6.1-6.18). */
    static void request(OtMessage.Builder message, ModbusPdu pdu) {
        if (pdu instanceof ReadRequest read) {
            range(message, space(read.function()), read.address(), read.quantity());
        } else if (pdu instanceof WriteSingleCoil coil) {
            range(message, "coil", coil.address(), 1);
            if (coil.rawValue() == WriteSingleCoil.ON || coil.rawValue() == WriteSingleCoil.OFF) {
                message.value("coil", coil.address(), coil.rawValue() == WriteSingleCoil.ON ? 1 : 0);
            }
        } else if (pdu instanceof WriteSingleRegister register) {
            range(message, "holding_register", register.address(), 1);
            message.value("holding_register", register.address(), register.value());
        } else if (pdu instanceof WriteMultipleCoilsRequest coils) {
            range(message, "coil", coils.address(), coils.quantity());
            bits(message, "coil", coils.address(), coils.bits(), coils.quantity());
        } else if (pdu instanceof WriteMultipleRegistersRequest registers) {
            range(message, "holding_register", registers.address(), registers.quantity());
            registers(message, "holding_register", registers.address(), registers.registerBytes(),
                    registers.quantity());
        } else if (pdu instanceof MaskWriteRegister mask) {
            range(message, "holding_register", mask.address(), 1);
        } else if (pdu instanceof ReadWriteMultipleRegistersRequest readWrite) {
            range(message, "holding_register", readWrite.readAddress(), readWrite.readQuantity());
            range(message, "holding_register", readWrite.writeAddress(), readWrite.writeQuantity());
            registers(message, "holding_register", readWrite.writeAddress(), readWrite.registerBytes(),
                    readWrite.writeQuantity());
        } else if (pdu instanceof ReadFifoQueueRequest fifo) {
            range(message, "holding_register", fifo.pointerAddress(), 1);
        } else if (pdu instanceof ReadFileRecordRequest file) {
            for (FileReference reference : file.references()) {
                range(message, "file_record", fileAddress(reference.file(), reference.record()), reference.length());
            }
        } else if (pdu instanceof WriteFileRecord file) {
            fileRecords(message, file, true);
        }
    }

    /**
     * Points and values of a response. {@code request} is the paired request when its function
     * matches, else null: read values need the request's addresses (a response alone does not
     * say which addresses it answers). Flags a byte count that does not fit the request.
     */
    static void response(OtMessage.Builder message, ModbusPdu request, ModbusPdu pdu) {
        if (pdu instanceof ReadBitsResponse bits && request instanceof ReadRequest read) {
            String space = space(read.function());
            range(message, space, read.address(), read.quantity());
            if (bits.byteCount() != (read.quantity() + 7) / 8) {
                message.anomaly("byte_count_mismatch");
            }
            bits(message, space, read.address(), bits.bits(), read.quantity());
        } else if (pdu instanceof ReadRegistersResponse registers && request instanceof ReadRequest read) {
            String space = space(read.function());
            range(message, space, read.address(), read.quantity());
            if (registers.byteCount() != 2 * read.quantity()) {
                message.anomaly("byte_count_mismatch");
            }
            registers(message, space, read.address(), registers.registerBytes(), read.quantity());
        } else if (pdu instanceof ReadRegistersResponse registers
                && request instanceof ReadWriteMultipleRegistersRequest readWrite) {
            range(message, "holding_register", readWrite.readAddress(), readWrite.readQuantity());
            if (registers.byteCount() != 2 * readWrite.readQuantity()) {
                message.anomaly("byte_count_mismatch");
            }
            registers(message, "holding_register", readWrite.readAddress(), registers.registerBytes(),
                    readWrite.readQuantity());
        } else if (pdu instanceof ReadFileRecordResponse records && request instanceof ReadFileRecordRequest read) {
            int count = Math.min(records.records().size(), read.references().size());
            if (records.records().size() != read.references().size()) {
                message.anomaly("byte_count_mismatch");
            }
            for (int i = 0; i < count; i++) {
                FileReference reference = read.references().get(i);
                long address = fileAddress(reference.file(), reference.record());
                range(message, "file_record", address, reference.length());
                int[] values = records.records().get(i);
                ints(message, address, values, Math.min(values.length, reference.length()));
            }
        } else {
            echoedPoints(message, pdu);
            if (pdu instanceof ReadDeviceIdentificationResponse identification) {
                for (ModbusPdu.DeviceObject object : identification.objects()) {
                    message.identity(ModbusFunctions.deviceObjectKey(object.id()), object.value());
                }
            }
        }
    }

    /** The points a response names by itself, whatever it answers: those of a write's echo (clauses 6.5-6.17). */
    private static void echoedPoints(OtMessage.Builder message, ModbusPdu pdu) {
        if (pdu instanceof WriteSingleCoil coil) {
            range(message, "coil", coil.address(), 1);
        } else if (pdu instanceof WriteSingleRegister register) {
            range(message, "holding_register", register.address(), 1);
        } else if (pdu instanceof WriteMultipleResponse written) {
            range(message, written.function() == ModbusFunctions.WRITE_MULTIPLE_COILS ? "coil" : "holding_register",
                    written.address(), written.quantity());
        } else if (pdu instanceof MaskWriteRegister mask) {
            range(message, "holding_register", mask.address(), 1);
        } else if (pdu instanceof WriteFileRecord file) {
            fileRecords(message, file, false);
        }
    }

    private static void fileRecords(OtMessage.Builder message, WriteFileRecord file, boolean withValues) {
        for (FileRecord record : file.records()) {
            long address = fileAddress(record.file(), record.record());
            range(message, "file_record", address, record.registers().length);
            if (withValues) {
                ints(message, address, record.registers(), record.registers().length);
            }
        }
    }

    private static long fileAddress(int file, int record) {
        return file * FILE_RECORD_STRIDE + record;
    }

    /** The address space of functions 1-4. */
    private static String space(int function) {
        switch (function) {
            case ModbusFunctions.READ_COILS: return "coil";
            case ModbusFunctions.READ_DISCRETE_INPUTS: return "discrete_input";
            case ModbusFunctions.READ_INPUT_REGISTERS: return "input_register";
            default: return "holding_register";
        }
    }

    /** A range clipped to the 16-bit address space; none when it would be empty. */
    private static void range(OtMessage.Builder message, String space, long start, long count) {
        long clipped = space.equals("file_record") ? count : Math.min(count, ModbusParser.ADDRESS_SPACE - start);
        if (clipped >= 1) {
            message.range(space, start, clipped);
        }
    }

    /** Register values from {@code address}: as many as asked for, carried, and inside the address space. */
    private static void registers(OtMessage.Builder message, String space, int address, byte[] registerBytes,
                                  int quantity) {
        int count = Math.min(Math.min(quantity, registerBytes.length / 2), ModbusParser.ADDRESS_SPACE - address);
        message.expectValues(count);
        for (int i = 0; i < count; i++) {
            message.value(space, address + i, ((registerBytes[2 * i] & 0xFF) << 8) | (registerBytes[2 * i + 1] & 0xFF));
        }
    }

    /** Coil or discrete input values (0/1), packed as on the wire, first point in the low bit. */
    private static void bits(OtMessage.Builder message, String space, int address, byte[] packed, int quantity) {
        int count = Math.min(Math.min(quantity, packed.length * 8), ModbusParser.ADDRESS_SPACE - address);
        message.expectValues(count);
        for (int i = 0; i < count; i++) {
            message.value(space, address + i, (packed[i >>> 3] >>> (i & 7)) & 1);
        }
    }

    /** File record registers from {@code address}, the first {@code count} of {@code values}. */
    private static void ints(OtMessage.Builder message, long address, int[] values, int count) {
        for (int i = 0; i < count; i++) {
            message.value("file_record", address + i, values[i]);
        }
    }
}
