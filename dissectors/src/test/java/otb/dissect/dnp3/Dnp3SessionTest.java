package otb.dissect.dnp3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;
import static otb.dissect.dnp3.Dnp3Bytes.fromMaster;
import static otb.dissect.dnp3.Dnp3Bytes.fromOutstation;
import static otb.dissect.dnp3.Dnp3Bytes.single;

import java.util.List;
import java.util.Map;
import otb.capture.Direction;
import otb.dissect.DissectorConfig;
import otb.dissect.Malformed;
import otb.dissect.MessageRecord;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtMessage;
import otb.dissect.PointValue;
import otb.dissect.dnp3.Dnp3Bytes.Feeder;
import org.junit.jupiter.api.Test;

class Dnp3SessionTest {

    // dnp3_example.pcap frame 1: read class 0 (g60v1, qualifier 06) from master 100 to outstation 5,
    // application sequence 3. See LinkFrameTest for the field by field layout.
    static final byte[] READ_CLASS_0 = hex("05640bc4050064006f36 d0c3013c0106344d");
    // frames 2 and 3: the response in two transport segments (0x75: FIR seq 53; 0xb6: FIN seq 54).
    // c3 app FIR FIN seq 3 | 81 RESPONSE | 0000 IIN | 01 02 00 00 77 g1v2 points 0-119 | ...
    // 0a 02 00 00 21 g10v2 0-33 | 1e 02 00 00 13 g30v2 0-19 | 28 02 00 00 13 g40v2 0-19
    static final byte[] RESPONSE_SEGMENT_1 = hex(
            "0564ff4464000500351875c38100000102000077810101010101f77601010101010101010101010101010101bbc3"
            + "01010101010101010101010101010101bbc3010101010101010101010000000000001a13000000000000000000000000"
            + "00000000ffff00000000000000000000000000000000ffff00000000000000000000000000000000ffff00000000000000"
            + "000000000000000000ffff00000a02000021000000000000000000857700000000000000000000000000000000ffff00"
            + "00000000000000001e0200001300c088fc0300df0400d30400e704007003004605720e006603000000000000000000000"
            + "00000a49d00000000000000000000000000000000ffff000000000000000000002802000013002ebd0000000000000000"
            + "0000ffff");
    static final byte[] RESPONSE_SEGMENT_2 = hex(
            "0564374464000500173db60000000000000000000000000000003c8500000000000000000000000000000000ffff0000"
            + "0000000000000000000000000000ffff0000ffff");

    // select_operate_and_responses.pcap frame 4: SELECT from master 1 to outstation 10, seq 0:
    // c0 transport | c0 app FIR FIN seq 0 | 03 SELECT | 0c 01 28 g12v1, 2-octet index prefix, 2-octet count |
    // 0100 count 1 | 0000 index 0 | 03 latch on | 01 count | 64000000 on 100 ms | 64000000 off 100 ms | 00 status
    static final byte[] SELECT = hex("05641ac40a0001008a1cc0c0030c012801000000030164000000fd6b6400000000005b");
    // frame 6: the response echoing the CROB, IIN 0000
    static final byte[] SELECT_RESPONSE = hex("05641c4401000a007636c6c08100000c01280100000003016400c39600006400000000005b");
    // frame 7 and 8: OPERATE (seq 1) and its response
    static final byte[] OPERATE = hex("05641ac40a0001008a1cc1c1040c012801000000030164000000b9f06400000000005b");
    static final byte[] OPERATE_RESPONSE = hex("05641c4401000a007636c7c18100000c0128010000000301640057b500006400000000005b");

    // unsolcited_response_and_confirm.pcap frame 4: outstation 10 to master 1, CON|UNS seq 0,
    // 82 UNSOLICITED RESPONSE, IIN 0000 (null unsolicited response)
    static final byte[] UNSOLICITED = hex("05640a4401000a006e25c0f08200004466");
    // frame 5: master's application confirm, UNS seq 0
    static final byte[] CONFIRM = hex("056408c40a000100fc42c0d0001b49");

