package otb.dissect.iec104;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;
import static otb.dissect.iec104.Iec104Bytes.information;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import otb.capture.Direction;
import otb.dissect.DissectorConfig;
import otb.dissect.Malformed;
import otb.dissect.MessageRecord;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtMessage;
import otb.dissect.PointRange;
import otb.dissect.PointValue;
import org.junit.jupiter.api.Test;

class Iec104SessionTest {

    @Test
    void uFramesAreLinkMessagesNamedByTheirFunction() {
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder()
                .toServer(Iec104Bytes.unnumbered(Iec104Frames.STARTDT_ACT))
                .toClient(Iec104Bytes.unnumbered(Iec104Frames.STARTDT_CON))
                .toClient(Iec104Bytes.unnumbered(Iec104Frames.TESTFR_ACT));
        List<OtMessage> messages = feeder.messages();
        assertEquals(List.of("startdt_act", "startdt_con", "testfr_act"),
                messages.stream().map(OtMessage::functionName).toList());
        assertEquals(List.of(MessageRole.REQUEST, MessageRole.RESPONSE, MessageRole.RESPONSE),
                messages.stream().map(OtMessage::role).toList(), "roles follow the direction: the station on 2404 responds");
        for (OtMessage message : messages) {
            assertEquals(OptionalInt.empty(), message.function());
            assertEquals(OperationClass.LINK, message.operation());
            assertEquals(0, message.unit());
            assertEquals(List.of(), message.anomalies());
        }
        Map<String, Object> record = MessageRecord.fields(messages.get(0));
        assertEquals("iec104", record.get("proto"));
        assertFalse(record.containsKey("func"));
        assertEquals("u", record.get("apci"));
        assertEquals(7, record.get("u_control"));
    }

    @Test
    void sFramesCarryTheReceiveSequence() {
        OtMessage message = new Iec104Bytes.Feeder().toServer(Iec104Bytes.supervisory(300)).messages().get(0);
        assertEquals("supervisory", message.functionName());
        assertEquals(OperationClass.LINK, message.operation());
        assertEquals(300, MessageRecord.fields(message).get("recv_seq"));
    }

    @Test
    void aMonitorAsduGivesTypeCauseAddressesAndValues() {
        byte[] apdu = information(1, 1, Iec104Frames.NORMALISED_SEQUENCE);
        OtMessage message = new Iec104Bytes.Feeder().toClient(apdu).messages().get(0);
        assertEquals(OptionalInt.of(9), message.function());
        assertEquals("m_me_na_1", message.functionName());
        assertEquals(OperationClass.READ, message.operation());
        assertEquals(MessageRole.RESPONSE, message.role());
        assertEquals(1, message.unit(), "the common address is the unit");
        assertEquals(List.of(new PointRange("measured_value", 2001, 3)), message.ranges());
        assertEquals(List.of(new PointValue("measured_value", 2001, 0.5), new PointValue("measured_value", 2002, -0.5),
                new PointValue("measured_value", 2003, 32767 / 32768.0)), message.values());
        Map<String, Object> record = MessageRecord.fields(message);
        assertEquals(1, record.get("send_seq"));
        assertEquals(1, record.get("recv_seq"));
        assertEquals(true, record.get("sq"));
        assertEquals(3, record.get("count"));
        assertEquals(20, record.get("cot"));
        assertEquals("interrogated_by_station", record.get("cot_name"));
        assertEquals(List.of(Map.of("ioa", 2001L, "value", 0.5), Map.of("ioa", 2002L, "value", -0.5),
                Map.of("ioa", 2003L, "value", 32767 / 32768.0, "quality", List.of("ov"))), record.get("objects"));
        assertEquals(OptionalLong.empty(), message.transactionId(), "N(S) counts frames, not transactions");
    }

