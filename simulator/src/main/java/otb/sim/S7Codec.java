package otb.sim;

import java.nio.charset.StandardCharsets;

/**
 * Builds S7comm PDUs in COTP (ISO 8073) over TPKT (RFC 1006). The S7comm layout follows what
 * Wireshark's s7comm dissector reads: a 10-byte header (12 for acknowledgements with data, which
 * carry an error class and code), the parameter part, then the data part.
 */
final class S7Codec {
    static final int ROSCTR_JOB = 1;
    static final int ROSCTR_ACK_DATA = 3;
    static final int FUNCTION_READ_VAR = 0x04;
    static final int FUNCTION_WRITE_VAR = 0x05;
    static final int FUNCTION_REQUEST_DOWNLOAD = 0x1A;
    static final int FUNCTION_DOWNLOAD_BLOCK = 0x1B;
    static final int FUNCTION_DOWNLOAD_ENDED = 0x1C;
    static final int FUNCTION_PI_SERVICE = 0x28;
    static final int FUNCTION_PLC_STOP = 0x29;
    static final int FUNCTION_SETUP_COMMUNICATION = 0xF0;
    static final int AREA_INPUTS = 0x81;
    static final int AREA_OUTPUTS = 0x82;
    static final int AREA_DATA_BLOCK = 0x84;
    /** Item transport sizes in a request (S7ANY) and in data (return data transport size). */
    static final int TRANSPORT_BYTE = 0x02;
    static final int TRANSPORT_WORD = 0x04;
    static final int DATA_TRANSPORT_BYTE_WORD_DWORD = 0x04;
    private static final int PDU_SIZE = 480;

    /** One variable of a read or write: area, data block (0 outside DB), byte address, bytes. */
    record Item(int area, int dataBlock, int byteAddress, int length) {
    }

    private S7Codec() {
    }

    /** COTP connection request (ISO 8073 13.3) with TPDU size 1024 and the TSAPs. */
    static byte[] connectionRequest(int sourceReference, int callingTsap, int calledTsap) {
        return tpkt(connection(0xE0, 0, sourceReference, callingTsap, calledTsap));
    }

    /** COTP connection confirm (ISO 8073 13.4). */
    static byte[] connectionConfirm(int destinationReference, int sourceReference, int callingTsap, int calledTsap) {
        return tpkt(connection(0xD0, destinationReference, sourceReference, callingTsap, calledTsap));
    }

    /** CR or CC TPDU, class 0, with the parameters TPDU size, calling TSAP, called TSAP (13.3.4). */
    private static byte[] connection(int type, int destinationReference, int sourceReference, int callingTsap,
            int calledTsap) {
        byte[] cotp = new byte[18];
        cotp[0] = 17;                   // length indicator: the 17 bytes that follow
        cotp[1] = (byte) type;          // CR 0xE0 or CC 0xD0, credit 0
        Wire.put16(cotp, 2, destinationReference);
        Wire.put16(cotp, 4, sourceReference);
        cotp[6] = 0;                    // class 0, no options
        cotp[7] = (byte) 0xC0;          // parameter: TPDU size
        cotp[8] = 1;
        cotp[9] = 0x0A;                 // 2^10 = 1024 bytes
        cotp[10] = (byte) 0xC1;         // parameter: calling TSAP
        cotp[11] = 2;
        Wire.put16(cotp, 12, callingTsap);
        cotp[14] = (byte) 0xC2;         // parameter: called TSAP
        cotp[15] = 2;
        Wire.put16(cotp, 16, calledTsap);
        return cotp;
    }

    private static byte[] tpkt(byte[] cotp) {
        byte[] packet = new byte[4 + cotp.length];
        packet[0] = 3;
        Wire.put16(packet, 2, packet.length);
        System.arraycopy(cotp, 0, packet, 4, cotp.length);
        return packet;
    }

    /** TPKT + COTP data TPDU (EOT) + S7 header + parameter + data. */
    static byte[] pdu(int rosctr, int pduReference, byte[] parameter, int parameterLength, byte[] data,
            int dataLength) {
        int header = rosctr == ROSCTR_ACK_DATA || rosctr == 2 ? 12 : 10;
        int length = 4 + 3 + header + parameterLength + dataLength;
        byte[] packet = new byte[length];
        packet[0] = 3;
        Wire.put16(packet, 2, length);
        packet[4] = 2;             // COTP length indicator
        packet[5] = (byte) 0xF0;   // DT data
        packet[6] = (byte) 0x80;   // TPDU number 0, last data unit
        packet[7] = 0x32;          // S7comm protocol id
        packet[8] = (byte) rosctr;
        Wire.put16(packet, 11, pduReference);
        Wire.put16(packet, 13, parameterLength);
        Wire.put16(packet, 15, dataLength);
        // error class and code (bytes 17, 18 of ack-data) stay zero: no error
        System.arraycopy(parameter, 0, packet, 7 + header, parameterLength);
        if (dataLength > 0) {
            System.arraycopy(data, 0, packet, 7 + header + parameterLength, dataLength);
        }
        return packet;
    }