    @Test
    void readRequestAndTwoSegmentResponseArePaired() {
        Feeder feeder = new Feeder().toServer(READ_CLASS_0).toClient(RESPONSE_SEGMENT_1).toClient(RESPONSE_SEGMENT_2);
        assertEquals(List.of(), feeder.malformed());
        List<OtMessage> messages = feeder.messages();
        assertEquals(2, messages.size());
        OtMessage read = messages.get(0);
        assertEquals(MessageRole.REQUEST, read.role());
        assertEquals(1, read.function().getAsInt());
        assertEquals("read", read.functionName());
        assertEquals(OperationClass.READ, read.operation());
        assertEquals(5, read.unit());
        assertEquals(3, read.transactionId().getAsLong());
        assertEquals(1, read.frame());

        OtMessage response = messages.get(1);
        assertEquals(MessageRole.RESPONSE, response.role());
        assertEquals(129, response.function().getAsInt());
        assertEquals(OperationClass.READ, response.operation(), "a response carries its request's class");
        assertEquals(3, response.frame(), "completed by the second segment");
        assertEquals(1, response.requestFrame().getAsLong());
        assertEquals(5, response.unit());
        assertTrue(response.anomalies().isEmpty(), response.anomalies().toString());
        // Wireshark: binary input 0 = 1, 1 = 0; analog input 0 = 960, 1 = 1247, 6 = 870
        assertValue(response, "dnp3:binary_input", 0, 1);
        assertValue(response, "dnp3:binary_input", 1, 0);
        assertValue(response, "dnp3:analog_input", 0, 960);
        assertValue(response, "dnp3:analog_input", 1, 1247);
        assertValue(response, "dnp3:analog_input", 6, 870);
        assertEquals(120 + 34 + 20 + 20, response.values().size());
        Map<String, Object> fields = MessageRecord.fields(response);
        assertEquals(100, fields.get("link_dst"));
        assertEquals(5, fields.get("link_src"));
        assertEquals(List.of(), fields.get("iin"));
    }

    @Test
    void everyChunkSizeGivesTheSameMessages() {
        byte[] toServer = concat(READ_CLASS_0, SELECT, OPERATE);
        byte[] toClient = concat(RESPONSE_SEGMENT_1, RESPONSE_SEGMENT_2);
        Feeder whole = new Feeder().toServer(toServer).toClient(toClient);
        List<String> expected = summaries(whole.messages());
        assertEquals(4, expected.size());
        for (int size = 1; size <= Math.max(toServer.length, toClient.length); size++) {
            Feeder chunked = new Feeder().chunked(Direction.TO_SERVER, toServer, size)
                    .chunked(Direction.TO_CLIENT, toClient, size);
            assertEquals(expected, summaries(chunked.messages()), "chunk size " + size);
            assertEquals(List.of(), chunked.malformed(), "chunk size " + size);
            assertEquals(0, chunked.buffered());
        }
    }

    private static List<String> summaries(List<OtMessage> messages) {
        return messages.stream().map(m -> m.function().getAsInt() + "/" + m.transactionId().getAsLong() + "/"
                + m.values().size() + "/" + m.anomalies()).toList();
    }

    @Test
    void selectAndOperateCarryTheCommandedState() {
        Feeder feeder = new Feeder().toServer(SELECT).toClient(SELECT_RESPONSE).toServer(OPERATE).toClient(OPERATE_RESPONSE);
        List<OtMessage> messages = feeder.messages();
        assertEquals(4, messages.size());
        OtMessage select = messages.get(0);
        assertEquals("select", select.functionName());
        assertEquals(OperationClass.CONTROL, select.operation());
        assertEquals(10, select.unit());
        assertValue(select, "dnp3:binary_output", 0, 1); // latch on
        assertEquals(1, select.ranges().size());
        assertEquals("dnp3:binary_output", select.ranges().get(0).space());
        String json = MessageRecord.jsonLine(select);
        assertTrue(json.contains("\"operation\":\"latch_on\""), json);
        assertTrue(json.contains("\"on_time_ms\":100"), json);
        OtMessage operateResponse = messages.get(3);
        assertEquals(OperationClass.CONTROL, operateResponse.operation());
        assertEquals(messages.get(2).frame(), operateResponse.requestFrame().getAsLong());
        assertEquals("operate", messages.get(2).functionName());
    }

