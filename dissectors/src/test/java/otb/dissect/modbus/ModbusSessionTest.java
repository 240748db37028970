package otb.dissect.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;
import static otb.dissect.modbus.ModbusFixtures.adu;
import static otb.dissect.modbus.ModbusFixtures.aduWithProtocol;
import static otb.dissect.modbus.ModbusFixtures.bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.Malformed;
import otb.dissect.MessageRecord;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtMessage;
import otb.dissect.PointRange;
import otb.dissect.PointValue;
import otb.dissect.modbus.ModbusFixtures.Feeder;

class ModbusSessionTest {

    // Read holding registers 107..109 of unit 17, transaction 0x0015 (clause 6.3 example).
    static final byte[] READ_REQUEST = adu(0x0015, 17,
            0x03,          // function 3
            0x00, 0x6B,    // starting address 107
            0x00, 0x03);   // quantity 3
    static final byte[] READ_RESPONSE = adu(0x0015, 17,
            0x03,          // function 3
            0x06,          // byte count 6
            0x02, 0x2B,    // 555
            0x00, 0x00,    // 0
            0xFF, 0x64);   // 65380
    // Write multiple registers 1..2 = 10, 258 (transaction 0x0016).
    static final byte[] WRITE_REQUEST = adu(0x0016, 17,
            0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0A, 0x01, 0x02);
    static final byte[] WRITE_RESPONSE = adu(0x0016, 17, 0x10, 0x00, 0x01, 0x00, 0x02);
    // Read 10 coils from 20 (transaction 0x0017).
    static final byte[] COILS_REQUEST = adu(0x0017, 17, 0x01, 0x00, 0x14, 0x00, 0x0A);
    static final byte[] COILS_RESPONSE = adu(0x0017, 17, 0x01, 0x02, 0xCD, 0x01);

    @Test
    void readResponseCarriesValuesAtTheRequestedAddresses() {
        Feeder feeder = new Feeder().request(READ_REQUEST, 4).response(READ_RESPONSE, 5);
        OtMessage request = feeder.messages().get(0);
        assertEquals(MessageRole.REQUEST, request.role());
        assertEquals(17, request.unit());
        assertEquals(0x15, request.transactionId().getAsLong());
        assertEquals(3, request.function().getAsInt());
        assertEquals("read_holding_registers", request.functionName());
        assertEquals(OperationClass.READ, request.operation());
        assertEquals(List.of(new PointRange("holding_register", 107, 3)), request.ranges());
        assertEquals(List.of(), request.values());

        OtMessage response = feeder.last();
        assertEquals(MessageRole.RESPONSE, response.role());
        assertEquals(4, response.requestFrame().getAsLong());
        assertEquals(1_000_000L, response.latencyNanos().getAsLong());
        assertEquals(List.of(new PointValue("holding_register", 107, 555), new PointValue("holding_register", 108, 0),
                new PointValue("holding_register", 109, 65380)), response.values());
        assertEquals(List.of(), response.anomalies());
        assertEquals(0, feeder.session.pendingRequests());
    }

    @Test
    void coilValuesStopAtTheRequestedQuantity() {
        OtMessage response = new Feeder().request(COILS_REQUEST, 1).response(COILS_RESPONSE, 2).last();
        assertEquals(10, response.values().size());
        // 0xCD = 1100 1101: coil 20 is the low bit.
        assertEquals(new PointValue("coil", 20, 1), response.values().get(0));
        assertEquals(new PointValue("coil", 21, 0), response.values().get(1));
        assertEquals(new PointValue("coil", 28, 1), response.values().get(8));
        assertEquals(new PointValue("coil", 29, 0), response.values().get(9));
    }

    @Test
    void writeRequestCarriesTheValuesWritten() {
        Feeder feeder = new Feeder().request(WRITE_REQUEST, 1).response(WRITE_RESPONSE, 2);
        OtMessage request = feeder.messages().get(0);
        assertEquals(OperationClass.WRITE, request.operation());
        assertEquals(List.of(new PointValue("holding_register", 1, 10), new PointValue("holding_register", 2, 258)),
                request.values());
        OtMessage response = feeder.last();
        assertEquals(OperationClass.WRITE, response.operation());
        assertEquals(List.of(new PointRange("holding_register", 1, 2)), response.ranges());
        assertEquals(List.of(), response.values());
    }

