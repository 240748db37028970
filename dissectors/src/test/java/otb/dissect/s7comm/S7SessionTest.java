package otb.dissect.s7comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.s7comm.S7Fixtures.ascii;
import static otb.dissect.s7comm.S7Fixtures.bytes;
import static otb.dissect.s7comm.S7Fixtures.connectionRequest;
import static otb.dissect.s7comm.S7Fixtures.dataItem;
import static otb.dissect.s7comm.S7Fixtures.dt;
import static otb.dissect.s7comm.S7Fixtures.dtMore;
import static otb.dissect.s7comm.S7Fixtures.s7;
import static otb.dissect.s7comm.S7Fixtures.s7Ack;
import static otb.dissect.s7comm.S7Fixtures.s7any;
import static otb.dissect.s7comm.S7Fixtures.userdataRequest;
import static otb.dissect.s7comm.S7Fixtures.userdataResponse;

import java.util.List;
import java.util.Map;
import otb.capture.Direction;
import otb.dissect.DissectorConfig;
import otb.dissect.MessageRecord;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtMessage;
import otb.dissect.PointRange;
import otb.dissect.PointValue;
import otb.dissect.s7comm.S7Fixtures.Feeder;
import org.junit.jupiter.api.Test;

class S7SessionTest {
    private static final Direction REQUEST = Direction.TO_SERVER;
    private static final Direction RESPONSE = Direction.TO_CLIENT;

    /** Setup communication job: function 0xF0, reserved, max AmQ calling 1, called 1, PDU size 480. */
    static final byte[] SETUP_JOB = s7(0x01, 0x0100, bytes(0xF0, 0x00, 0x00, 0x01, 0x00, 0x01, 0x01, 0xE0), bytes());
    static final byte[] SETUP_ACK = s7Ack(0x03, 0x0100, 0x00, 0x00,
            bytes(0xF0, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0xF0), bytes());

    private static S7Detail.Pdu pdu(OtMessage message) {
        return (S7Detail.Pdu) message.detail();
    }

    @Test
    void connectionRequestNamesRackSlotAndConnectionType() {
        Feeder feeder = new Feeder().feed(REQUEST, 1, connectionRequest(0x0100, 0x0102));
        OtMessage message = feeder.only();
        assertEquals(OperationClass.LINK, message.operation());
        assertTrue(message.function().isEmpty());
        assertEquals("cotp_connection_request", message.functionName());
        S7Detail.Cotp detail = (S7Detail.Cotp) message.detail();
        assertEquals("0100", detail.callingTsap());
        assertEquals("0102", detail.calledTsap());
        assertEquals(new S7Detail.Endpoint(0, 2, "PG"), detail.endpoint().orElseThrow());
        // later PDUs of the connection carry rack and slot too
        feeder.feed(REQUEST, 2, dt(SETUP_JOB));
        assertEquals(new S7Detail.Endpoint(0, 2, "PG"), pdu(feeder.messages().get(1)).endpoint().orElseThrow());
    }

    @Test
    void confirmDisconnectAndErrorTpdusAreLinkMessages() {
        Feeder feeder = new Feeder()
                // CC: LI 30, code 0xD0, dst-ref 1, src-ref 0x44, class 0, TPDU size, TSAPs (text TSAP as called)
                .feed(RESPONSE, 1, S7Fixtures.tpkt(concat(bytes(0x1E, 0xD0, 0x00, 0x01, 0x00, 0x44, 0x00,
                        0xC0, 0x01, 0x0A, 0xC1, 0x02, 0x06, 0x00, 0xC2, 0x0F), ascii("SIMATIC-ROOT-ES"))))
                // DR: LI 6, code 0x80, dst-ref, src-ref, reason 0x80 (normal)
                .feed(REQUEST, 2, S7Fixtures.tpkt(bytes(0x06, 0x80, 0x00, 0x44, 0x00, 0x01, 0x80)))
                // ER: LI 4, code 0x70, dst-ref, reject cause 2 (invalid parameter code)
                .feed(RESPONSE, 3, S7Fixtures.tpkt(bytes(0x04, 0x70, 0x00, 0x01, 0x02)));
        List<OtMessage> messages = feeder.messages();
        assertEquals(List.of("cotp_connection_confirm", "cotp_disconnect_request", "cotp_error"),
                messages.stream().map(OtMessage::functionName).toList());
        messages.forEach(m -> assertEquals(OperationClass.LINK, m.operation()));
        S7Detail.Cotp confirm = (S7Detail.Cotp) messages.get(0).detail();
        assertEquals("SIMATIC-ROOT-ES", confirm.tsapText());
        assertTrue(confirm.endpoint().isEmpty(), "a text TSAP names no rack and slot");
        assertEquals(0x80, ((S7Detail.Cotp) messages.get(1).detail()).reason());
        assertEquals(List.of("cotp_error"), messages.get(2).anomalies());
        assertEquals(2, ((S7Detail.Cotp) messages.get(2).detail()).reason());
    }