    static byte[] setupCommunication(int pduReference) {
        byte[] parameter = {(byte) FUNCTION_SETUP_COMMUNICATION, 0, 0, 1, 0, 1, 0, 0};
        Wire.put16(parameter, 6, PDU_SIZE);
        return pdu(ROSCTR_JOB, pduReference, parameter, parameter.length, null, 0);
    }

    static byte[] setupCommunicationAck(int pduReference) {
        byte[] parameter = {(byte) FUNCTION_SETUP_COMMUNICATION, 0, 0, 1, 0, 1, 0, 0};
        Wire.put16(parameter, 6, PDU_SIZE);
        return pdu(ROSCTR_ACK_DATA, pduReference, parameter, parameter.length, null, 0);
    }

    /** Read var job: one 12-byte S7ANY address specification per item. */
    static byte[] readVar(int pduReference, Item[] items) {
        byte[] parameter = new byte[2 + 12 * items.length];
        parameter[0] = FUNCTION_READ_VAR;
        parameter[1] = (byte) items.length;
        for (int i = 0; i < items.length; i++) {
            putItem(parameter, 2 + 12 * i, items[i]);
        }
        return pdu(ROSCTR_JOB, pduReference, parameter, parameter.length, null, 0);
    }

    private static void putItem(byte[] parameter, int offset, Item item) {
        parameter[offset] = 0x12;     // variable specification
        parameter[offset + 1] = 0x0A; // length of the rest
        parameter[offset + 2] = 0x10; // syntax id S7ANY
        parameter[offset + 3] = TRANSPORT_BYTE;
        Wire.put16(parameter, offset + 4, item.length());
        Wire.put16(parameter, offset + 6, item.dataBlock());
        parameter[offset + 8] = (byte) item.area();
        int bitAddress = item.byteAddress() * 8;
        parameter[offset + 9] = (byte) (bitAddress >>> 16);
        parameter[offset + 10] = (byte) (bitAddress >>> 8);
        parameter[offset + 11] = (byte) bitAddress;
    }

    /**
     * Data items (return code, transport size, length in bits, bytes), a fill byte after an odd
     * length except after the last item. {@code values[i]} holds item i's bytes.
     */
    private static byte[] dataItems(int firstOctet, byte[][] values, int[] length) {
        int total = 0;
        for (int i = 0; i < values.length; i++) {
            total += 4 + values[i].length + ((values[i].length % 2 == 1 && i < values.length - 1) ? 1 : 0);
        }
        byte[] data = new byte[total];
        int offset = 0;
        for (int i = 0; i < values.length; i++) {
            data[offset] = (byte) firstOctet;
            data[offset + 1] = DATA_TRANSPORT_BYTE_WORD_DWORD;
            Wire.put16(data, offset + 2, values[i].length * 8);
            System.arraycopy(values[i], 0, data, offset + 4, values[i].length);
            offset += 4 + values[i].length + ((values[i].length % 2 == 1 && i < values.length - 1) ? 1 : 0);
        }
        length[0] = total;
        return data;
    }

    static byte[] readVarAck(int pduReference, byte[][] values) {
        byte[] parameter = {FUNCTION_READ_VAR, (byte) values.length};
        int[] length = new int[1];
        byte[] data = dataItems(0xFF, values, length);
        return pdu(ROSCTR_ACK_DATA, pduReference, parameter, 2, data, length[0]);
    }

    static byte[] writeVar(int pduReference, Item[] items, byte[][] values) {
        byte[] parameter = new byte[2 + 12 * items.length];
        parameter[0] = FUNCTION_WRITE_VAR;
        parameter[1] = (byte) items.length;
        for (int i = 0; i < items.length; i++) {
            putItem(parameter, 2 + 12 * i, items[i]);
        }
        int[] length = new int[1];
        byte[] data = dataItems(0x00, values, length);
        return pdu(ROSCTR_JOB, pduReference, parameter, parameter.length, data, length[0]);
    }

    static byte[] writeVarAck(int pduReference, int items) {
        byte[] parameter = {FUNCTION_WRITE_VAR, (byte) items};
        byte[] data = new byte[items];
        java.util.Arrays.fill(data, (byte) 0xFF);
        return pdu(ROSCTR_ACK_DATA, pduReference, parameter, 2, data, items);
    }

