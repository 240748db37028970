package otb.sim;

import java.util.SplittableRandom;

/**
 * A Modbus server: coils, input registers and holding registers over fixed address ranges,
 * each point a {@link Signal}; writable holding registers keep the last value written.
 */
final class ModbusDevice {
    /** A block of consecutive points starting at {@code start}. */
    static final class Bank {
        final int start;
        final Signal[] signals;
        final int[] written;

        Bank(int start, Signal... signals) {
            this.start = start;
            this.signals = signals;
            this.written = new int[signals.length];
            java.util.Arrays.fill(written, -1);
        }

        boolean covers(int address, int quantity) {
            return address >= start && quantity >= 1 && address + quantity <= start + signals.length;
        }

        int value(int address, long time, SplittableRandom random) {
            int index = address - start;
            return written[index] >= 0 ? written[index] : signals[index].value(time, random) & 0xFFFF;
        }
    }

    final Host host;
    final int[] units;
    final Bank coils;
    final Bank inputRegisters;
    final Bank holdingRegisters;
    final String vendor;
    final String product;
    final String revision;

    ModbusDevice(Host host, int[] units, Bank coils, Bank inputRegisters, Bank holdingRegisters, String vendor,
            String product, String revision) {
        this.host = host;
        this.units = units;
        this.coils = coils;
        this.inputRegisters = inputRegisters;
        this.holdingRegisters = holdingRegisters;
        this.vendor = vendor;
        this.product = product;
        this.revision = revision;
    }

    boolean hasUnit(int unit) {
        for (int candidate : units) {
            if (candidate == unit) {
                return true;
            }
        }
        return false;
    }

    private Bank bank(int function) {
        return switch (function) {
            case ModbusCodec.READ_COILS -> coils;
            case ModbusCodec.READ_INPUT_REGISTERS -> inputRegisters;
            case ModbusCodec.READ_HOLDING_REGISTERS, ModbusCodec.WRITE_SINGLE_REGISTER,
                    ModbusCodec.WRITE_MULTIPLE_REGISTERS -> holdingRegisters;
            default -> null;
        };
    }

    private static byte[] illegalAddress(int transaction, int unit, int function) {
        return ModbusCodec.exception(transaction, unit, function, ModbusCodec.EXCEPTION_ILLEGAL_DATA_ADDRESS);
    }

    /** Current register values of a read (FC 3 or 4), or null when the range does not exist. */
    int[] readRegisters(int function, int address, int quantity, long time, SplittableRandom random) {
        Bank bank = bank(function);
        if (bank == null || !bank.covers(address, quantity)) {
            return null;
        }
        int[] values = new int[quantity];
        for (int i = 0; i < quantity; i++) {
            values[i] = bank.value(address + i, time, random);
        }
        return values;
    }

    /**
     * The response ADU to a request ADU (MBAP + PDU), reading process values at {@code time};
     * writes take effect. Unsupported functions and addresses get exception responses (7).
     */
    byte[] respond(byte[] request, long time, SplittableRandom random) {
        int transaction = Wire.get16(request, 0);
        int unit = request[6] & 0xFF;
        int function = request[7] & 0xFF;
        if (!hasUnit(unit)) {
            return ModbusCodec.exception(transaction, unit, function, ModbusCodec.EXCEPTION_GATEWAY_TARGET_FAILED);
        }
        switch (function) {
            case ModbusCodec.READ_COILS: {
                int address = Wire.get16(request, 8);
                int quantity = Wire.get16(request, 10);
                if (coils == null || !coils.covers(address, quantity)) {
                    return illegalAddress(transaction, unit, function);
                }
                boolean[] states = new boolean[quantity];
                for (int i = 0; i < quantity; i++) {
                    states[i] = coils.value(address + i, time, random) != 0;
                }
                return ModbusCodec.readCoilsResponse(transaction, unit, states, quantity);
            }
            case ModbusCodec.READ_HOLDING_REGISTERS:
            case ModbusCodec.READ_INPUT_REGISTERS: {
                int address = Wire.get16(request, 8);
                int quantity = Wire.get16(request, 10);
                int[] values = readRegisters(function, address, quantity, time, random);
                if (values == null) {
                    return illegalAddress(transaction, unit, function);
                }
                return ModbusCodec.readRegistersResponse(transaction, unit, function, values, quantity);
            }
            case ModbusCodec.WRITE_SINGLE_REGISTER: {
                int address = Wire.get16(request, 8);
                if (holdingRegisters == null || !holdingRegisters.covers(address, 1)) {
                    return illegalAddress(transaction, unit, function);
                }
                holdingRegisters.written[address - holdingRegisters.start] = Wire.get16(request, 10);
                return request.clone(); // the normal response echoes the request (6.6)
            }
            case ModbusCodec.WRITE_MULTIPLE_REGISTERS: {
                int address = Wire.get16(request, 8);
                int quantity = Wire.get16(request, 10);
                if (holdingRegisters == null || !holdingRegisters.covers(address, quantity)) {
                    return illegalAddress(transaction, unit, function);
                }
                for (int i = 0; i < quantity; i++) {
                    holdingRegisters.written[address - holdingRegisters.start + i] = Wire.get16(request, 13 + 2 * i);
                }
                return ModbusCodec.writeMultipleRegistersResponse(transaction, unit, address, quantity);
            }
            case ModbusCodec.ENCAPSULATED_INTERFACE:
                if ((request[8] & 0xFF) == ModbusCodec.MEI_READ_DEVICE_IDENTIFICATION) {
                    return ModbusCodec.readDeviceIdentificationResponse(transaction, unit, vendor, product, revision);
                }
                return ModbusCodec.exception(transaction, unit, function, ModbusCodec.EXCEPTION_ILLEGAL_FUNCTION);
            default:
                return ModbusCodec.exception(transaction, unit, function, ModbusCodec.EXCEPTION_ILLEGAL_FUNCTION);
        }
    }
}