    @Test
    void setupCommunicationIsPairedByPduReference() {
        Feeder feeder = new Feeder().feed(REQUEST, 1, dt(SETUP_JOB)).feed(RESPONSE, 2, dt(SETUP_ACK));
        OtMessage job = feeder.messages().get(0);
        OtMessage ack = feeder.messages().get(1);
        assertEquals(0xF0, job.function().getAsInt());
        assertEquals(OperationClass.MANAGEMENT, job.operation());
        assertEquals(MessageRole.REQUEST, job.role());
        assertEquals(256, job.transactionId().getAsLong());
        assertEquals(480, pdu(job).function().get("pdu_size"));
        assertEquals(MessageRole.RESPONSE, ack.role());
        assertEquals(240, pdu(ack).function().get("pdu_size"));
        assertEquals(1, ack.requestFrame().getAsLong());
        assertEquals(1_000_000L, ack.latencyNanos().getAsLong());
        assertEquals("ack_data", pdu(ack).rosctr());
    }

    @Test
    void readVarRequestTouchesBytesBitsAndCounters() {
        byte[] parameters = concat(bytes(0x04, 0x03),     // read var, 3 items
                s7any(0x04, 2, 12, 0x84, 10, 0),          // DB12.DBW10, 2 WORDs
                s7any(0x01, 1, 0, 0x83, 3, 5),            // M3.5, one BIT
                s7any(0x1C, 2, 0, 0x1C, 5, 0));           // C5..C6 (counter number in the address)
        // the counter address is the number itself, not byte * 8
        parameters[parameters.length - 3] = 0x00;
        parameters[parameters.length - 2] = 0x00;
        parameters[parameters.length - 1] = 0x05;
        OtMessage message = new Feeder().feed(REQUEST, 1, dt(s7(0x01, 7, parameters, bytes()))).only();
        assertEquals(4, message.function().getAsInt());
        assertEquals(OperationClass.READ, message.operation());
        assertEquals(List.of(new PointRange("s7:DB12", 10, 4), new PointRange("s7:M:bit", 29, 1),
                new PointRange("s7:C", 5, 2)), message.ranges());
        List<S7Detail.Item> items = pdu(message).items();
        assertEquals("10.0", items.get(0).addressText());
        assertEquals("3.5", items.get(1).addressText());
        assertEquals("5", items.get(2).addressText());
        assertTrue(message.anomalies().isEmpty());
    }

