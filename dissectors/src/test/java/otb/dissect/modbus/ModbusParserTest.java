package otb.dissect.modbus;

import static otb.dissect.modbus.ModbusFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import otb.dissect.modbus.ModbusPdu.CommEventCounterResponse;
import otb.dissect.modbus.ModbusPdu.CommEventLogResponse;
import otb.dissect.modbus.ModbusPdu.Diagnostics;
import otb.dissect.modbus.ModbusPdu.EncapsulatedInterfaceTransport;
import otb.dissect.modbus.ModbusPdu.ExceptionResponse;
import otb.dissect.modbus.ModbusPdu.MaskWriteRegister;
import otb.dissect.modbus.ModbusPdu.NoData;
import otb.dissect.modbus.ModbusPdu.ReadBitsResponse;
import otb.dissect.modbus.ModbusPdu.ReadDeviceIdentificationRequest;
import otb.dissect.modbus.ModbusPdu.ReadDeviceIdentificationResponse;
import otb.dissect.modbus.ModbusPdu.ReadExceptionStatusResponse;
import otb.dissect.modbus.ModbusPdu.ReadFifoQueueRequest;
import otb.dissect.modbus.ModbusPdu.ReadFifoQueueResponse;
import otb.dissect.modbus.ModbusPdu.ReadFileRecordRequest;
import otb.dissect.modbus.ModbusPdu.ReadFileRecordResponse;
import otb.dissect.modbus.ModbusPdu.ReadRegistersResponse;
import otb.dissect.modbus.ModbusPdu.ReadRequest;
import otb.dissect.modbus.ModbusPdu.ReadWriteMultipleRegistersRequest;
import otb.dissect.modbus.ModbusPdu.ReportServerIdResponse;
import otb.dissect.modbus.ModbusPdu.Umas;
import otb.dissect.modbus.ModbusPdu.Undecoded;
import otb.dissect.modbus.ModbusPdu.WriteFileRecord;
import otb.dissect.modbus.ModbusPdu.WriteMultipleCoilsRequest;
import otb.dissect.modbus.ModbusPdu.WriteMultipleRegistersRequest;
import otb.dissect.modbus.ModbusPdu.WriteMultipleResponse;
import otb.dissect.modbus.ModbusPdu.WriteSingleCoil;
import otb.dissect.modbus.ModbusPdu.WriteSingleRegister;

/** PDU byte fixtures per function code (Modbus Application Protocol V1.1b3, clause 6 examples). */
class ModbusParserTest {
    private final List<String> anomalies = new ArrayList<>();

    private ModbusPdu request(byte[] pdu) {
        return ModbusParser.decodeRequest(ByteBuffer.wrap(pdu), 0, pdu.length, anomalies);
    }

    private ModbusPdu response(byte[] pdu) {
        return ModbusParser.decodeResponse(ByteBuffer.wrap(pdu), 0, pdu.length, anomalies);
    }

    /** The PDU starts at an offset inside a larger buffer: reads must be absolute from it. */
    @Test
    void decodesAtAnOffset() {
        byte[] wire = bytes(0xEE, 0xEE, 0xEE,
                0x03,        // function 3, read holding registers
                0x00, 0x6B,  // starting address 107
                0x00, 0x03,  // quantity 3
                0xEE);
        ModbusPdu pdu = ModbusParser.decodeRequest(ByteBuffer.wrap(wire), 3, 5, anomalies);
        assertEquals(new ReadRequest(3, 107, 3), pdu);
        assertEquals(List.of(), anomalies);
    }

    @Test
    void readCoils() {
        assertEquals(new ReadRequest(1, 19, 19), request(bytes(
                0x01,          // function 1
                0x00, 0x13,    // starting address 19
                0x00, 0x13))); // quantity of coils 19
        ReadBitsResponse r = (ReadBitsResponse) response(bytes(
                0x01,                // function 1
                0x03,                // byte count 3
                0xCD, 0x6B, 0x05));  // coils 27-20, 35-28, 38-36
        assertEquals(3, r.byteCount());
        assertEquals(1, r.bit(0));  // 0xCD = 1100 1101: first coil is the low bit
        assertEquals(0, r.bit(1));
        assertEquals(1, r.bit(2));
        assertEquals(1, r.bit(16)); // 0x05 low bit
        assertEquals(List.of(), anomalies);
    }