    @Test
    void singleWritesCarryTheirValue() {
        Feeder feeder = new Feeder()
                .request(adu(1, 1, 0x05, 0x00, 0xAC, 0xFF, 0x00), 1)   // coil 172 on
                .request(adu(2, 1, 0x06, 0x00, 0x01, 0x00, 0x03), 2);  // register 1 = 3
        assertEquals(List.of(new PointValue("coil", 172, 1)), feeder.messages().get(0).values());
        assertEquals(List.of(new PointValue("holding_register", 1, 3)), feeder.messages().get(1).values());
    }

    @Test
    void readWriteMultipleRegistersPairsTheReadPart() {
        Feeder feeder = new Feeder()
                .request(adu(9, 1, 0x17, 0x00, 0x03, 0x00, 0x02, 0x00, 0x0E, 0x00, 0x01, 0x02, 0x00, 0xFF), 1)
                .response(adu(9, 1, 0x17, 0x04, 0x00, 0xFE, 0x0A, 0xCD), 2);
        assertEquals(List.of(new PointValue("holding_register", 14, 255)), feeder.messages().get(0).values());
        assertEquals(List.of(new PointValue("holding_register", 3, 0xFE), new PointValue("holding_register", 4, 0x0ACD)),
                feeder.last().values());
        assertEquals(OperationClass.WRITE, feeder.last().operation());
    }

    @Test
    void fileRecordsHaveAddressesFileTimesTenThousandPlusRecord() {
        Feeder feeder = new Feeder()
                .request(adu(3, 1, 0x14, 0x07, 0x06, 0x00, 0x04, 0x00, 0x01, 0x00, 0x02), 1)
                .response(adu(3, 1, 0x14, 0x06, 0x05, 0x06, 0x0D, 0xFE, 0x00, 0x20), 2);
        assertEquals(List.of(new PointRange("file_record", 40_001, 2)), feeder.messages().get(0).ranges());
        assertEquals(List.of(new PointValue("file_record", 40_001, 0x0DFE), new PointValue("file_record", 40_002, 0x20)),
                feeder.last().values());
    }

    @Test
    void exceptionResponseTakesTheRequestsClassAndNamesTheCode() {
        OtMessage response = new Feeder().request(WRITE_REQUEST, 1)
                .response(adu(0x0016, 17, 0x90, 0x02), 2).last();
        assertEquals(16, response.function().getAsInt());
        assertEquals(2, response.exceptionCode());
        assertEquals("illegal_data_address", response.exceptionName());
        assertEquals(OperationClass.WRITE, response.operation());
        assertTrue(response.anomalies().contains("exception_response"));
        assertEquals(List.of(), response.values());
    }