    @Test
    void readVarResponseValuesUseTheRequestItems() {
        byte[] request = s7(0x01, 9, concat(bytes(0x04, 0x03),
                s7any(0x05, 2, 1, 0x84, 4, 0),            // DB1.DBW4: 2 INTs
                s7any(0x02, 1, 0, 0x83, 7, 0),            // MB7: 1 BYTE
                s7any(0x01, 1, 0, 0x82, 2, 1)), bytes()); // Q2.1: 1 BIT
        byte[] data = concat(
                dataItem(0xFF, 0x05, 32, bytes(0xFF, 0xFE, 0x00, 0x07)), // INTEGER, 32 bits: -2, 7
                dataItem(0xFF, 0x04, 8, bytes(0x81)), bytes(0x00),       // BYTE, 8 bits, then a fill byte
                dataItem(0xFF, 0x03, 1, bytes(0x01)));                   // BIT, 1 bit, last item: no fill
        byte[] response = s7Ack(0x03, 9, 0, 0, bytes(0x04, 0x03), data);
        Feeder feeder = new Feeder().feed(REQUEST, 1, dt(request)).feed(RESPONSE, 2, dt(response));
        OtMessage answer = feeder.messages().get(1);
        assertEquals(List.of(new PointValue("s7:DB1", 4, -2), new PointValue("s7:DB1", 6, 7),
                new PointValue("s7:M", 7, 129), new PointValue("s7:Q:bit", 17, 1)), answer.values());
        assertEquals(List.of(0xFF, 0xFF, 0xFF), pdu(answer).returnCodes());
        assertEquals(OperationClass.READ, answer.operation());
        assertTrue(answer.anomalies().isEmpty(), answer.anomalies().toString());
    }

    @Test
    void writeVarCarriesValuesAndTheResponseItsReturnCodes() {
        byte[] request = s7(0x01, 11, concat(bytes(0x05, 0x02),
                        s7any(0x08, 1, 3, 0x84, 8, 0),            // DB3.DBD8: 1 REAL
                        s7any(0x04, 1, 0, 0x82, 4, 0)),           // QW4: 1 WORD
                concat(dataItem(0x00, 0x07, 4, bytes(0x41, 0xAC, 0x00, 0x00)), // REAL, 4 bytes: 21.5
                        dataItem(0x00, 0x04, 16, bytes(0x12, 0x34))));         // WORD, 16 bits: 0x1234
        byte[] response = s7Ack(0x03, 11, 0, 0, bytes(0x05, 0x02), bytes(0xFF, 0x05));
        Feeder feeder = new Feeder().feed(REQUEST, 1, dt(request)).feed(RESPONSE, 2, dt(response));
        OtMessage write = feeder.messages().get(0);
        assertEquals(OperationClass.WRITE, write.operation());
        assertEquals(List.of(new PointRange("s7:DB3", 8, 4), new PointRange("s7:Q", 4, 2)), write.ranges());
        assertEquals(List.of(new PointValue("s7:DB3", 8, 21.5), new PointValue("s7:Q", 4, 0x1234)), write.values());
        OtMessage answer = feeder.messages().get(1);
        assertEquals(OperationClass.WRITE, answer.operation());
        assertEquals(List.of(0xFF, 0x05), pdu(answer).returnCodes());
        assertEquals(List.of("success", "address_out_of_range"),
                MessageRecord.fields(answer).get("return_codes"));
    }

    /** Block functions: function, status, 2 unknown, 4 bytes, file name length, file name. */
    private static byte[] blockJob(int function, int pduReference, String filename) {
        return s7(0x01, pduReference, concat(bytes(function, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                filename.length()), ascii(filename)), bytes());
    }

    @Test
    void downloadAndUploadNameBlockTypeAndNumber() {
        Feeder feeder = new Feeder()
                .feed(REQUEST, 1, dt(blockJob(0x1A, 1, "_0A00001P")))
                .feed(REQUEST, 2, dt(blockJob(0x1D, 2, "_0800035A")))
                .feed(REQUEST, 3, dt(s7(0x01, 3, bytes(0x1E, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07), bytes())));
        OtMessage download = feeder.messages().get(0);
        assertEquals(OperationClass.PROGRAM, download.operation());
        assertEquals("request_download", download.functionName());
        assertEquals("DB", pdu(download).function().get("block_type"));
        assertEquals(1, pdu(download).function().get("block_number"));
        OtMessage upload = feeder.messages().get(1);
        assertEquals(OperationClass.READ, upload.operation());
        assertEquals("OB", pdu(upload).function().get("block_type"));
        assertEquals(35, pdu(upload).function().get("block_number"));
        assertEquals("upload", feeder.messages().get(2).functionName());
    }