    @Test
    void readDiscreteInputsQuantityLimit() {
        request(bytes(0x02, 0x00, 0xC4, 0x07, 0xD1)); // quantity 2001 > 2000
        assertEquals(List.of("quantity_out_of_range"), anomalies);
    }

    @Test
    void readRegistersLimitsAndOverflow() {
        request(bytes(0x03, 0x00, 0x00, 0x00, 0x7E)); // 126 registers > 125
        assertEquals(List.of("quantity_out_of_range"), anomalies);
        anomalies.clear();
        request(bytes(0x04, 0xFF, 0xFF, 0x00, 0x02)); // 65535 + 2 runs past the address space
        assertEquals(List.of("address_overflow"), anomalies);
        anomalies.clear();
        request(bytes(0x03, 0x00, 0x00, 0x00, 0x00)); // quantity 0
        assertEquals(List.of("quantity_out_of_range"), anomalies);
    }

    @Test
    void readHoldingRegistersResponseIsUnsigned() {
        ReadRegistersResponse r = (ReadRegistersResponse) response(bytes(
                0x03,               // function 3
                0x06,               // byte count 6
                0x02, 0x2B,         // register 108: 555
                0xFF, 0xFF,         // register 109: 65535, not -1
                0x80, 0x00));       // register 110: 32768
        assertArrayEquals(new int[] {555, 65535, 32768}, r.registers());
        assertEquals(List.of(), anomalies);
    }

    @Test
    void byteCountLongerThanData() {
        ReadRegistersResponse r = (ReadRegistersResponse) response(bytes(0x04, 0x04, 0x00, 0x0A)); // says 4, has 2
        assertArrayEquals(new int[] {10}, r.registers());
        assertEquals(List.of("byte_count_mismatch"), anomalies);
    }

    @Test
    void writeSingleCoil() {
        assertEquals(new WriteSingleCoil(172, 0xFF00), request(bytes(
                0x05,          // function 5
                0x00, 0xAC,    // output address 172
                0xFF, 0x00))); // on
        assertEquals(List.of(), anomalies);
        request(bytes(0x05, 0x00, 0xAC, 0x12, 0x34));
        assertEquals(List.of("invalid_coil_value"), anomalies);
    }

    @Test
    void writeSingleRegister() {
        assertEquals(new WriteSingleRegister(1, 3), request(bytes(0x06, 0x00, 0x01, 0x00, 0x03)));
        assertEquals(new WriteSingleRegister(1, 3), response(bytes(0x06, 0x00, 0x01, 0x00, 0x03)));
    }

    @Test
    void readExceptionStatus() {
        assertEquals(new NoData(7), request(bytes(0x07)));
        assertEquals(new ReadExceptionStatusResponse(0x6D), response(bytes(0x07, 0x6D)));
        assertEquals(List.of(), anomalies);
    }

    @Test
    void diagnosticsSubFunctions() {
        Diagnostics query = (Diagnostics) request(bytes(
                0x08,          // function 8
                0x00, 0x00,    // sub-function 0, return query data
                0xA5, 0x37));  // data
        assertEquals(0, query.subFunction());
        assertArrayEquals(new int[] {0xA537}, query.data());
        Diagnostics restart = (Diagnostics) request(bytes(0x08, 0x00, 0x01, 0xFF, 0x00)); // restart, clear log
        assertEquals(ModbusFunctions.DIAGNOSTIC_RESTART_COMMUNICATIONS, restart.subFunction());
        Diagnostics listenOnly = (Diagnostics) request(bytes(0x08, 0x00, 0x04, 0x00, 0x00));
        assertEquals(ModbusFunctions.DIAGNOSTIC_FORCE_LISTEN_ONLY, listenOnly.subFunction());
        assertEquals(List.of(), anomalies);
        request(bytes(0x08, 0x00, 0x05, 0x00, 0x00)); // sub-function 5 is reserved
        assertEquals(List.of("reserved_sub_function"), anomalies);
    }

    @Test
    void commEventCounterAndLog() {
        assertEquals(new NoData(11), request(bytes(0x0B)));
        assertEquals(new CommEventCounterResponse(0xFFFF, 0x0108), response(bytes(0x0B, 0xFF, 0xFF, 0x01, 0x08)));
        CommEventLogResponse log = (CommEventLogResponse) response(bytes(
                0x0C,          // function 12
                0x08,          // byte count 8
                0x00, 0x00,    // status
                0x01, 0x08,    // event count 264
                0x01, 0x21,    // message count 289
                0x20, 0x00));  // two event bytes
        assertEquals(new CommEventLogResponse(8, 0, 264, 289, 2), log);
        assertEquals(List.of(), anomalies);
    }