    @Test
    void elementsOfEveryFixtureDecodeAsTheirCommentsSay() {
        assertEquals(List.of(new PointValue("measured_value", 3001, 1234), new PointValue("measured_value", 3005, -200)),
                monitor(Iec104Frames.SCALED).values());
        assertEquals(List.of(new PointValue("integrated_total", 4001, 100000)), monitor(Iec104Frames.INTEGRATED_TOTAL).values());
        assertEquals(List.of(Map.of("ioa", 4001L, "value", 100000.0, "quality", List.of("carry"), "counter_sequence", 1)),
                MessageRecord.fields(monitor(Iec104Frames.INTEGRATED_TOTAL)).get("objects"));
        OtMessage singlePoint = monitor(Iec104Frames.SINGLE_POINT_TIME);
        assertEquals(List.of(new PointValue("single_point", 1001, 1)), singlePoint.values());
        assertEquals(List.of(Map.of("ioa", 1001L, "value", 1.0, "time", "2026-12-07T10:30:12.345")),
                MessageRecord.fields(singlePoint).get("objects"));
        OtMessage doublePoint = monitor(Iec104Frames.DOUBLE_POINT_TIME);
        assertEquals(List.of(new PointValue("double_point", 1101, 2)), doublePoint.values());
        assertEquals(true, MessageRecord.fields(doublePoint).get("test"));
        assertEquals(List.of(new PointValue("measured_value", 5001, 1.5)), monitor(Iec104Frames.FLOAT_TIME).values());
        assertEquals(List.of(new PointValue("measured_value", 3001, -1)), monitor(Iec104Frames.SCALED_TIME).values());
        assertEquals(List.of(Map.of("ioa", 1001L, "value", 0.0, "time", "05:00.500")),
                MessageRecord.fields(monitor(Iec104Frames.SINGLE_POINT_CP24)).get("objects"));
        assertEquals(List.of(new PointValue("step_position", 6001, -1), new PointValue("step_position", 6002, 5)),
                monitor(Iec104Frames.STEP_POSITIONS).values());
        assertEquals(List.of(new PointValue("bitstring", 6101, 0x12345678)), monitor(Iec104Frames.BITSTRING).values());
    }

    private static OtMessage monitor(String asdu) {
        return new Iec104Bytes.Feeder().toClient(information(0, 0, asdu)).messages().get(0);
    }

    @Test
    void aCommandCarriesItsValueAndPairsWithItsConfirmation() {
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder()
                .toServer(information(0, 0, Iec104Frames.SET_POINT_NORMALISED))
                .toClient(information(0, 1, Iec104Frames.SET_POINT_NORMALISED_CONFIRMATION));
        OtMessage command = feeder.messages().get(0);
        OtMessage confirmation = feeder.messages().get(1);
        assertEquals("c_se_na_1", command.functionName());
        assertEquals(OperationClass.WRITE, command.operation());
        assertEquals(List.of(new PointValue("set_point", 8001, 0.75)), command.values());
        assertEquals(List.of(Map.of("ioa", 8001L, "value", 0.75, "select", false, "qualifier", 0)),
                MessageRecord.fields(command).get("objects"));
        assertEquals(OptionalLong.of(1), confirmation.requestFrame());
        assertEquals(OptionalLong.of(1_000_000), confirmation.latencyNanos());
        assertEquals(List.of(), confirmation.values(), "a confirmation repeats the command; the record shows it");
        assertEquals(List.of(new PointRange("set_point", 8001, 1)), confirmation.ranges());
        assertEquals(List.of(), confirmation.anomalies());
    }

    @Test
    void regulatingStepCommandsAreControlWithTheirSelectBit() {
        OtMessage command = new Iec104Bytes.Feeder().toServer(information(0, 0, Iec104Frames.REGULATING_STEP))
                .messages().get(0);
        assertEquals(OperationClass.CONTROL, command.operation());
        assertEquals(List.of(new PointValue("regulating_step_command", 7001, 2)), command.values());
        assertEquals(List.of(Map.of("ioa", 7001L, "value", 2.0, "select", true, "qualifier", 0)),
                MessageRecord.fields(command).get("objects"));
    }

    @Test
    void rejectionsAreExceptionResponses() {
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder()
                .toServer(information(0, 0, Iec104Frames.SET_POINT_SCALED))
                .toClient(information(0, 1, Iec104Frames.SET_POINT_SCALED_REJECTED))
                .toServer(information(1, 1, Iec104Frames.SINGLE_COMMAND_UNKNOWN_STATION))
                .toClient(information(1, 2, Iec104Frames.SINGLE_COMMAND_UNKNOWN_STATION_ANSWER));
        OtMessage negative = feeder.messages().get(1);
        assertEquals(7, negative.exceptionCode());
        assertEquals("negative_confirmation", negative.exceptionName());
        assertEquals(OptionalLong.of(1), negative.requestFrame());
        OtMessage unknownStation = feeder.messages().get(3);
        assertEquals(46, unknownStation.exceptionCode());
        assertEquals("negative_confirmation", unknownStation.exceptionName());
        assertEquals(2, unknownStation.unit());
    }