    @Test
    void piServicesAreClassedByServiceName() {
        // PI service: function 0x28, 7 unknown bytes, parameter block (count 1, unknown, "0A00001P"), name
        byte[] insert = s7(0x01, 1, concat(bytes(0x28, 0, 0, 0, 0, 0, 0, 0xFD, 0x00, 0x0A, 0x01, 0x00),
                ascii("0A00001P"), bytes(0x05), ascii("_INSE")), bytes());
        byte[] start = s7(0x01, 2, concat(bytes(0x28, 0, 0, 0, 0, 0, 0, 0xFD, 0x00, 0x00, 0x09),
                ascii("P_PROGRAM")), bytes());
        // PLC stop: function 0x29, 5 unknown bytes, name length, name
        byte[] stop = s7(0x01, 3, concat(bytes(0x29, 0, 0, 0, 0, 0, 0x09), ascii("P_PROGRAM")), bytes());
        List<OtMessage> messages = new Feeder().feed(REQUEST, 1, dt(insert)).feed(REQUEST, 2, dt(start))
                .feed(REQUEST, 3, dt(stop)).messages();
        assertEquals(OperationClass.PROGRAM, messages.get(0).operation());
        assertEquals("_INSE", pdu(messages.get(0)).function().get("pi_service"));
        assertEquals(List.of("DB1"), pdu(messages.get(0)).function().get("blocks"));
        assertEquals(OperationClass.CONTROL, messages.get(1).operation());
        assertEquals(0x28, messages.get(1).function().getAsInt());
        assertEquals(OperationClass.CONTROL, messages.get(2).operation());
        assertEquals("plc_stop", messages.get(2).functionName());
        assertEquals("P_PROGRAM", pdu(messages.get(2)).function().get("pi_service"));
    }

    @Test
    void ackWithErrorTakesTheFunctionOfItsRequestAndNamesTheError() {
        Feeder feeder = new Feeder().feed(REQUEST, 1, dt(blockJob(0x1D, 0x1500, "_0800000A")))
                .feed(RESPONSE, 2, dt(s7Ack(0x02, 0x1500, 0xD2, 0x0C, bytes(), bytes())));
        OtMessage ack = feeder.messages().get(1);
        assertEquals("ack", pdu(ack).rosctr());
        assertEquals(0x1D, ack.function().getAsInt());
        assertEquals(0xD20C, ack.exceptionCode());
        assertEquals("ob_priority_class_missing", ack.exceptionName());
        assertEquals(1, ack.requestFrame().getAsLong());
    }

    /** SZL request data: return code 0xFF, octet string, length 4, SZL id, index. */
    private static byte[] szlRequest(int pduReference, int id, int index) {
        return s7(0x07, pduReference, userdataRequest(4, 1),
                dataItem(0xFF, 0x09, 4, bytes(id >> 8, id & 0xFF, index >> 8, index & 0xFF)));
    }

    /** SZL response data: SZL id, index, record length, record count, records. */
    private static byte[] szlData(int id, int recordLength, byte[]... records) {
        return concat(bytes(id >> 8, id & 0xFF, 0x00, 0x00, 0x00, recordLength, 0x00, records.length),
                concat(records));
    }

    private static byte[] padded(String text, int length) {
        byte[] out = new byte[length];
        byte[] chars = ascii(text);
        System.arraycopy(chars, 0, out, 0, chars.length);
        return out;
    }