    @Test
    void unsolicitedResponseAndConfirm() {
        Feeder feeder = new Feeder().toClient(UNSOLICITED).toServer(CONFIRM);
        List<OtMessage> messages = feeder.messages();
        assertEquals(2, messages.size());
        OtMessage unsolicited = messages.get(0);
        assertEquals(130, unsolicited.function().getAsInt());
        assertEquals(MessageRole.RESPONSE, unsolicited.role());
        assertTrue(unsolicited.anomalies().isEmpty(), unsolicited.anomalies().toString());
        String json = MessageRecord.jsonLine(unsolicited);
        assertTrue(json.contains("\"app\":{\"fir\":true,\"fin\":true,\"con\":true,\"uns\":true,\"seq\":0}"), json);
        OtMessage confirm = messages.get(1);
        assertEquals("confirm", confirm.functionName());
        assertEquals(MessageRole.REQUEST, confirm.role());
        assertEquals(10, confirm.unit());
    }

    @Test
    void linkOnlyFramesAreMessagesWithoutFunction() {
        Feeder feeder = new Feeder().toClient(hex("05640549640001007e5f")).toServer(hex("0564058b01006400a097"));
        List<OtMessage> messages = feeder.messages();
        assertEquals(2, messages.size());
        assertFalse(messages.get(0).function().isPresent());
        assertEquals("request_link_status", messages.get(0).functionName());
        assertEquals(OperationClass.LINK, messages.get(0).operation());
        // the outstation (1) asks for the link status, the master (100) answers: roles follow DIR,
        // so the message's server is the outstation both times
        assertEquals(MessageRole.RESPONSE, messages.get(0).role());
        assertEquals("10.0.0.2", messages.get(0).serverAddress().toString());
        assertEquals("link_status", messages.get(1).functionName());
        assertEquals(MessageRole.REQUEST, messages.get(1).role());
        assertEquals("10.0.0.2", messages.get(1).serverAddress().toString());
        assertEquals(1, messages.get(1).unit());
        assertFalse(MessageRecord.fields(messages.get(1)).containsKey("func"));
    }

    @Test
    void badHeaderCrcResynchronisesOnTheNextStartOctets() {
        byte[] broken = READ_CLASS_0.clone();
        broken[8] ^= 0x01; // header CRC
        Feeder feeder = new Feeder().toServer(concat(broken, SELECT));
        List<Malformed> malformed = feeder.malformed();
        assertEquals(1, malformed.size());
        assertEquals("bad_header_crc", malformed.get(0).reason());
        assertEquals(READ_CLASS_0.length, malformed.get(0).skippedBytes());
        assertEquals(List.of("select"), feeder.messages().stream().map(OtMessage::functionName).toList());
    }

    @Test
    void aLengthFromABadHeaderIsNotTrusted() {
        // A corrupt header whose LENGTH would swallow the next frame: the next frame must still be seen.
        byte[] broken = READ_CLASS_0.clone();
        broken[2] = (byte) 0xFF;
        Feeder feeder = new Feeder().toServer(concat(broken, SELECT));
        assertEquals(List.of("select"), feeder.messages().stream().map(OtMessage::functionName).toList());
    }

    @Test
    void badBlockCrcLeavesTheFrameOutOfReassembly() {
        byte[] broken = RESPONSE_SEGMENT_2.clone();
        broken[14] ^= 0x10; // data of the first block
        Feeder feeder = new Feeder().toServer(READ_CLASS_0).toClient(RESPONSE_SEGMENT_1).toClient(broken);
        assertEquals(List.of("bad_block_crc"), feeder.malformed().stream().map(Malformed::reason).toList());
        assertEquals(3, feeder.malformed().get(0).frame());
        assertEquals(List.of("read"), feeder.messages().stream().map(OtMessage::functionName).toList());
    }