    @Test
    void aReadPairsWithTheObjectSentWithCauseRequest() {
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder()
                .toServer(information(0, 0, Iec104Frames.READ))
                .toClient(information(0, 1, Iec104Frames.READ_ANSWER));
        OtMessage read = feeder.messages().get(0);
        assertEquals("c_rd_na_1", read.functionName());
        assertEquals(List.of(new PointRange("information_object", 5001, 1)), read.ranges());
        OtMessage answer = feeder.messages().get(1);
        assertEquals(OptionalLong.of(1), answer.requestFrame());
        assertEquals(List.of(new PointValue("measured_value", 5001, 10)), answer.values());
    }

    @Test
    void systemCommandsAreClassedAsTheIssueAsks() {
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder()
                .toServer(information(0, 0, Iec104Frames.INTERROGATION))
                .toServer(information(1, 0, Iec104Frames.COUNTER_INTERROGATION))
                .toServer(information(2, 0, Iec104Frames.CLOCK_SYNCHRONISATION))
                .toServer(information(3, 0, Iec104Frames.RESET_PROCESS));
        assertEquals(List.of(OperationClass.READ, OperationClass.READ, OperationClass.MANAGEMENT, OperationClass.MANAGEMENT),
                feeder.messages().stream().map(OtMessage::operation).toList());
        assertEquals(List.of("c_ic_na_1", "c_ci_na_1", "c_cs_na_1", "c_rp_na_1"),
                feeder.messages().stream().map(OtMessage::functionName).toList());
        assertTrue(feeder.messages().stream().allMatch(m -> m.ranges().isEmpty() && m.values().isEmpty()));
        assertEquals(otb.dissect.FunctionEffect.RESTART, Iec104Protocol.DESCRIPTOR.effect("c_rp_na_1"));
        assertEquals(List.of(Map.of("ioa", 0L, "time", "2026-12-07T10:30:12.345")),
                MessageRecord.fields(feeder.messages().get(2)).get("objects"));
    }

    @Test
    void theWholeConversationGivesTheSameMessagesInEveryChunkSize() {
        List<String> whole = records(conversationFeeder(Integer.MAX_VALUE));
        assertEquals(40, whole.size(), "one message per APDU of the conversation");
        for (int chunk = 1; chunk <= 40; chunk++) {
            assertEquals(whole, records(conversationFeeder(chunk)), "chunks of " + chunk);
        }
    }

    /**
     * The conversation with each run of segments in one direction concatenated (so that APDUs
     * share chunks) and fed in chunks of {@code chunk}.
     */
    private static Iec104Bytes.Feeder conversationFeeder(int chunk) {
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder();
        List<Iec104Frames.Segment> segments = Iec104Frames.conversation();
        for (int i = 0; i < segments.size(); ) {
            Direction direction = segments.get(i).direction();
            java.io.ByteArrayOutputStream run = new java.io.ByteArrayOutputStream();
            while (i < segments.size() && segments.get(i).direction() == direction) {
                run.writeBytes(segments.get(i++).bytes());
            }
            feeder.chunked(direction, run.toByteArray(), chunk);
        }
        assertEquals(0, feeder.buffered(Direction.TO_SERVER));
        assertEquals(0, feeder.buffered(Direction.TO_CLIENT));
        assertEquals(List.of(), feeder.malformed());
        return feeder;
    }

    /** Records without frame and time, which depend on the chunking. */
    private static List<String> records(Iec104Bytes.Feeder feeder) {
        return feeder.messages().stream().map(m -> {
            Map<String, Object> record = new java.util.LinkedHashMap<>(MessageRecord.fields(m));
            record.remove("frame");
            record.remove("ts");
            record.remove("request_frame");
            record.remove("latency_us");
            return record.toString();
        }).toList();
    }

    @Test
    void theConversationHasNoAnomaliesAndPairsEveryConfirmation() {
        List<OtMessage> messages = conversationFeeder(Integer.MAX_VALUE).messages();
        assertTrue(messages.stream().allMatch(m -> m.anomalies().isEmpty()),
                messages.stream().filter(m -> !m.anomalies().isEmpty()).map(MessageRecord::jsonLine).toList().toString());
        long confirmations = messages.stream().filter(m -> m.detail() instanceof Iec104Detail.Information i
                && (i.asdu().cause() == 7 || i.asdu().cause() == 5 && m.role() == MessageRole.RESPONSE)).count();
        assertEquals(8, confirmations);
        assertEquals(8, messages.stream().filter(m -> m.requestFrame().isPresent()).count());
    }