    @Test
    void szlModuleIdentificationBecomesIdentity() {
        byte[] records = szlData(0x0011, 28,
                concat(bytes(0x00, 0x01), padded("6ES7 315-2EH14-0AB0 ", 20), bytes(0x00, 0xC0, 0x00, 0x04, 0x00, 0x01)),
                concat(bytes(0x00, 0x07), padded("                    ", 20), bytes(0x00, 0xC0, 0x56, 0x03, 0x02, 0x06)));
        byte[] response = s7(0x07, 0x0100, userdataResponse(4, 1, 0, true, 0),
                dataItem(0xFF, 0x09, records.length, records));
        Feeder feeder = new Feeder().feed(REQUEST, 1, dt(szlRequest(0x0100, 0x0011, 0)))
                .feed(RESPONSE, 2, dt(response));
        OtMessage request = feeder.messages().get(0);
        assertEquals(0x1401, request.function().getAsInt());
        assertEquals(OperationClass.DIAGNOSTIC, request.operation());
        S7Detail.Userdata asked = pdu(request).userdata().orElseThrow();
        assertEquals(0x0011, asked.szlId().getAsInt());
        assertEquals(4, asked.group());
        assertEquals(1, asked.subfunction().getAsInt());
        OtMessage answer = feeder.messages().get(1);
        assertEquals(Map.of("order_number", "6ES7 315-2EH14-0AB0", "module_version", "1",
                "firmware_version", "V3.2.6"), answer.identity());
        assertEquals(1, answer.requestFrame().getAsLong());
        assertEquals("response", pdu(answer).userdata().orElseThrow().type());
    }

    @Test
    void szlComponentIdentificationAndModeAcrossTwoPdus() {
        byte[] records = szlData(0x001C, 34,
                concat(bytes(0x00, 0x01), padded("PLANT_A", 32)),
                concat(bytes(0x00, 0x02), padded("PLC_1", 32)),
                concat(bytes(0x00, 0x05), padded("S C-B1U393142011", 32)));
        byte[] first = java.util.Arrays.copyOfRange(records, 0, 50);
        byte[] rest = java.util.Arrays.copyOfRange(records, 50, records.length);
        Feeder feeder = new Feeder()
                .feed(RESPONSE, 2, dt(s7(0x07, 0x0200, userdataResponse(4, 1, 0xD5, false, 0),
                        dataItem(0xFF, 0x09, first.length, first))))
                .feed(RESPONSE, 4, dt(s7(0x07, 0x0300, userdataResponse(4, 1, 0xD5, true, 0),
                        dataItem(0xFF, 0x09, rest.length, rest))));
        OtMessage firstPiece = feeder.messages().get(0);
        assertTrue(firstPiece.identity().isEmpty());
        assertEquals("first", pdu(firstPiece).userdata().orElseThrow().fragment());
        assertTrue(pdu(firstPiece).userdata().orElseThrow().szlId().isEmpty());
        OtMessage lastPiece = feeder.messages().get(1);
        assertEquals(Map.of("plc_name", "PLANT_A", "module_name", "PLC_1", "serial_number", "S C-B1U393142011"),
                lastPiece.identity());
        assertEquals(0x001C, pdu(lastPiece).userdata().orElseThrow().szlId().getAsInt());

        // SZL 0x0424: ereig, ae, bzu-id (requested mode RUN, previous STOP), reserved, startup info, time
        byte[] mode = szlData(0x0424, 20, bytes(0x51, 0x44, 0xFF, 0x48, 0, 0, 0, 0, 0, 0, 0, 0,
                0x16, 0x02, 0x08, 0x14, 0x51, 0x37, 0x56, 0x92));
        feeder.feed(RESPONSE, 6, dt(s7(0x07, 0x0400, userdataResponse(4, 1, 0, true, 0),
                dataItem(0xFF, 0x09, mode.length, mode))));
        assertEquals(Map.of("cpu_mode", "RUN", "previous_cpu_mode", "STOP (internal)"),
                feeder.messages().get(2).identity());
    }

    @Test
    void blockFunctionsNameTheBlock() {
        // get block info: data "0A" (DB), "00042", file system 'A'
        byte[] info = s7(0x07, 0x0B00, userdataRequest(3, 3), dataItem(0xFF, 0x09, 8, ascii("0A00042A")));
        // list blocks of type: data "08" (OB)
        byte[] list = s7(0x07, 0x0C00, userdataRequest(3, 2), dataItem(0xFF, 0x09, 2, ascii("08")));
        List<OtMessage> messages = new Feeder().feed(REQUEST, 1, dt(info)).feed(REQUEST, 2, dt(list)).messages();
        assertEquals("get_block_info", messages.get(0).functionName());
        assertEquals(OperationClass.READ, messages.get(0).operation());
        assertEquals(Map.of("block_type", "DB", "block_number", 42), pdu(messages.get(0)).function());
        assertEquals(Map.of("block_type", "OB"), pdu(messages.get(1)).function());
    }