    /** An acknowledgement whose parameter is only the function code (stop, PI service, ...). */
    static byte[] functionAck(int pduReference, int function) {
        return pdu(ROSCTR_ACK_DATA, pduReference, new byte[] {(byte) function}, 1, null, 0);
    }

    /** PLC stop (function 0x29): five unknown bytes, then the PI service name "P_PROGRAM". */
    static byte[] plcStop(int pduReference) {
        byte[] service = ascii("P_PROGRAM");
        byte[] parameter = new byte[7 + service.length];
        parameter[0] = (byte) FUNCTION_PLC_STOP;
        parameter[6] = (byte) service.length;
        System.arraycopy(service, 0, parameter, 7, service.length);
        return pdu(ROSCTR_JOB, pduReference, parameter, parameter.length, null, 0);
    }

    /**
     * PI service (function 0x28): seven unknown bytes ending 0xFD, an argument block, then the
     * service name. A warm start is "P_PROGRAM" with an empty argument.
     */
    static byte[] piService(int pduReference, byte[] argument, String serviceName) {
        byte[] service = ascii(serviceName);
        byte[] parameter = new byte[1 + 7 + 2 + argument.length + 1 + service.length];
        parameter[0] = (byte) FUNCTION_PI_SERVICE;
        parameter[7] = (byte) 0xFD;
        Wire.put16(parameter, 8, argument.length);
        System.arraycopy(argument, 0, parameter, 10, argument.length);
        parameter[10 + argument.length] = (byte) service.length;
        System.arraycopy(service, 0, parameter, 11 + argument.length, service.length);
        return pdu(ROSCTR_JOB, pduReference, parameter, parameter.length, null, 0);
    }

    /** Argument of the "_INSE" PI service: one block, e.g. type 'A' (DB) number "00001". */
    static byte[] insertBlockArgument(char blockType, int blockNumber) {
        byte[] argument = new byte[10];
        argument[0] = 1;   // block count
        argument[1] = 0;   // unknown
        byte[] name = ascii(String.format("0%c%05dP", blockType, blockNumber));
        System.arraycopy(name, 0, argument, 2, name.length);
        return argument;
    }

    /**
     * Block-control header shared by request download, download block and download ended:
     * function, status, two unknown bytes, four unknown bytes, then the file name
     * "_0" + block type + 5-digit number + destination file system 'P'.
     */
    private static byte[] blockControl(int function, char blockType, int blockNumber, int extra) {
        byte[] name = ascii(String.format("_0%c%05dP", blockType, blockNumber));
        byte[] parameter = new byte[8 + 1 + name.length + extra];
        parameter[0] = (byte) function;
        if (function == FUNCTION_REQUEST_DOWNLOAD) {
            parameter[2] = 1;
        }
        parameter[8] = (byte) name.length;
        System.arraycopy(name, 0, parameter, 9, name.length);
        return parameter;
    }

    /** Request download job (0x1A) with the load-memory and MC7 code lengths as 6 ASCII digits. */
    static byte[] requestDownload(int pduReference, char blockType, int blockNumber, int loadMemoryLength,
            int codeLength) {
        byte[] lengths = ascii(String.format("1%06d%06d", loadMemoryLength, codeLength));
        byte[] parameter = blockControl(FUNCTION_REQUEST_DOWNLOAD, blockType, blockNumber, 1 + lengths.length);
        parameter[18] = (byte) lengths.length;
        System.arraycopy(lengths, 0, parameter, 19, lengths.length);
        return pdu(ROSCTR_JOB, pduReference, parameter, parameter.length, null, 0);
    }

    /** Download block (0x1B) or download ended (0x1C) job, sent by the PLC to the client. */
    static byte[] blockJob(int function, int pduReference, char blockType, int blockNumber) {
        byte[] parameter = blockControl(function, blockType, blockNumber, 0);
        return pdu(ROSCTR_JOB, pduReference, parameter, parameter.length, null, 0);
    }

    /** Ack-data of a download block: status (0 = last), then length, 0x00FB, and the block bytes. */
    static byte[] downloadBlockAck(int pduReference, byte[] block, boolean moreFollows) {
        byte[] parameter = {FUNCTION_DOWNLOAD_BLOCK, (byte) (moreFollows ? 1 : 0)};
        byte[] data = new byte[4 + block.length];
        Wire.put16(data, 0, block.length);
        data[2] = 0x00;
        data[3] = (byte) 0xFB;
        System.arraycopy(block, 0, data, 4, block.length);
        return pdu(ROSCTR_ACK_DATA, pduReference, parameter, 2, data, data.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