    @Test
    void garbageBeforeAStartOctetAndBadLengthsAreSkippedAndReported() {
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder()
                .toServer(concat(hex("01 02 03"),                       // three octets before any start octet
                        hex("68 02 00 00"),                              // length 2: below the four control octets
                        Iec104Bytes.unnumbered(Iec104Frames.TESTFR_ACT)));
        assertEquals(List.of("no_start_octet", "length_out_of_range"),
                feeder.malformed().stream().map(Malformed::reason).toList());
        assertEquals(List.of(3L, 4L), feeder.malformed().stream().map(Malformed::skippedBytes).toList());
        assertEquals(List.of("testfr_act"), feeder.messages().stream().map(OtMessage::functionName).toList());
    }

    @Test
    void anIFrameTooShortForAnAsduIsMalformedAndConsumed() {
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder()
                .toServer(concat(hex("68 06 00 00 00 00 2d 01"),        // I frame, ASDU of two octets only
                        Iec104Bytes.supervisory(1)));
        assertEquals(List.of("truncated_asdu"), feeder.malformed().stream().map(Malformed::reason).toList());
        assertEquals(8, feeder.malformed().get(0).skippedBytes());
        assertEquals(List.of("supervisory"), feeder.messages().stream().map(OtMessage::functionName).toList());
    }

    @Test
    void objectsThatDoNotFitStopDecodingWithAnAnomaly() {
        OtMessage message = monitor("0d 02 03 00 01 00"              // M_ME_NC_1, two objects announced
                + " 89 13 00 00 00 20 41 00"                          // IOA 5001 = 10.0
                + " 8a 13 00 00 00");                                 // IOA 5002 cut short
        assertEquals(List.of("truncated_information_object"), message.anomalies());
        assertEquals(List.of(new PointValue("measured_value", 5001, 10)), message.values());
        assertEquals(List.of("trailing_octets"), monitor(Iec104Frames.BITSTRING + " ff").anomalies());
        assertEquals(List.of("unknown_type_id"), monitor("c8 01 03 00 01 00 01 00 00 00").anomalies());
        assertEquals("type_200", monitor("c8 01 03 00 01 00 01 00 00 00").functionName());
    }

    @Test
    void aSkippedSendSequenceIsFlagged() {
        List<OtMessage> messages = new Iec104Bytes.Feeder()
                .toClient(information(5, 0, Iec104Frames.BITSTRING))
                .toClient(information(6, 0, Iec104Frames.BITSTRING))
                .toClient(information(9, 0, Iec104Frames.BITSTRING)).messages();
        assertEquals(List.of(List.of(), List.of(), List.of("send_sequence_gap")),
                messages.stream().map(OtMessage::anomalies).toList());
    }

    @Test
    void afterAGapOnlyAPlausibleHeaderIsBelieved() {
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder();
        feeder.session.gap(feeder.context, 100, e -> { });
        // a 68H inside data: length 0x10 and control octets no frame format allows
        feeder.toServer(concat(hex("68 10 07 01 02 03"), Iec104Bytes.supervisory(4)));
        assertEquals(List.of("unframed_bytes"), feeder.malformed().stream().map(Malformed::reason).toList());
        assertEquals(List.of("supervisory"), feeder.messages().stream().map(OtMessage::functionName).toList());
    }

    @Test
    void theControlOctetsOfSAndUFramesAreCheckedAgainstTheStandard() {
        List<OtMessage> messages = new Iec104Bytes.Feeder()
                .toServer(hex("68 05 17 17 17 17 17"))  // U frame, length 5, two function bits
                .toServer(hex("68 06 19 19 19 19 19 19")) // S frame, length 6
                .messages();
        assertEquals(List.of(List.of("apdu_length_mismatch", "unknown_u_function"), List.of("apdu_length_mismatch")),
                messages.stream().map(OtMessage::anomalies).toList());
        assertEquals("unknown_u_function", messages.get(0).functionName());
    }

    @Test
    void pendingCommandsAreBoundedAndExpire() {
        DissectorConfig two = new DissectorConfig(Map.of(), 2, 1_000_000_000L, 4096, 8, 4096);
        Iec104Bytes.Feeder feeder = new Iec104Bytes.Feeder(two);
        for (int i = 0; i < 3; i++) {
            feeder.toServer(information(i, 0, Iec104Frames.SET_POINT_NORMALISED));
        }
        assertEquals(List.of(List.of(), List.of(), List.of("pending_requests_full")),
                feeder.messages().stream().map(OtMessage::anomalies).toList());
        feeder.session.tick(10_000_000_000L, e -> { });
        feeder.toClient(information(0, 3, Iec104Frames.SET_POINT_NORMALISED_CONFIRMATION));
        assertEquals(List.of("confirmation_without_command"), feeder.messages().get(3).anomalies());
    }
}