    @Test
    void modeTransitionPushReportsTheCurrentMode() {
        // mode transition: head 01 00 10, length 0x10, method 0, type push | group 0, mode 0 (STOP), sequence
        OtMessage message = new Feeder().feed(RESPONSE, 4,
                dt(s7(0x07, 0, bytes(0x01, 0x00, 0x10, 0x10, 0x00, 0x00, 0x00, 0x00), bytes()))).only();
        assertEquals(OperationClass.CONTROL, message.operation());
        assertEquals(MessageRole.RESPONSE, message.role());
        S7Detail.Userdata userdata = pdu(message).userdata().orElseThrow();
        assertEquals(0, userdata.group());
        assertTrue(userdata.subfunction().isEmpty());
        assertEquals("STOP", userdata.currentMode().orElseThrow());
        assertFalse(MessageRecord.fields(message).containsKey("subfunc"));
        assertEquals("userdata", MessageRecord.fields(message).get("rosctr"));
    }

    @Test
    void dbReadAndOtherSyntaxIdsAreRecognised() {
        byte[] parameters = concat(bytes(0x04, 0x02),
                // DB read (0xB0): spec 0x12, length 7, syntax, 1 area: 20 bytes of DB5 from byte 100
                bytes(0x12, 0x07, 0xB0, 0x01, 0x14, 0x00, 0x05, 0x00, 0x64),
                // S7-1200 symbolic (0xB2): spec 0x12, length 4, syntax, 3 opaque bytes
                bytes(0x12, 0x04, 0xB2, 0x01, 0x02, 0x03));
        OtMessage message = new Feeder().feed(REQUEST, 1, dt(s7(0x01, 1, parameters, bytes()))).only();
        assertEquals(List.of(new PointRange("s7:DB5", 100, 20)), message.ranges());
        assertEquals(List.of(0xB0, 0xB2), pdu(message).items().stream().map(S7Detail.Item::syntaxId).toList());
        assertTrue(message.anomalies().isEmpty());
    }

    /** Regression (s7ident.pcap frame 32): a failed item's length field does not announce a value. */
    @Test
    void failedReadItemsCarryNoValueWhateverTheirLength() {
        byte[] request = s7(0x01, 0x0A00, concat(bytes(0x04, 0x03), s7any(0x02, 16, 0, 0x83, 0, 0),
                s7any(0x02, 16, 0, 0x81, 0, 0), s7any(0x02, 16, 0, 0x82, 0, 0)), bytes());
        // each item: return code 0x0A (object does not exist), transport size 0, length 4, no value bytes
        byte[] response = s7Ack(0x03, 0x0A00, 0, 0, bytes(0x04, 0x03),
                bytes(0x0A, 0x00, 0x00, 0x04, 0x0A, 0x00, 0x00, 0x04, 0x0A, 0x00, 0x00, 0x04));
        OtMessage answer = new Feeder().feed(REQUEST, 1, dt(request)).feed(RESPONSE, 2, dt(response)).messages().get(1);
        assertEquals(List.of(0x0A, 0x0A, 0x0A), pdu(answer).returnCodes());
        assertTrue(answer.values().isEmpty());
        assertTrue(answer.anomalies().isEmpty(), answer.anomalies().toString());
    }