    @Test
    void allExceptionCodesAreNamed() {
        for (int code : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 10, 11}) {
            assertFalse(ModbusFunctions.exceptionName(code).startsWith("unknown"), "code " + code);
        }
        assertEquals("unknown_exception_9", ModbusFunctions.exceptionName(9));
    }

    @Test
    void diagnosticsRestartIsManagementAndListenOnlyIsControl() {
        Feeder feeder = new Feeder()
                .request(adu(1, 1, 0x08, 0x00, 0x01, 0x00, 0x00), 1)   // restart communications
                .request(adu(2, 1, 0x08, 0x00, 0x04, 0x00, 0x00), 2)   // force listen-only mode
                .request(adu(3, 1, 0x08, 0x00, 0x00, 0x12, 0x34), 3)   // return query data
                .response(adu(1, 1, 0x08, 0x00, 0x01, 0x00, 0x00), 4);
        List<OtMessage> messages = feeder.messages();
        assertEquals(OperationClass.MANAGEMENT, messages.get(0).operation());
        assertEquals(OperationClass.CONTROL, messages.get(1).operation());
        assertEquals(OperationClass.DIAGNOSTIC, messages.get(2).operation());
        assertEquals(OperationClass.MANAGEMENT, messages.get(3).operation());
        assertEquals("restart_communications_option", messages.get(0).detail().fields().get("sub_function_name"));
    }

    @Test
    void anEchoNamingAnotherSubFunctionIsNamedAsItsRequestEveryTime() {
        // Return query data answered by an echo that says "clear counters": the answer takes its
        // request's name and class, every time.
        Feeder feeder = new Feeder();
        for (int cycle = 0; cycle < 3; cycle++) {
            feeder.request(adu(10 + cycle, 1, 0x08, 0x00, 0x00, 0x12, 0x34), 2 * cycle + 1)
                    .response(adu(10 + cycle, 1, 0x08, 0x00, 0x0A, 0x12, 0x34), 2 * cycle + 2);
        }
        List<OtMessage> messages = feeder.messages();
        assertEquals(6, messages.size());
        for (int cycle = 0; cycle < 3; cycle++) {
            OtMessage request = messages.get(2 * cycle);
            OtMessage response = messages.get(2 * cycle + 1);
            assertEquals(request.functionName(), response.functionName(), "cycle " + cycle);
            assertEquals(OperationClass.DIAGNOSTIC, response.operation(), "cycle " + cycle);
            assertEquals(2L * cycle + 1, response.requestFrame().getAsLong(), "cycle " + cycle);
        }
        // A plain echo of the same sub-function, seen twice, says the same both times.
        feeder.request(adu(20, 1, 0x08, 0x00, 0x00, 0x12, 0x34), 7).response(adu(20, 1, 0x08, 0x00, 0x00, 0x12, 0x34), 8)
                .request(adu(21, 1, 0x08, 0x00, 0x00, 0x12, 0x34), 9).response(adu(21, 1, 0x08, 0x00, 0x00, 0x12, 0x34), 10);
        OtMessage second = feeder.last();
        OtMessage first = feeder.messages().get(7);
        assertEquals(messages.get(0).functionName(), second.functionName());
        assertEquals(first.functionName(), second.functionName());
        assertEquals(first.operation(), second.operation());
        assertEquals(first.ranges(), second.ranges());
        assertEquals(first.values(), second.values());
        assertEquals(first.detail().fields(), second.detail().fields());
    }

    @Test
    void umasSubFunctionsAreClassedAndTheResponseLearnsItsRequest() {
        Feeder feeder = new Feeder()
                .request(adu(1, 0, 0x5A, 0x07, 0x41), 1)              // UMAS stop PLC, pairing key 7
                .response(adu(1, 0, 0x5A, 0x07, 0xFE), 2)             // OK
                .request(adu(2, 0, 0x5A, 0x07, 0x34, 0x00, 0x01), 3)  // download block
                .request(adu(3, 0, 0x5A, 0x07, 0x22, 0x00), 4);       // read variables
        List<OtMessage> messages = feeder.messages();
        assertEquals(OperationClass.CONTROL, messages.get(0).operation());
        assertEquals("umas", messages.get(0).functionName());
        assertEquals("stop_plc", messages.get(0).detail().fields().get("umas_function_name"));
        assertEquals(OperationClass.CONTROL, messages.get(1).operation());
        assertEquals("stop_plc", messages.get(1).detail().fields().get("umas_function_name"));
        assertEquals("response_ok", messages.get(1).detail().fields().get("umas_status"));
        assertEquals(OperationClass.PROGRAM, messages.get(2).operation());
        assertEquals(OperationClass.READ, messages.get(3).operation());
    }

    @Test
    void deviceIdentificationBecomesIdentity() {
        Feeder feeder = new Feeder()
                .request(adu(5, 255, 0x2B, 0x0E, 0x02, 0x00), 1)
                .response(adu(5, 255, 0x2B, 0x0E, 0x02, 0x02, 0x00, 0x00, 0x05,
                        0x00, 0x03, 'A', 'B', 'B',                // vendor name
                        0x01, 0x02, 'X', '1',                     // product code
                        0x02, 0x03, '1', '.', '2',                // revision
                        0x03, 0x04, 'w', 'w', 'w', '.',           // vendor url
                        0x06, 0x02, 'a', 'p'), 2);                // user application name
        OtMessage request = feeder.messages().get(0);
        assertEquals("read_device_identification", request.functionName());
        assertEquals(OperationClass.DIAGNOSTIC, request.operation());
        OtMessage response = feeder.last();
        assertEquals(Map.of("vendor", "ABB", "product_code", "X1", "revision", "1.2", "vendor_url", "www.",
                "user_application_name", "ap"), response.identity());
        assertEquals(List.of(), response.anomalies());
    }

    @Test
    void userDefinedFunctionsAreNamedAndOther() {
        OtMessage message = new Feeder().request(adu(1, 1, 0x41, 0x01), 1).last();
        assertEquals("user_defined_65", message.functionName());
        assertEquals(OperationClass.OTHER, message.operation());
        assertEquals(List.of(), message.anomalies());
    }

    @Test
    void unpairedResponseCarriesNoValues() {
        OtMessage response = new Feeder().response(READ_RESPONSE, 1).last();
        assertEquals(List.of("unpaired_response"), response.anomalies());
        assertEquals(List.of(), response.values());
        assertTrue(response.requestFrame().isEmpty());
        assertEquals(OperationClass.READ, response.operation());
    }

    @Test
    void duplicateOutstandingTransactionIdIsFlagged() {
        Feeder feeder = new Feeder().request(READ_REQUEST, 1).request(READ_REQUEST, 2).response(READ_RESPONSE, 3);
        assertEquals(List.of(), feeder.messages().get(0).anomalies());
        assertEquals(List.of("duplicate_transaction_id"), feeder.messages().get(1).anomalies());
        assertEquals(1, feeder.last().requestFrame().getAsLong()); // answered in order: the older first
        assertEquals(1, feeder.session.pendingRequests());
        feeder.response(READ_RESPONSE, 4);
        assertEquals(2, feeder.last().requestFrame().getAsLong());
        assertEquals(List.of(), feeder.last().anomalies());
    }

    @Test
    void sameTransactionIdOnAnotherUnitIsNotADuplicate() {
        Feeder feeder = new Feeder().request(READ_REQUEST, 1).request(adu(0x0015, 18, 0x03, 0, 1, 0, 1), 2);
        assertEquals(List.of(), feeder.last().anomalies());
        assertEquals(2, feeder.session.pendingRequests());
    }

    @Test
    void pendingStateIsBounded() {
        DissectorConfig config = new DissectorConfig(Map.of(), 4, 15_000_000_000L, 128 * 1024, 8, 64 * 1024);
        Feeder feeder = new Feeder(config);
        for (int txid = 0; txid < 10; txid++) {
            feeder.request(adu(txid, 1, 0x03, 0, 0, 0, 1), txid + 1);
        }
        assertEquals(4, feeder.session.pendingRequests());
        assertTrue(feeder.last().anomalies().contains("pending_requests_full"));
        // The oldest were forgotten: the answer to transaction 0 is unpaired now, 9's is paired.
        feeder.response(adu(0, 1, 0x03, 0x02, 0, 7), 20).response(adu(9, 1, 0x03, 0x02, 0, 7), 21);
        List<OtMessage> messages = feeder.messages();
        assertEquals(List.of("unpaired_response"), messages.get(10).anomalies());
        assertEquals(10, messages.get(11).requestFrame().getAsLong());
    }

    @Test
    void timeoutIsReportedOnTheNextMessageAndALateResponseIsStillPaired() {
        Feeder feeder = new Feeder().request(READ_REQUEST, 1); // at 1 ms
        feeder.session.tick(10_000_000_000L, event -> feeder.events.add(event));  // 10 s: not yet
        assertEquals(1, feeder.session.pendingRequests());
        feeder.session.tick(16_000_000_000L, event -> feeder.events.add(event));  // 16 s: timed out
        assertEquals(0, feeder.session.pendingRequests());
        assertEquals(1, feeder.session.requestsTimedOut());
        assertEquals(1, feeder.events.size()); // no event made up for the timeout
        feeder.request(WRITE_REQUEST, 2);
        OtMessage next = feeder.last();
        assertTrue(next.anomalies().contains("request_timeout"));
        assertEquals(List.of(1L), next.detail().fields().get("timed_out_request_frames"));
        feeder.response(READ_RESPONSE, 3);
        OtMessage late = feeder.last();
        assertEquals(List.of("late_response"), late.anomalies());
        assertEquals(1, late.requestFrame().getAsLong());
        assertEquals(3, late.values().size());
        feeder.response(WRITE_RESPONSE, 4);
        assertEquals(List.of(), feeder.last().anomalies()); // the timeout is reported once
    }

    @Test
    void closeCountsWhatIsStillOutstanding() {
        Feeder feeder = new Feeder().request(READ_REQUEST, 1).request(WRITE_REQUEST, 2);
        feeder.session.close(3_000_000L, event -> feeder.events.add(event));
        assertEquals(2, feeder.session.unansweredAtClose());
        assertEquals(2, feeder.events.size());
    }

    /** Every chunk size, both directions interleaved per chunk: the same messages as whole ADUs. */
    @Test
    void everyChunkSizeGivesTheSameMessages() {
        byte[] requests = concat(READ_REQUEST, WRITE_REQUEST, COILS_REQUEST);
        byte[] responses = concat(READ_RESPONSE, WRITE_RESPONSE, COILS_RESPONSE);
        List<String> expected = summaries(new Feeder().request(READ_REQUEST, 1).request(WRITE_REQUEST, 2)
                .request(COILS_REQUEST, 3).response(READ_RESPONSE, 4).response(WRITE_RESPONSE, 5)
                .response(COILS_RESPONSE, 6));
        assertEquals(6, expected.size());
        for (int size = 1; size <= requests.length; size++) {
            Feeder feeder = new Feeder()
                    .chunked(Direction.TO_SERVER, requests, size, 1)
                    .chunked(Direction.TO_CLIENT, responses, size, 1000);
            assertEquals(expected, summaries(feeder), "chunk size " + size);
            assertEquals(List.of(), feeder.malformed(), "chunk size " + size);
            assertEquals(0, feeder.buffered(Direction.TO_SERVER));
            assertEquals(0, feeder.session.pendingRequests());
        }
    }

    /** Each ADU split at every position into two segments. */
    @Test
    void everySplitPointOfEveryFixture() {
        for (byte[] adu : List.of(READ_REQUEST, WRITE_REQUEST, COILS_REQUEST)) {
            String whole = summaries(new Feeder().request(adu, 1)).get(0);
            for (int split = 1; split < adu.length; split++) {
                Feeder feeder = new Feeder();
                feeder.request(java.util.Arrays.copyOfRange(adu, 0, split), 1);
                assertEquals(0, feeder.messages().size(), "nothing before the ADU is complete");
                feeder.request(java.util.Arrays.copyOfRange(adu, split, adu.length), 2);
                assertEquals(List.of(whole), summaries(feeder));
                assertEquals(2, feeder.last().frame()); // the frame that completed the ADU
            }
        }
    }

    @Test
    void threeAdusInOneSegmentShareTheFrame() {
        Feeder feeder = new Feeder().request(concat(READ_REQUEST, WRITE_REQUEST, COILS_REQUEST), 7);
        assertEquals(3, feeder.messages().size());
        for (OtMessage message : feeder.messages()) {
            assertEquals(7, message.frame());
        }
        assertEquals(List.of(0x15L, 0x16L, 0x17L), feeder.messages().stream()
                .map(m -> m.transactionId().getAsLong()).toList());
    }

    @Test
    void gapInTheMiddleOfAnAduDropsItAndTheNextOneParses() {
        Feeder feeder = new Feeder();
        feeder.request(java.util.Arrays.copyOfRange(READ_REQUEST, 0, 5), 1);
        feeder.gap(Direction.TO_SERVER, 100);
        feeder.request(WRITE_REQUEST, 3);
        assertEquals(1, feeder.messages().size());
        assertEquals(16, feeder.last().function().getAsInt());
        assertEquals(List.of(), feeder.malformed());
    }

    @Test
    void dataResumingInsideAnAduAfterAGapIsSkippedToTheNextHeader() {
        Feeder feeder = new Feeder();
        feeder.gap(Direction.TO_SERVER, 5);
        // The last 7 bytes of a write request, then a whole read request, in one segment.
        byte[] tail = java.util.Arrays.copyOfRange(WRITE_REQUEST, WRITE_REQUEST.length - 7, WRITE_REQUEST.length);
        feeder.request(concat(tail, READ_REQUEST), 2);
        assertEquals(1, feeder.messages().size());
        assertEquals(3, feeder.last().function().getAsInt());
        assertEquals(1, feeder.malformed().size());
        assertEquals(7, feeder.malformed().get(0).skippedBytes());
    }

    @Test
    void lengthOutOfRangeIsMalformedAndTheStreamResynchronises() {
        byte[] broken = bytes(0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x03, 0x00); // length 256
        Feeder feeder = new Feeder().request(concat(broken, READ_REQUEST), 1);
        List<Malformed> malformed = feeder.malformed();
        assertEquals(1, malformed.size());
        assertEquals("length_out_of_range", malformed.get(0).reason());
        assertEquals(broken.length, malformed.get(0).skippedBytes());
        assertEquals(ModbusProtocol.DESCRIPTOR, malformed.get(0).protocol());
        assertEquals(1, feeder.messages().size());
        assertEquals(0x15, feeder.last().transactionId().getAsLong());
    }

    @Test
    void lengthZeroNeverLoops() {
        Feeder feeder = new Feeder().request(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 1);
        assertEquals(0, feeder.messages().size());
        assertFalse(feeder.malformed().isEmpty());
        assertTrue(feeder.buffered(Direction.TO_SERVER) <= 7);
    }

    @Test
    void nonZeroProtocolIdWithAPublicFunctionIsFlaggedNotDropped() {
        Feeder feeder = new Feeder().request(aduWithProtocol(1, 0x0001, 1, 0x03, 0, 0, 0, 1), 1);
        assertEquals(1, feeder.messages().size());
        assertTrue(feeder.last().anomalies().contains("protocol_id_not_zero"));
        assertEquals(1, feeder.last().detail().fields().get("protocol_id"));
    }

    @Test
    void nonZeroProtocolIdWithAnUnassignedFunctionIsMalformed() {
        // A DCE/RPC bind answered by a server echoing the first 4 bytes: proto 0x0b03, fc 0x80.
        Feeder feeder = new Feeder().response(hex("05000b030003008001"), 1);
        assertEquals(0, feeder.messages().size());
        assertEquals("protocol_id_not_zero", feeder.malformed().get(0).reason());
    }

    @Test
    void requestsGoTowardsTheModbusPortWhoeverOpenedTheConnection() {
        Flow reversed = new Flow(2, 0, Transport.TCP, IpAddress.parse("10.0.0.2"), 502,
                IpAddress.parse("10.0.0.1"), 40000, 0, 0, 0, true);
        ModbusSession session = (ModbusSession) new ModbusDissector().newSession(reversed, DissectorConfig.defaults());
        List<OtMessage> out = new ArrayList<>();
        otb.dissect.StreamContext context = new otb.dissect.StreamContext(reversed, Direction.TO_CLIENT, "t", 1, 1);
        session.parse(java.nio.ByteBuffer.wrap(READ_REQUEST), context, e -> out.add((OtMessage) e));
        assertEquals(MessageRole.REQUEST, out.get(0).role());
        assertEquals(IpAddress.parse("10.0.0.2"), out.get(0).serverAddress());
    }

    @Test
    void recordHasTheDocumentedFields() {
        Feeder feeder = new Feeder().request(READ_REQUEST, 4).response(READ_RESPONSE, 5);
        String line = MessageRecord.jsonLine(feeder.last());
        assertTrue(line.contains("\"proto\":\"modbus\""), line);
        assertTrue(line.contains("\"func\":3"), line);
        assertTrue(line.contains("\"txid\":21"), line);
        assertTrue(line.contains("\"unit\":17"), line);
        assertTrue(line.contains("\"request_frame\":4"), line);
        assertTrue(line.contains("\"mbap_length\":9"), line);
        assertTrue(line.contains("\"byte_count\":6"), line);
    }

    @Test
    void everyFunctionNameIsSnakeCase() {
        Set<String> seen = new java.util.HashSet<>();
        for (int code = 1; code < 128; code++) {
            String name = ModbusFunctions.name(code);
            assertTrue(name.matches("[a-z][a-z0-9_]*"), name);
            assertTrue(seen.add(name), "duplicate " + name);
        }
    }

    /** One request and its response per function code (clause 6 examples), transaction ids 1.. */
    static final List<byte[][]> EVERY_FUNCTION = List.of(
            new byte[][] {adu(1, 1, 0x01, 0x00, 0x13, 0x00, 0x13), adu(1, 1, 0x01, 0x03, 0xCD, 0x6B, 0x05)},
            new byte[][] {adu(2, 1, 0x02, 0x00, 0xC4, 0x00, 0x16), adu(2, 1, 0x02, 0x03, 0xAC, 0xDB, 0x35)},
            new byte[][] {adu(3, 1, 0x03, 0x00, 0x6B, 0x00, 0x03), adu(3, 1, 0x03, 0x06, 0x02, 0x2B, 0, 0, 0, 0x64)},
            new byte[][] {adu(4, 1, 0x04, 0x00, 0x08, 0x00, 0x01), adu(4, 1, 0x04, 0x02, 0x00, 0x0A)},
            new byte[][] {adu(5, 1, 0x05, 0x00, 0xAC, 0xFF, 0x00), adu(5, 1, 0x05, 0x00, 0xAC, 0xFF, 0x00)},
            new byte[][] {adu(6, 1, 0x06, 0x00, 0x01, 0x00, 0x03), adu(6, 1, 0x06, 0x00, 0x01, 0x00, 0x03)},
            new byte[][] {adu(7, 1, 0x07), adu(7, 1, 0x07, 0x6D)},
            new byte[][] {adu(8, 1, 0x08, 0x00, 0x00, 0xA5, 0x37), adu(8, 1, 0x08, 0x00, 0x00, 0xA5, 0x37)},
            new byte[][] {adu(9, 1, 0x0B), adu(9, 1, 0x0B, 0xFF, 0xFF, 0x01, 0x08)},
            new byte[][] {adu(10, 1, 0x0C), adu(10, 1, 0x0C, 0x08, 0, 0, 0x01, 0x08, 0x01, 0x21, 0x20, 0x00)},
            new byte[][] {adu(11, 1, 0x0F, 0x00, 0x13, 0x00, 0x0A, 0x02, 0xCD, 0x01), adu(11, 1, 0x0F, 0x00, 0x13, 0x00, 0x0A)},
            new byte[][] {adu(12, 1, 0x10, 0x00, 0x01, 0x00, 0x02, 0x04, 0x00, 0x0A, 0x01, 0x02),
                    adu(12, 1, 0x10, 0x00, 0x01, 0x00, 0x02)},
            new byte[][] {adu(13, 1, 0x11), adu(13, 1, 0x11, 0x03, 0x42, 0xFF, 0x01)},
            new byte[][] {adu(14, 1, 0x14, 0x07, 0x06, 0x00, 0x04, 0x00, 0x01, 0x00, 0x02),
                    adu(14, 1, 0x14, 0x06, 0x05, 0x06, 0x0D, 0xFE, 0x00, 0x20)},
            new byte[][] {adu(15, 1, 0x15, 0x09, 0x06, 0x00, 0x04, 0x00, 0x07, 0x00, 0x01, 0x06, 0xAF),
                    adu(15, 1, 0x15, 0x09, 0x06, 0x00, 0x04, 0x00, 0x07, 0x00, 0x01, 0x06, 0xAF)},
            new byte[][] {adu(16, 1, 0x16, 0x00, 0x04, 0x00, 0xF2, 0x00, 0x25), adu(16, 1, 0x16, 0x00, 0x04, 0x00, 0xF2, 0x00, 0x25)},
            new byte[][] {adu(17, 1, 0x17, 0x00, 0x03, 0x00, 0x01, 0x00, 0x0E, 0x00, 0x01, 0x02, 0x00, 0xFF),
                    adu(17, 1, 0x17, 0x02, 0x00, 0xFE)},
            new byte[][] {adu(18, 1, 0x18, 0x04, 0xDE), adu(18, 1, 0x18, 0x00, 0x06, 0x00, 0x02, 0x01, 0xB8, 0x12, 0x84)},
            new byte[][] {adu(19, 1, 0x2B, 0x0E, 0x01, 0x00),
                    adu(19, 1, 0x2B, 0x0E, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x02, 'O', 'K')},
            new byte[][] {adu(20, 1, 0x2B, 0x0D, 0x00, 0x01), adu(20, 1, 0x2B, 0x0D, 0x00, 0x01)},
            new byte[][] {adu(21, 0, 0x5A, 0x00, 0x40), adu(21, 0, 0x5A, 0x00, 0xFE)},
            new byte[][] {adu(22, 1, 0x41, 0x01, 0x02), adu(22, 1, 0x41, 0x03)},
            new byte[][] {adu(23, 1, 0x03, 0x00, 0x00, 0x00, 0x7D), adu(23, 1, 0x83, 0x02)});

    @Test
    void everyFunctionFixtureFramesInEveryChunkSize() {
        byte[][] requests = EVERY_FUNCTION.stream().map(pair -> pair[0]).toArray(byte[][]::new);
        byte[][] responses = EVERY_FUNCTION.stream().map(pair -> pair[1]).toArray(byte[][]::new);
        Feeder whole = new Feeder();
        for (int i = 0; i < requests.length; i++) {
            whole.request(requests[i], 1 + i);
        }
        for (int i = 0; i < responses.length; i++) {
            whole.response(responses[i], 100 + i);
        }
        List<String> expected = summaries(whole);
        assertEquals(2 * EVERY_FUNCTION.size(), expected.size());
        for (OtMessage m : whole.messages()) {
            // Every fixture is well formed: the only flag is the exception response's own.
            assertEquals(m.isException() ? List.of("exception_response") : List.of(), m.anomalies(), m.toString());
            assertTrue(m.role() == MessageRole.REQUEST || m.requestFrame().isPresent());
        }
        byte[] requestStream = concat(requests);
        byte[] responseStream = concat(responses);
        for (int size = 1; size <= 64; size++) {
            Feeder feeder = new Feeder().chunked(Direction.TO_SERVER, requestStream, size, 1)
                    .chunked(Direction.TO_CLIENT, responseStream, size, 1000);
            assertEquals(expected, summaries(feeder), "chunk size " + size);
            assertEquals(List.of(), feeder.malformed());
        }
    }

    @Test
    void requestsOutstandingAcrossAResponseGapNeverTimeOut() {
        Feeder feeder = new Feeder().request(READ_REQUEST, 1).request(WRITE_REQUEST, 2);
        feeder.gap(Direction.TO_CLIENT, 40); // the answers may have been in the hole
        feeder.response(WRITE_RESPONSE, 3);  // one still comes after the gap, and pairs
        assertEquals(2, feeder.last().requestFrame().getAsLong());
        assertEquals(List.of(), feeder.last().anomalies());
        feeder.session.tick(60_000_000_000L, event -> feeder.events.add(event));
        assertEquals(0, feeder.session.requestsTimedOut());
        assertEquals(1, feeder.session.requestsLostInGaps());
        feeder.request(COILS_REQUEST, 4);
        assertEquals(List.of(), feeder.last().anomalies()); // no request_timeout made up
    }

    /** What must not depend on how the bytes were chunked. */
    private static List<String> summaries(Feeder feeder) {
        List<String> out = new ArrayList<>();
        for (OtMessage m : feeder.messages()) {
            out.add(m.role() + " " + m.unit() + " " + m.transactionId() + " " + m.function() + " " + m.operation()
                    + " " + m.ranges() + " " + m.values() + " " + m.anomalies() + " " + m.exceptionCode()
                    + " " + m.detail().fields());
        }
        return out;
    }
}