    @Test
    void garbageBeforeAFrameIsSkippedAsMalformed() {
        Feeder feeder = new Feeder().toServer(concat(hex("00 11 05 22 33"), READ_CLASS_0));
        assertEquals(List.of("no_start_octets"), feeder.malformed().stream().map(Malformed::reason).toList());
        assertEquals(5, feeder.malformed().get(0).skippedBytes());
        assertEquals(1, feeder.messages().size());
    }

    @Test
    void multiSegmentFragmentIsJoinedAndBounded() {
        // A write of 300 octets of g110 (octet string, variation = length 100) in three objects,
        // sent in segments of at most 249 octets of payload.
        byte[] app = concat(hex("c5 02 6e64 17 03"), // app FIR FIN seq 5 | WRITE | g110v100, 1-octet index, 1-octet count 3
                new byte[] {0}, new byte[100], new byte[] {1}, new byte[100], new byte[] {2}, new byte[100]);
        assertEquals(309, app.length);
        byte[] first = concat(new byte[] {0x40}, java.util.Arrays.copyOfRange(app, 0, 249)); // FIR seq 0
        byte[] last = concat(new byte[] {(byte) 0x81}, java.util.Arrays.copyOfRange(app, 249, app.length)); // FIN seq 1
        byte[] stream = concat(fromMaster(first), fromMaster(last));
        Feeder feeder = new Feeder().toServer(stream);
        assertEquals(1, feeder.messages().size());
        OtMessage write = feeder.messages().get(0);
        assertEquals("write", write.functionName());
        assertEquals(OperationClass.WRITE, write.operation());
        assertTrue(write.anomalies().isEmpty(), write.anomalies().toString());
        assertEquals(1, write.ranges().size());
        assertEquals(3, write.ranges().get(0).count());
        String json = MessageRecord.jsonLine(write);
        assertTrue(json.contains("\"segments\":2"), json);

        Feeder bounded = new Feeder(new DissectorConfig(Map.of(), 16, 1_000_000_000L, 4096, 8, 200)).toServer(stream);
        assertEquals(List.of("fragment_too_large", "transport_no_first_segment"),
                bounded.malformed().stream().map(Malformed::reason).toList());
        assertEquals(List.of(), bounded.messages());
    }

    @Test
    void outOfSequenceSegmentDiscardsTheFragment() {
        byte[] first = concat(new byte[] {0x41}, hex("c1 01 3c02 06")); // FIR seq 1
        byte[] wrong = concat(new byte[] {(byte) 0x83}, hex("3c03 06")); // FIN seq 3, expected 2
        byte[] duplicate = concat(new byte[] {0x01}, hex("3c03 06")); // seq 1 again
        Feeder feeder = new Feeder().toServer(concat(fromMaster(first), fromMaster(duplicate), fromMaster(wrong)));
        assertEquals(List.of("transport_out_of_sequence"), feeder.malformed().stream().map(Malformed::reason).toList());
        assertEquals(List.of(), feeder.messages());
        // the right sequence completes
        byte[] right = concat(new byte[] {(byte) 0x82}, hex("3c03 06"));
        Feeder ok = new Feeder().toServer(concat(fromMaster(first), fromMaster(duplicate), fromMaster(right)));
        assertEquals(1, ok.messages().size());
        assertEquals(2, ok.messages().get(0).ranges().size() + 2, "class objects carry no points");
    }