    /** Regression (wincc_s400_production.pcapng): a DB read answer holds per area a return code and the bytes. */
    @Test
    void dbReadAnswerValuesFollowTheRequestedAreas() {
        // DB read item: 3 areas: 2 bytes of DB74 from 108, 4 bytes of DB76 from 404, 2 bytes of DB81 from 60
        byte[] request = s7(0x01, 0x0D00, bytes(0x04, 0x01, 0x12, 0x11, 0xB0, 0x03,
                0x02, 0x00, 0x4A, 0x00, 0x6C, 0x04, 0x00, 0x4C, 0x01, 0x94, 0x02, 0x00, 0x51, 0x00, 0x3C), bytes());
        // one octet-string data item of 11 bytes: (FF 04 0A) (FF 05 44 05 3E) (FF 04 0A)
        byte[] response = s7Ack(0x03, 0x0D00, 0, 0, bytes(0x04, 0x01), dataItem(0xFF, 0x09, 11,
                bytes(0xFF, 0x04, 0x0A, 0xFF, 0x05, 0x44, 0x05, 0x3E, 0xFF, 0x04, 0x0A)));
        Feeder feeder = new Feeder().feed(REQUEST, 1, dt(request)).feed(RESPONSE, 2, dt(response));
        assertEquals(List.of(new PointRange("s7:DB74", 108, 2), new PointRange("s7:DB76", 404, 4),
                new PointRange("s7:DB81", 60, 2)), feeder.messages().get(0).ranges());
        assertEquals(List.of(new PointValue("s7:DB74", 108, 4), new PointValue("s7:DB74", 109, 10),
                new PointValue("s7:DB76", 404, 5), new PointValue("s7:DB76", 405, 0x44),
                new PointValue("s7:DB76", 406, 5), new PointValue("s7:DB76", 407, 0x3E),
                new PointValue("s7:DB81", 60, 4), new PointValue("s7:DB81", 61, 10)), feeder.messages().get(1).values());
    }

    /** Regression (wincc_s400_production.pcapng frame 22): cyclic subscriptions name their items. */
    @Test
    void cyclicSubscriptionTouchesItsItems() {
        // data: item count 1, time base 1 (1 s), interval 2, then an S7ANY item: MW10, 2 WORDs
        byte[] subscription = concat(bytes(0x00, 0x01, 0x01, 0x02), s7any(0x04, 2, 0, 0x83, 10, 0));
        OtMessage message = new Feeder().feed(REQUEST, 1, dt(s7(0x07, 0x0C00, userdataRequest(2, 5),
                dataItem(0xFF, 0x09, subscription.length, subscription)))).only();
        assertEquals("change_driven_transfer", message.functionName());
        assertEquals(OperationClass.READ, message.operation());
        assertEquals(List.of(new PointRange("s7:M", 10, 4)), message.ranges());
    }

    @Test
    void pduSpreadOverThreeDataTpdusIsReassembledAtTheLastOne() {
        byte[] write = s7(0x01, 0x31, concat(bytes(0x05, 0x01), s7any(0x02, 4, 9, 0x84, 0, 0)),
                dataItem(0x00, 0x04, 32, bytes(1, 2, 3, 4)));
        Feeder feeder = new Feeder()
                .feed(REQUEST, 1, dtMore(java.util.Arrays.copyOfRange(write, 0, 7)))
                .feed(REQUEST, 2, dtMore(java.util.Arrays.copyOfRange(write, 7, 20)));
        assertTrue(feeder.events.isEmpty());
        feeder.feed(REQUEST, 3, dt(java.util.Arrays.copyOfRange(write, 20, write.length)));
        OtMessage message = feeder.only();
        assertEquals(3, message.frame());
        assertEquals(List.of(new PointValue("s7:DB9", 0, 1), new PointValue("s7:DB9", 1, 2),
                new PointValue("s7:DB9", 2, 3), new PointValue("s7:DB9", 3, 4)), message.values());
    }

    @Test
    void reassemblyBeyondTheBoundIsDroppedAndTheNextPduParses() {
        DissectorConfig small = new DissectorConfig(Map.of(), 16, 15_000_000_000L, 128 * 1024, 8, 32);
        Feeder feeder = new Feeder(small)
                .feed(REQUEST, 1, dtMore(new byte[20]))
                .feed(REQUEST, 2, dtMore(new byte[20]))
                .feed(REQUEST, 3, dt(new byte[5]))
                .feed(REQUEST, 4, dt(SETUP_JOB));
        assertEquals("cotp_reassembly_overflow", feeder.malformed().get(0).reason());
        assertEquals(0xF0, feeder.only().function().getAsInt());
    }