    @Test
    void writeMultipleCoils() {
        WriteMultipleCoilsRequest r = (WriteMultipleCoilsRequest) request(bytes(
                0x0F,          // function 15
                0x00, 0x13,    // starting address 19
                0x00, 0x0A,    // quantity 10
                0x02,          // byte count 2
                0xCD, 0x01));  // outputs 27-20, 29-28
        assertEquals(19, r.address());
        assertEquals(10, r.quantity());
        assertEquals(1, r.bit(0));
        assertEquals(1, r.bit(8));
        assertEquals(0, r.bit(9));
        assertEquals(List.of(), anomalies);
        assertEquals(new WriteMultipleResponse(15, 19, 10), response(bytes(0x0F, 0x00, 0x13, 0x00, 0x0A)));
        request(bytes(0x0F, 0x00, 0x13, 0x00, 0x0A, 0x01, 0xCD)); // byte count 1 for 10 coils
        assertTrue(anomalies.contains("byte_count_mismatch"));
    }

    @Test
    void writeMultipleRegisters() {
        WriteMultipleRegistersRequest r = (WriteMultipleRegistersRequest) request(bytes(
                0x10,          // function 16
                0x00, 0x01,    // starting address 1
                0x00, 0x02,    // quantity 2
                0x04,          // byte count 4
                0x00, 0x0A,    // 10
                0x01, 0x02));  // 258
        assertArrayEquals(new int[] {10, 258}, r.registers());
        assertEquals(List.of(), anomalies);
        request(bytes(0x10, 0x00, 0x01, 0x00, 0x7C, 0x02, 0x00, 0x0A)); // 124 > 123
        assertTrue(anomalies.contains("quantity_out_of_range"));
        assertTrue(anomalies.contains("byte_count_mismatch"));
    }

    @Test
    void reportServerId() {
        assertEquals(new NoData(17), request(bytes(0x11)));
        ReportServerIdResponse r = (ReportServerIdResponse) response(bytes(0x11, 0x03, 0x42, 0xFF, 0x01));
        assertEquals(3, r.byteCount());
        assertArrayEquals(bytes(0x42, 0xFF, 0x01), r.data());
    }

    @Test
    void readFileRecord() {
        ReadFileRecordRequest r = (ReadFileRecordRequest) request(bytes(
                0x14,                                     // function 20
                0x0E,                                     // byte count 14
                0x06, 0x00, 0x04, 0x00, 0x01, 0x00, 0x02, // type 6, file 4, record 1, length 2
                0x06, 0x00, 0x03, 0x00, 0x09, 0x00, 0x02  // type 6, file 3, record 9, length 2
        ));
        assertEquals(2, r.references().size());
        assertEquals(new ModbusPdu.FileReference(3, 9, 2), r.references().get(1));
        ReadFileRecordResponse answer = (ReadFileRecordResponse) response(bytes(
                0x14,                               // function 20
                0x0C,                               // response data length 12
                0x05, 0x06, 0x0D, 0xFE, 0x00, 0x20, // length 5, type 6, 0x0DFE, 0x0020
                0x05, 0x06, 0x33, 0xCD, 0x00, 0x40  // length 5, type 6, 0x33CD, 0x0040
        ));
        assertArrayEquals(new int[] {0x33CD, 0x40}, answer.records().get(1));
        assertEquals(List.of(), anomalies);
    }

    @Test
    void writeFileRecord() {
        WriteFileRecord r = (WriteFileRecord) request(bytes(
                0x15,                                     // function 21
                0x0D,                                     // byte count 13
                0x06, 0x00, 0x04, 0x00, 0x07, 0x00, 0x03, // type 6, file 4, record 7, length 3
                0x06, 0xAF, 0x04, 0xBE, 0x10, 0x0D        // 0x06AF 0x04BE 0x100D
        ));
        assertEquals(1, r.records().size());
        assertArrayEquals(new int[] {0x06AF, 0x04BE, 0x100D}, r.records().get(0).registers());
        assertEquals(List.of(), anomalies);
    }

    @Test
    void maskWriteRegister() {
        assertEquals(new MaskWriteRegister(4, 0xF2, 0x25),
                request(bytes(0x16, 0x00, 0x04, 0x00, 0xF2, 0x00, 0x25)));
    }