    @Test
    void deviceAttributesFeedIdentity() {
        // response: c0 app FIR FIN seq 0 | 81 | IIN 80 00 (device restart) |
        // 00 fc 00 00 00: g0v252 (manufacturer name) index 0 | 01 type visible string | 04 length | "ACME"
        // 00 fa 00 00 00: g0v250 (product) | 01 | 05 | "RTU-9"
        // 00 f0 00 00 00: g0v240 (max transmit fragment) | 02 unsigned | 02 | 0x0800
        byte[] request = single(0, hex("c0 01 00fe06"));
        byte[] response = single(0, concat(hex("c0 81 8000 00fc000000 0104"), "ACME".getBytes(),
                hex("00fa000000 0105"), "RTU-9".getBytes(), hex("00f0000000 0202 0008")));
        Feeder feeder = new Feeder().toServer(fromMaster(request)).toClient(fromOutstation(response));
        List<OtMessage> messages = feeder.messages();
        assertEquals(2, messages.size());
        OtMessage answer = messages.get(1);
        assertEquals(Map.of("vendor", "ACME", "product", "RTU-9"), answer.identity());
        assertTrue(answer.anomalies().isEmpty(), answer.anomalies().toString());
        Map<String, Object> fields = MessageRecord.fields(answer);
        assertEquals(List.of("device_restart"), fields.get("iin"));
        assertTrue(MessageRecord.jsonLine(answer).contains("\"attribute\":\"max_transmit_fragment_size\",\"number\":2048"));
    }

    @Test
    void unknownObjectStopsDecodingWithAnAnomaly() {
        // response with g1v2 point 0, then an unknown g200v1 with data, then g30v2 that is not decoded
        byte[] response = single(1, hex("c1 81 0000 010200 0000 81 c80100 0000 ff 1e0200 0000 010000"));
        Feeder feeder = new Feeder().toClient(fromOutstation(response));
        OtMessage message = feeder.messages().get(0);
        assertEquals(List.of("response_without_request", "unknown_object").stream().sorted().toList(),
                message.anomalies().stream().sorted().toList());
        assertEquals(1, message.values().size());
    }

    @Test
    void truncatedObjectIsFlagged() {
        // DNP3-Malformed.pcap frame 2: OPERATE of g12v1 points 0-1 with only one CROB's octets
        byte[] app = hex("c2 04 0c0100 0001 00 03 01640000 00640000 00 00");
        Feeder feeder = new Feeder().toServer(fromMaster(single(1, app)));
        assertTrue(feeder.messages().get(0).anomalies().contains("truncated_object"));
    }

    @Test
    void reservedFunctionCodeIsFlagged() {
        Feeder feeder = new Feeder().toServer(fromMaster(single(1, hex("c1 50 0102"))));
        OtMessage message = feeder.messages().get(0);
        assertEquals("reserved_80", message.functionName());
        assertEquals(OperationClass.OTHER, message.operation());
        assertTrue(message.anomalies().contains("reserved_function_code"));
    }

    @Test
    void multiFragmentResponseIsPairedFragmentByFragment() {
        byte[] read = single(0, hex("c4 01 1e0206")); // read g30v2 all, seq 4
        byte[] part1 = single(1, hex("84 81 0000 1e0200 0000 000100")); // FIR, seq 4: point 0 = 1
        byte[] part2 = single(2, hex("45 81 0000 1e0200 0101 000200")); // FIN, seq 5: point 1 = 2
        Feeder feeder = new Feeder().toServer(fromMaster(read)).toClient(fromOutstation(part1))
                .toClient(fromOutstation(part2));
        List<OtMessage> messages = feeder.messages();
        assertEquals(3, messages.size());
        for (OtMessage response : messages.subList(1, 3)) {
            assertEquals(1, response.requestFrame().getAsLong());
            assertEquals(OperationClass.READ, response.operation());
            assertTrue(response.anomalies().isEmpty(), response.anomalies().toString());
        }
        assertValue(messages.get(2), "dnp3:analog_input", 1, 2);
    }