    /** Regression: an overflow on the EOT TPDU used to void the next S7 PDU too (it kept discarding until an EOT). */
    @Test
    void overflowOnTheLastTpduDropsOnlyItsOwnPdu() {
        DissectorConfig small = new DissectorConfig(Map.of(), 16, 15_000_000_000L, 128 * 1024, 8, 32);
        Feeder feeder = new Feeder(small)
                .feed(REQUEST, 1, dtMore(new byte[20]))
                .feed(REQUEST, 2, dt(new byte[20]))
                .feed(REQUEST, 3, dt(SETUP_JOB));
        assertEquals(1, feeder.malformed().size());
        assertEquals("cotp_reassembly_overflow", feeder.malformed().get(0).reason());
        assertEquals(40, feeder.malformed().get(0).skippedBytes());
        assertEquals(3, feeder.only().frame());
        assertEquals(0xF0, feeder.only().function().getAsInt());
    }

    @Test
    void garbageBeforeAFrameIsSkippedWithOneMalformed() {
        Feeder feeder = new Feeder().feed(REQUEST, 1, concat(bytes(0x16, 0x03, 0x01, 0x02, 0x00, 0x03, 0x00),
                dt(SETUP_JOB)));
        assertEquals(1, feeder.malformed().size());
        assertEquals("bad_tpkt_header", feeder.malformed().get(0).reason());
        assertEquals(7, feeder.malformed().get(0).skippedBytes());
        assertEquals(0xF0, feeder.only().function().getAsInt());
    }

    @Test
    void gapVoidsPartialReassembly() {
        byte[] write = s7(0x01, 0x31, concat(bytes(0x05, 0x01), s7any(0x02, 1, 9, 0x84, 0, 0)),
                dataItem(0x00, 0x04, 8, bytes(7)));
        Feeder feeder = new Feeder().feed(REQUEST, 1, dtMore(java.util.Arrays.copyOfRange(write, 0, 10)))
                .gap(REQUEST, 2, 100)
                .feed(REQUEST, 3, dt(SETUP_JOB));
        assertEquals(0xF0, feeder.only().function().getAsInt());
        assertTrue(feeder.only().anomalies().isEmpty());
    }

    @Test
    void unknownPayloadIsFlagged() {
        OtMessage message = new Feeder().feed(REQUEST, 1, dt(bytes(0x99, 0x01, 0x02))).only();
        assertEquals(List.of("unknown_payload_protocol"), message.anomalies());
    }

    @Test
    void truncatedPduLengthsAreFlaggedNotTrusted() {
        byte[] job = s7(0x01, 5, concat(bytes(0x04, 0x01), s7any(0x02, 1, 0, 0x83, 0, 0)), bytes());
        job[7] = (byte) 0x40; // parameter length 64, more than present
        OtMessage message = new Feeder().feed(REQUEST, 1, dt(job)).only();
        assertTrue(message.anomalies().contains("truncated_pdu"), message.anomalies().toString());
        assertEquals(List.of(new PointRange("s7:M", 0, 1)), message.ranges());
    }

    @Test
    void unansweredRequestsExpireOnTick() {
        Feeder feeder = new Feeder().feed(REQUEST, 1, dt(SETUP_JOB));
        feeder.session.tick(1_000_000L + 16_000_000_000L, feeder.events::add);
        feeder.feed(RESPONSE, 2, dt(SETUP_ACK));
        assertTrue(feeder.messages().get(1).requestFrame().isEmpty());
    }

    @Test
    void severalTpktsInOneChunkGiveOneMessageEach() {
        Feeder feeder = new Feeder().feed(REQUEST, 1, concat(connectionRequest(0x0100, 0x0102), dt(SETUP_JOB),
                dt(szlRequest(0x0200, 0x0011, 0))));
        assertEquals(List.of("cotp_connection_request", "setup_communication", "read_szl"),
                feeder.messages().stream().map(OtMessage::functionName).toList());
    }

    @Test
    void everyProtocolIsS7commExceptS7commPlus() {
        OtMessage message = new Feeder().feed(REQUEST, 1, dt(SETUP_JOB)).only();
        assertEquals(S7Protocols.S7COMM, message.protocol());
        assertEquals(0, message.unit());
    }
}