    @Test
    void readWriteMultipleRegisters() {
        ReadWriteMultipleRegistersRequest r = (ReadWriteMultipleRegistersRequest) request(bytes(
                0x17,          // function 23
                0x00, 0x03,    // read starting address 3
                0x00, 0x06,    // quantity to read 6
                0x00, 0x0E,    // write starting address 14
                0x00, 0x03,    // quantity to write 3
                0x06,          // write byte count 6
                0x00, 0xFF, 0x00, 0xFF, 0x00, 0xFF));
        assertEquals(6, r.readQuantity());
        assertArrayEquals(new int[] {255, 255, 255}, r.registers());
        assertEquals(List.of(), anomalies);
    }

    @Test
    void readFifoQueue() {
        assertEquals(new ReadFifoQueueRequest(0x04DE), request(bytes(0x18, 0x04, 0xDE)));
        ReadFifoQueueResponse r = (ReadFifoQueueResponse) response(bytes(
                0x18,          // function 24
                0x00, 0x06,    // byte count 6
                0x00, 0x02,    // FIFO count 2
                0x01, 0xB8,    // 440
                0x12, 0x84));  // 4740
        assertArrayEquals(new int[] {440, 4740}, r.registers());
        assertEquals(List.of(), anomalies);
    }

    @Test
    void readDeviceIdentification() {
        assertEquals(new ReadDeviceIdentificationRequest(1, 0), request(bytes(0x2B, 0x0E, 0x01, 0x00)));
        ReadDeviceIdentificationResponse r = (ReadDeviceIdentificationResponse) response(bytes(
                0x2B, 0x0E,        // function 43, MEI 14
                0x01,              // read device id code 1 (basic)
                0x01,              // conformity level 1
                0x00, 0x00,        // more follows no, next object 0
                0x03,              // three objects
                0x00, 0x04, 'A', 'c', 'm', 'e',     // vendor name
                0x01, 0x03, 'P', '-', 0x01,         // product code with a control byte
                0x02, 0x04, 'V', '2', '.', '1'));   // revision
        assertEquals(3, r.objects().size());
        assertEquals("Acme", r.objects().get(0).value());
        assertEquals("P-\\x01", r.objects().get(1).value());
        assertEquals(List.of(), anomalies);
    }

    @Test
    void deviceIdentificationObjectRunningPastThePdu() {
        response(bytes(0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x09, 'A'));
        assertEquals(List.of("length_mismatch"), anomalies);
    }

    @Test
    void canopenAndUnknownMei() {
        assertEquals(new EncapsulatedInterfaceTransport(13, 2), request(bytes(0x2B, 0x0D, 0x00, 0x00)));
        assertEquals(List.of(), anomalies);
        request(bytes(0x2B, 0x01, 0x00));
        assertEquals(List.of("unknown_mei_type"), anomalies);
    }

    @Test
    void umas() {
        assertEquals(new Umas(0x12, 0x41, -1, 2), request(bytes(0x5A, 0x12, 0x41, 0x00, 0x00))); // stop PLC
        assertEquals(new Umas(0x12, -1, 0xFE, 0), response(bytes(0x5A, 0x12, 0xFE)));
    }

    @Test
    void exceptionResponse() {
        assertEquals(new ExceptionResponse(3, 2), response(bytes(0x83, 0x02)));
        assertEquals(List.of("exception_response"), anomalies);
    }

    @Test
    void userDefinedAndUnknownFunctions() {
        assertInstanceOf(Undecoded.class, request(bytes(0x41, 0x01, 0x02)));
        assertEquals(List.of(), anomalies);
        assertEquals(new Undecoded(29, 4), request(bytes(0x1D, 0, 0, 0, 0)));
        assertEquals(List.of("unknown_function"), anomalies);
    }

    @Test
    void truncatedFixedLayouts() {
        assertEquals(new Undecoded(3, 2), request(bytes(0x03, 0x00, 0x01)));
        assertEquals(List.of("length_mismatch"), anomalies);
        anomalies.clear();
        request(bytes(0x03, 0x00, 0x01, 0x00, 0x01, 0x99)); // one byte too many
        assertEquals(List.of("length_mismatch"), anomalies);
    }

    @Test
    void exceptionBitOnARequest() {
        request(bytes(0x83, 0x00, 0x00, 0x00, 0x01));
        assertTrue(anomalies.contains("exception_bit_in_request"));
    }
}