    @Test
    void staticAndEventObjectsShareAPointSpace() {
        // g32v2 (analog input event, 16-bit with flag), 1-octet index prefix, count 1: index 7 = -2
        byte[] response = single(0, hex("e0 82 0000 2002 17 01 07 01 feff"));
        OtMessage message = new Feeder().toClient(fromOutstation(response)).messages().get(0);
        assertValue(message, "dnp3:analog_input", 7, -2);
    }

    @Test
    void requestsWithTheSameSequencePairInOrder() {
        // dnp3_example.pcap frames 378-387: select (seq 7), operate (seq 8), select (seq 7) sent
        // before any answer; the answers come in the same order.
        byte[] select = single(0, hex("c7 03 0c0128 0100 0000 03 01 64000000 64000000 00"));
        byte[] operate = single(1, hex("c8 04 0c0128 0100 0000 03 01 64000000 64000000 00"));
        byte[] answer7 = single(2, hex("c7 81 0000 0c0128 0100 0000 03 01 64000000 64000000 00"));
        byte[] answer8 = single(3, hex("c8 81 0000 0c0128 0100 0000 03 01 64000000 64000000 00"));
        Feeder feeder = new Feeder().toServer(fromMaster(select)).toServer(fromMaster(operate))
                .toServer(fromMaster(select)).toClient(fromOutstation(answer7)).toClient(fromOutstation(answer8))
                .toClient(fromOutstation(answer7));
        List<OtMessage> messages = feeder.messages();
        assertEquals(6, messages.size());
        assertEquals(List.of(1L, 2L, 3L), messages.subList(3, 6).stream()
                .map(m -> m.requestFrame().getAsLong()).toList());
        assertTrue(messages.stream().allMatch(m -> m.anomalies().isEmpty()));
    }

    @Test
    void pendingRequestsExpireOnCaptureTime() {
        Feeder feeder = new Feeder().toServer(READ_CLASS_0);
        feeder.session.tick(DissectorConfig.defaults().requestTimeoutNanos() + 2_000_000L, e -> { });
        feeder.toClient(RESPONSE_SEGMENT_1).toClient(RESPONSE_SEGMENT_2);
        assertTrue(feeder.messages().get(1).anomalies().contains("response_without_request"));
    }

    @Test
    void aFileBlockReadCarriesItsFreeFormatObject() {
        // file_list_directory.pcap frame 4: read of g70v5 (file transport), qualifier 5b (free
        // format, 2-octet size prefix), count 1, size 8: file handle 0x0bcd, block number 0
        byte[] read = single(2, hex("c3 01 46055b 01 0800 cd0b0000 00000000"));
        OtMessage message = new Feeder().toServer(fromMaster(read)).messages().get(0);
        assertEquals(OperationClass.READ, message.operation());
        assertTrue(message.anomalies().isEmpty(), message.anomalies().toString());
    }

    @Test
    void linkFunctionWithUserDataButNoneIsFlagged() {
        // LENGTH 5 with unconfirmed user data: a link-only frame that should have carried data
        OtMessage message = new Feeder().toServer(Dnp3Bytes.linkFrame(0xC4, 10, 1, new byte[0])).messages().get(0);
        assertEquals("unconfirmed_user_data", message.functionName());
        assertTrue(message.anomalies().contains("missing_user_data"));
        // a link status (secondary, function 11) that carries octets
        OtMessage status = new Feeder().toClient(Dnp3Bytes.linkFrame(0x0B, 1, 10, hex("c0c001"))).messages().get(0);
        assertEquals("link_status", status.functionName());
        assertEquals(List.of("unexpected_user_data"), status.anomalies());
    }

    @Test
    void responseFromTheMasterSideIsADirectionMismatch() {
        byte[] response = single(0, hex("c0 81 0000"));
        OtMessage message = new Feeder().toServer(fromMaster(response)).messages().get(0);
        assertTrue(message.anomalies().contains("direction_mismatch"));
    }

    private static void assertValue(OtMessage message, String space, long index, double value) {
        PointValue expected = new PointValue(space, index, value);
        assertTrue(message.values().contains(expected), () -> expected + " not in " + message.values());
    }
}
