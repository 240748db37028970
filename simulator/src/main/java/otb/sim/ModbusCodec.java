package otb.sim;

/**
 * Builds Modbus/TCP application data units: the MBAP header (Modbus Messaging on TCP/IP
 * Implementation Guide V1.0b, 3.1.3) followed by a PDU (Modbus Application Protocol V1.1b3,
 * clause 6).
 */
final class ModbusCodec {
    static final int READ_COILS = 1;
    static final int READ_HOLDING_REGISTERS = 3;
    static final int READ_INPUT_REGISTERS = 4;
    static final int WRITE_SINGLE_REGISTER = 6;
    static final int WRITE_MULTIPLE_REGISTERS = 16;
    static final int ENCAPSULATED_INTERFACE = 43;
    /** MEI type 14: Read Device Identification (6.21). */
    static final int MEI_READ_DEVICE_IDENTIFICATION = 14;
    static final int EXCEPTION_ILLEGAL_FUNCTION = 1;
    static final int EXCEPTION_ILLEGAL_DATA_ADDRESS = 2;
    static final int EXCEPTION_GATEWAY_TARGET_FAILED = 0x0B;

    private ModbusCodec() {
    }

    /** MBAP header + PDU; the length field counts the unit id and the PDU. */
    private static byte[] adu(int transactionId, int unitId, int pduLength) {
        byte[] adu = new byte[7 + pduLength];
        Wire.put16(adu, 0, transactionId);
        Wire.put16(adu, 2, 0); // protocol identifier: Modbus
        Wire.put16(adu, 4, pduLength + 1);
        adu[6] = (byte) unitId;
        return adu;
    }

    /** FC 1, 3 or 4 request (6.1, 6.3, 6.4): starting address and quantity. */
    static byte[] readRequest(int transactionId, int unitId, int function, int address, int quantity) {
        byte[] adu = adu(transactionId, unitId, 5);
        adu[7] = (byte) function;
        Wire.put16(adu, 8, address);
        Wire.put16(adu, 10, quantity);
        return adu;
    }

    /** FC 3 or 4 response: byte count then the registers, big-endian. */
    static byte[] readRegistersResponse(int transactionId, int unitId, int function, int[] registers, int count) {
        byte[] adu = adu(transactionId, unitId, 2 + 2 * count);
        adu[7] = (byte) function;
        adu[8] = (byte) (2 * count);
        for (int i = 0; i < count; i++) {
            Wire.put16(adu, 9 + 2 * i, registers[i]);
        }
        return adu;
    }

    /** FC 1 response: coil states packed LSB first, padded with zeros (6.1). */
    static byte[] readCoilsResponse(int transactionId, int unitId, boolean[] coils, int count) {
        int bytes = (count + 7) / 8;
        byte[] adu = adu(transactionId, unitId, 2 + bytes);
        adu[7] = READ_COILS;
        adu[8] = (byte) bytes;
        for (int i = 0; i < count; i++) {
            if (coils[i]) {
                adu[9 + i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return adu;
    }

    /** FC 6 request; the normal response echoes it (6.6). */
    static byte[] writeSingleRegister(int transactionId, int unitId, int address, int value) {
        byte[] adu = adu(transactionId, unitId, 5);
        adu[7] = WRITE_SINGLE_REGISTER;
        Wire.put16(adu, 8, address);
        Wire.put16(adu, 10, value);
        return adu;
    }

    /** FC 16 request (6.12). */
    static byte[] writeMultipleRegisters(int transactionId, int unitId, int address, int[] values) {
        byte[] adu = adu(transactionId, unitId, 6 + 2 * values.length);
        adu[7] = WRITE_MULTIPLE_REGISTERS;
        Wire.put16(adu, 8, address);
        Wire.put16(adu, 10, values.length);
        adu[12] = (byte) (2 * values.length);
        for (int i = 0; i < values.length; i++) {
            Wire.put16(adu, 13 + 2 * i, values[i]);
        }
        return adu;
    }

    /** FC 16 response: starting address and quantity written. */
    static byte[] writeMultipleRegistersResponse(int transactionId, int unitId, int address, int quantity) {
        byte[] adu = adu(transactionId, unitId, 5);
        adu[7] = WRITE_MULTIPLE_REGISTERS;
        Wire.put16(adu, 8, address);
        Wire.put16(adu, 10, quantity);
        return adu;
    }

    /** Exception response (7): function code with the high bit set, then the exception code. */
    static byte[] exception(int transactionId, int unitId, int function, int exceptionCode) {
        byte[] adu = adu(transactionId, unitId, 2);
        adu[7] = (byte) (function | 0x80);
        adu[8] = (byte) exceptionCode;
        return adu;
    }

    /** FC 43 / MEI 14 request, basic device identification, stream access from object 0 (6.21). */
    static byte[] readDeviceIdentification(int transactionId, int unitId) {
        byte[] adu = adu(transactionId, unitId, 4);
        adu[7] = ENCAPSULATED_INTERFACE;
        adu[8] = MEI_READ_DEVICE_IDENTIFICATION;
        adu[9] = 1; // read device id code: basic
        adu[10] = 0; // object id: VendorName
        return adu;
    }

    /** FC 43 / MEI 14 response with the three basic objects: vendor, product code, revision. */
    static byte[] readDeviceIdentificationResponse(int transactionId, int unitId, String vendor, String product,
            String revision) {
        String[] objects = {vendor, product, revision};
        int length = 7; // function, MEI type, code, conformity, more follows, next object, object count
        for (String object : objects) {
            length += 2 + object.length();
        }
        byte[] adu = adu(transactionId, unitId, length);
        adu[7] = ENCAPSULATED_INTERFACE;
        adu[8] = MEI_READ_DEVICE_IDENTIFICATION;
        adu[9] = 1;    // read device id code
        adu[10] = 0x01; // conformity level: basic, stream access only
        adu[11] = 0;   // more follows: no
        adu[12] = 0;   // next object id
        adu[13] = (byte) objects.length;
        int offset = 14;
        for (int id = 0; id < objects.length; id++) {
            adu[offset] = (byte) id;
            adu[offset + 1] = (byte) objects[id].length();
            byte[] text = objects[id].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, adu, offset + 2, text.length);
            offset += 2 + text.length;
        }
        return adu;
    }
}
