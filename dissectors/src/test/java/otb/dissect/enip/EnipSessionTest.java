package otb.dissect.enip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;
import static otb.dissect.enip.EnipBytes.path;
import static otb.dissect.enip.EnipBytes.reply;
import static otb.dissect.enip.EnipBytes.request;
import static otb.dissect.enip.EnipBytes.sendRrData;
import static otb.dissect.enip.EnipBytes.sendUnitData;
import static otb.dissect.enip.EnipBytes.symbol;
import static otb.dissect.enip.EnipBytes.u16;
import static otb.dissect.enip.EnipBytes.u32;

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
import org.junit.jupiter.api.Test;

class EnipSessionTest {

    /** ListIdentity request (Vol 2 2-4.2): a header with no data. */
    static final byte[] LIST_IDENTITY = hex(
            "6300"                 // command: ListIdentity
            + "0000"               // length: 0
            + "00000000"           // session handle: none yet
            + "00000000"           // status: success
            + "0000c1debed10000"   // sender context
            + "00000000");         // options

    /** ListIdentity reply with one CIP Identity item (Vol 2 table 2-4.4), from enip_test.pcap frame 7. */
    static final byte[] LIST_IDENTITY_REPLY = hex(
            "6300" + "3300" + "00000000" + "00000000" + "0000c1debed10000" + "00000000"
            + "0100"               // item count: 1
            + "0c00"               // item type: CIP Identity
            + "2d00"               // item length: 45
            + "0100"               // encapsulation protocol version 1
            + "0002af120a0101a40000000000000000" // socket address (big-endian): AF_INET, 44818, 10.1.1.164
            + "0100"               // vendor id: 1 (Rockwell Automation/Allen-Bradley)
            + "0c00"               // device type: 12 (communications adapter)
            + "3a00"               // product code: 58
            + "0403"               // revision 4.03
            + "3000"               // status
            + "8e4d5200"           // serial number 0x00524d8e
            + "0b" + "313735362d454e42542f41" // product name: 11 characters, "1756-ENBT/A"
            + "03");               // state

    /** Identity object Get_Attributes_All reply data (Vol 1 5-2.2.1, attributes 1-7). */
    static final byte[] IDENTITY_ATTRIBUTES = hex(
            "0100"                 // vendor id 1
            + "0e00"               // device type 14 (programmable logic controller)
            + "6b00"               // product code 107
            + "1404"               // revision 20.04
            + "6030"               // status
            + "78563412"           // serial number 0x12345678
            + "0d" + "313735362d4c36312f42204c4f47"); // product name: 13 characters, "1756-L61/B LOG"... cut at 13

    /** Forward Open request data (Vol 1 table 3-5.16): a class 3 connection to the Message Router. */
    static final byte[] FORWARD_OPEN_DATA = hex(
            "07"                   // priority/time tick
            + "9b"                 // timeout ticks
            + "00000000"           // O→T connection id: the target chooses
            + "0500fe80"           // T→O connection id 0x80fe0005
            + "0600"               // connection serial number 6
            + "4d00"               // originator vendor id 77
            + "e0312b3d"           // originator serial number
            + "03"                 // connection timeout multiplier
            + "000000"             // reserved
            + "201f0000"           // O→T RPI 8000 us
            + "f443"               // O→T network connection parameters
            + "201f0000"           // T→O RPI 8000 us
            + "f443"               // T→O network connection parameters
            + "a3"                 // transport type/trigger: server, application trigger, class 3
            + "02"                 // connection path size: 2 words
            + "20022401");         // connection path: class 2 (Message Router), instance 1

    /** Forward Open success reply data (Vol 1 table 3-5.17). */
    static final byte[] FORWARD_OPEN_REPLY_DATA = hex(
            "6ef3240a"             // O→T connection id 0x0a24f36e
            + "0500fe80"           // T→O connection id 0x80fe0005
            + "0600" + "4d00" + "e0312b3d" // the connection triad, echoed
            + "201f0000"           // O→T actual packet interval
            + "201f0000"           // T→O actual packet interval
            + "00"                 // application reply size
            + "00");               // reserved

    static final long O_T = 0x0a24f36eL;
    static final long T_O = 0x80fe0005L;

    @Test
    void listIdentityRevealsTheDeviceAndPairs() {
        EnipBytes.Feeder feeder = new EnipBytes.Feeder().toServer(LIST_IDENTITY).toClient(LIST_IDENTITY_REPLY);
        List<OtMessage> messages = feeder.messages();
        assertEquals(2, messages.size());
        OtMessage reply = messages.get(1);
        assertEquals(EnipProtocols.ENIP, reply.protocol());
        assertEquals("list_identity", reply.functionName());
        assertEquals(0x63, reply.function().getAsInt());
        assertEquals(MessageRole.RESPONSE, reply.role());
        assertEquals(1L, reply.requestFrame().getAsLong());
        assertEquals(Map.of("vendor_id", "1", "device_type", "12", "product_code", "58", "revision", "4.03",
                "serial_number", "00524d8e", "product_name", "1756-ENBT/A"), reply.identity());
    }

    @Test
    void registerSessionPairsByContextThoughTheReplyCarriesTheNewHandle() {
        byte[] register = EnipBytes.encapsulation(0x65, 0, 0, 42, hex("0100" + "0000")); // version 1, no options
        byte[] registered = EnipBytes.encapsulation(0x65, EnipBytes.SESSION, 0, 42, hex("0100" + "0000"));
        List<OtMessage> messages = new EnipBytes.Feeder().toServer(register).toClient(registered).messages();
        assertEquals("register_session", messages.get(1).functionName());
        assertEquals(OperationClass.MANAGEMENT, messages.get(1).operation());
        assertTrue(messages.get(1).requestFrame().isPresent());
    }

    @Test
    void identityObjectGetAttributesAllRevealsTheController() {
        byte[] ask = sendRrData(7, request(0x01, path(0x01, 1, -1), new byte[0]));
        byte[] answer = sendRrData(7, reply(0x01, 0, new int[0], IDENTITY_ATTRIBUTES));
        List<OtMessage> messages = new EnipBytes.Feeder().toServer(ask).toClient(answer).messages();
        OtMessage response = messages.get(1);
        assertEquals(EnipProtocols.CIP, response.protocol());
        assertEquals("get_attributes_all", response.functionName());
        assertEquals(OperationClass.READ, response.operation());
        assertEquals("107", response.identity().get("product_code"));
        assertEquals("20.04", response.identity().get("revision"));
        assertEquals("12345678", response.identity().get("serial_number"));
        assertEquals("1756-L61/B LO", response.identity().get("product_name"));
        Map<String, Object> record = MessageRecord.fields(response);
        assertEquals(1L, record.get("class"), "a reply carries its request's path");
        assertEquals(0, record.get("status"));
    }

    @Test
    void pathsOf16And32BitSegmentsAndAttributes() {
        // class 0x0302 (16-bit: 0x21, pad), instance 0x00010000 (32-bit: 0x26, pad), attribute 7 (0x30)
        byte[] path = hex("2100" + "0203" + "2600" + "00000100" + "3007");
        OtMessage message = new EnipBytes.Feeder().toServer(sendRrData(1, request(0x0E, path, new byte[0])))
                .messages().get(0);
        Map<String, Object> record = MessageRecord.fields(message);
        assertEquals(0x0302L, record.get("class"));
        assertEquals(0x10000L, record.get("instance"));
        assertEquals(7L, record.get("attribute"));
        assertEquals("get_attribute_single", message.functionName());
        assertEquals(List.of(new PointRange("cip:0x302/65536", 7, 1)), message.ranges());
    }

    @Test
    void logixTagsAreNamedAndTheirValuesKept() {
        byte[] tag = concat(symbol("Program:Main"), symbol("Level"), hex("2803")); // Program:Main.Level[3]
        byte[] write = sendRrData(2, request(0x4D, tag, concat(u16(0xC4), u16(2), u32(100), u32(-5))));
        byte[] written = sendRrData(2, reply(0x4D, 0, new int[0], new byte[0]));
        byte[] read = sendRrData(3, request(0x4C, symbol("Speed"), u16(1)));
        byte[] readBack = sendRrData(3, reply(0x4C, 0, new int[0], concat(u16(0xCA), u32(Float.floatToIntBits(1.5f)))));
        List<OtMessage> messages = new EnipBytes.Feeder().toServer(write).toClient(written).toServer(read)
                .toClient(readBack).messages();
        OtMessage writeTag = messages.get(0);
        assertEquals("write_tag", writeTag.functionName());
        assertEquals(OperationClass.WRITE, writeTag.operation());
        assertEquals("Program:Main.Level[3]", MessageRecord.fields(writeTag).get("tag"));
        assertEquals(List.of(new PointValue("cip:tag:Program:Main.Level[3]", 0, 100),
                new PointValue("cip:tag:Program:Main.Level[3]", 1, -5)), writeTag.values());
        assertEquals("write_tag", messages.get(1).functionName(), "a reply takes its request's name");
        assertEquals("read_tag", messages.get(2).functionName());
        assertEquals(List.of(new PointValue("cip:tag:Speed", 0, 1.5)), messages.get(3).values());
    }

    @Test
    void forwardOpenAttributesConnectedMessagesAndImplicitIoOfAnotherFlow() {
        ConnectionTable connections = new ConnectionTable();
        EnipBytes.Feeder tcp = new EnipBytes.Feeder(DissectorConfig.defaults(), connections, EnipBytes.tcpFlow());
        tcp.toServer(sendRrData(9, request(0x54, path(0x06, 1, -1), FORWARD_OPEN_DATA)))
                .toClient(sendRrData(9, reply(0x54, 0, new int[0], FORWARD_OPEN_REPLY_DATA)))
                .toServer(sendUnitData(O_T, 1, request(0x0E, path(0x01, 1, 7), new byte[0])))
                .toClient(sendUnitData(T_O, 1, reply(0x0E, 0, new int[0], hex("04" + "41424344"))));
        List<OtMessage> messages = tcp.messages();
        assertEquals(List.of("forward_open", "forward_open", "get_attribute_single", "get_attribute_single"),
                messages.stream().map(OtMessage::functionName).toList());
        Map<String, Object> opened = MessageRecord.fields(messages.get(1));
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = (Map<String, Object>) opened.get("connection_parameters");
        assertEquals(O_T, parameters.get("o_t_connection"));
        assertEquals(T_O, parameters.get("t_o_connection"));
        assertEquals(3, parameters.get("transport_class"));
        assertEquals(2L, parameters.get("path_class"));
        assertEquals(1, connections.size());
        OtMessage connectedReply = messages.get(3);
        assertEquals(3L, connectedReply.requestFrame().getAsLong(), "paired by connection and sequence count");
        assertEquals(T_O, MessageRecord.fields(connectedReply).get("connection"));
        assertEquals(7L, MessageRecord.fields(connectedReply).get("attribute"));

        // Class 1 I/O on UDP 2222: sequenced address item (connection id, sequence), connected data item.
        byte[] output = concat(u16(2), u16(0x8002), u16(8), u32(O_T), u32(77), u16(0x00B1), u16(6), hex("0100 01000000"));
        byte[] input = concat(u16(2), u16(0x8002), u16(8), u32(T_O), u32(78), u16(0x00B1), u16(4), hex("0200 2a00"));
        EnipBytes.Feeder udp = new EnipBytes.Feeder(DissectorConfig.defaults(), connections, EnipBytes.udpIoFlow());
        udp.toServer(output).toClient(input);
        List<OtMessage> io = udp.messages();
        assertEquals("implicit_output", io.get(0).functionName());
        assertEquals(MessageRole.REQUEST, io.get(0).role());
        assertEquals(OperationClass.WRITE, io.get(0).operation());
        assertEquals("implicit_input", io.get(1).functionName());
        assertEquals(MessageRole.RESPONSE, io.get(1).role());
        assertEquals(List.of(), io.get(1).anomalies(), "the connection is known");
        assertEquals(2L, MessageRecord.fields(io.get(1)).get("class"), "the connection path's class");
        assertTrue(io.get(0).function().isEmpty());

        tcp.toServer(sendRrData(10, request(0x4E, path(0x06, 1, -1),
                        hex("07 9b" + "0600" + "4d00" + "e0312b3d" + "02 00" + "20022401"))))
                .toClient(sendRrData(10, reply(0x4E, 0, new int[0], hex("0600 4d00 e0312b3d 00 00"))));
        assertEquals(0, connections.size(), "Forward Close ends it");
    }

    @Test
    void multipleServicePacketIsOneMessagePerServicePairedByPosition() {
        byte[] first = request(0x0E, path(0x01, 1, 1), new byte[0]);
        byte[] second = request(0x10, path(0xF5, 1, 3), hex("01"));
        byte[] packet = concat(u16(2), u16(6), u16(6 + first.length), first, second); // count, offsets, services
        byte[] firstReply = reply(0x0E, 0, new int[0], u16(1));
        byte[] secondReply = reply(0x10, 0x0E, new int[0], new byte[0]);
        byte[] replies = concat(u16(2), u16(6), u16(6 + firstReply.length), firstReply, secondReply);
        List<OtMessage> messages = new EnipBytes.Feeder()
                .toServer(sendRrData(4, request(0x0A, path(0x02, 1, -1), packet)))
                .toClient(sendRrData(4, reply(0x0A, 0x1E, new int[0], replies))).messages();
        assertEquals(List.of("get_attribute_single", "set_attribute_single", "get_attribute_single",
                "set_attribute_single"), messages.stream().map(OtMessage::functionName).toList());
        OtMessage refused = messages.get(3);
        assertEquals(0xF5L, MessageRecord.fields(refused).get("class"));
        assertEquals(1, MessageRecord.fields(refused).get("service_index"));
        assertEquals(0x0E, refused.exceptionCode());
        assertEquals("attribute_not_settable", refused.exceptionName());
        assertEquals(1L, refused.requestFrame().getAsLong());
    }

    /** Regression (found by EnipPropertiesTest): a packet whose services are no replies gave no message at all. */
    @Test
    void aMultipleServiceReplyWhoseServicesCannotBeReadIsOneMessage() {
        byte[] replies = concat(u16(2), u16(6), u16(7), hex("0e"), hex("10")); // two services of one octet each
        List<OtMessage> messages = new EnipBytes.Feeder()
                .toClient(sendRrData(4, reply(0x0A, 0, new int[0], replies))).messages();
        assertEquals(List.of("multiple_service_packet"), messages.stream().map(OtMessage::functionName).toList());
    }

    @Test
    void unconnectedSendCarryingStopIsAStop() {
        byte[] stop = request(0x07, path(0x8E, 1, -1), new byte[0]);
        byte[] send = request(0x52, path(0x06, 1, -1), concat(hex("07 9b"), u16(stop.length), stop,
                hex("01 00 0100"))); // route path: 1 word, reserved, port 1 slot 0
        List<OtMessage> messages = new EnipBytes.Feeder().toServer(sendRrData(5, send))
                .toClient(sendRrData(5, reply(0x07, 0, new int[0], new byte[0]))).messages();
        assertEquals(List.of("stop", "stop"), messages.stream().map(OtMessage::functionName).toList());
        assertEquals(OperationClass.CONTROL, messages.get(0).operation());
        assertEquals(Boolean.TRUE, MessageRecord.fields(messages.get(0)).get("routed"));
        assertEquals(otb.dissect.FunctionEffect.STOP, EnipProtocols.CIP.effect(messages.get(0).functionName()));
    }

    @Test
    void errorRepliesCarryStatusAndExtendedStatus() {
        List<OtMessage> messages = new EnipBytes.Feeder()
                .toServer(sendRrData(6, request(0x54, path(0x06, 1, -1), FORWARD_OPEN_DATA)))
                .toClient(sendRrData(6, reply(0x54, 0x01, new int[] {0x0100}, hex("0600 4d00 e0312b3d 00 00"))))
                .messages();
        OtMessage failed = messages.get(1);
        assertEquals(1, failed.exceptionCode());
        assertEquals("connection_failure", failed.exceptionName());
        assertEquals(List.of(0x0100), MessageRecord.fields(failed).get("ext_status"));
    }

    @Test
    void aBrokenHeaderIsSkippedToTheNextOneThatChecks() {
        byte[] garbage = hex("ffff 0102 0304");
        EnipBytes.Feeder feeder = new EnipBytes.Feeder().toServer(concat(garbage, LIST_IDENTITY));
        assertEquals(1, feeder.malformed().size());
        assertEquals("unknown_command", feeder.malformed().get(0).reason());
        assertEquals(garbage.length, feeder.malformed().get(0).skippedBytes());
        assertEquals("list_identity", feeder.messages().get(0).functionName());
        byte[] tooLong = hex("6f00 ffff 00000000 00000000 0000000000000000 00000000");
        EnipBytes.Feeder second = new EnipBytes.Feeder().toServer(concat(tooLong, LIST_IDENTITY));
        assertEquals("length_out_of_range", second.malformed().get(0).reason());
        assertEquals(1, second.messages().size());
    }

    @Test
    void truncatedPathsAndUnreadableCipAreFlaggedNotThrown() {
        List<OtMessage> messages = new EnipBytes.Feeder()
                // service 0x0E, path size 2 words, but only 3 octets follow
                .toServer(sendRrData(1, hex("0e 02" + "2100 02")))
                // path of 3 words: a 16-bit class (0x0302), then a 32-bit instance segment cut after its pad
                .toServer(sendRrData(2, request(0x0E, hex("2100 0203" + "2600"), new byte[0])))
                .messages();
        assertEquals(EnipProtocols.ENIP, messages.get(0).protocol(), "no readable CIP: the command is the message");
        assertEquals(List.of("path_size_exceeds_message"), messages.get(0).anomalies());
        OtMessage cut = messages.get(1);
        assertEquals(EnipProtocols.CIP, cut.protocol());
        assertEquals(List.of("truncated_path"), cut.anomalies());
        assertEquals(0x0302L, MessageRecord.fields(cut).get("class"), "what came before the bad segment is kept");
    }

    @Test
    void pendingRequestsAndConnectionsStayWithinTheirBounds() {
        DissectorConfig config = new DissectorConfig(Map.of(), 4, 1_000_000_000L, 4096, 8, 4096);
        EnipBytes.Feeder feeder = new EnipBytes.Feeder(config, new ConnectionTable(), EnipBytes.tcpFlow());
        for (int context = 1; context <= 6; context++) {
            feeder.toServer(sendRrData(context, request(0x0E, path(0x01, 1, 1), new byte[0])));
        }
        // Only the newest four are remembered: the reply to the first finds nothing, the sixth's pairs.
        feeder.toClient(sendRrData(1, reply(0x0E, 0, new int[0], u16(1))))
                .toClient(sendRrData(6, reply(0x0E, 0, new int[0], u16(1))));
        List<OtMessage> replies = feeder.messages().subList(6, 8);
        assertEquals(List.of("response_without_request"), replies.get(0).anomalies());
        assertEquals(6L, replies.get(1).requestFrame().getAsLong());
        // A request older than the timeout (capture time) is forgotten.
        feeder.toServer(sendRrData(7, request(0x0E, path(0x01, 1, 1), new byte[0])));
        feeder.session.tick(feeder.context.timestampNanos() + 2_000_000_000L, e -> { });
        feeder.toClient(sendRrData(7, reply(0x0E, 0, new int[0], u16(1))));
        assertEquals(List.of("response_without_request"), feeder.messages().get(9).anomalies());

        ConnectionTable connections = new ConnectionTable();
        EnipBytes.Feeder opener = new EnipBytes.Feeder(DissectorConfig.defaults(), connections, EnipBytes.tcpFlow());
        for (int serial = 0; serial < EnipLimits.MAX_CONNECTIONS + 10; serial++) {
            byte[] open = FORWARD_OPEN_DATA.clone();
            byte[] opened = FORWARD_OPEN_REPLY_DATA.clone();
            open[10] = opened[8] = (byte) serial;          // connection serial number, low octet
            open[11] = opened[9] = (byte) (serial >>> 8);  // and high octet
            opener.toServer(sendRrData(serial, request(0x54, path(0x06, 1, -1), open)))
                    .toClient(sendRrData(serial, reply(0x54, 0, new int[0], opened)));
        }
        assertEquals(EnipLimits.MAX_CONNECTIONS, connections.size());
    }

    /** Every message fed in every chunk size, and all of them concatenated, gives the same messages. */
    @Test
    void chunkingNeverChangesTheMessages() {
        byte[] toServer = concat(LIST_IDENTITY, sendRrData(9, request(0x54, path(0x06, 1, -1), FORWARD_OPEN_DATA)),
                sendUnitData(O_T, 1, request(0x4C, symbol("Speed"), u16(1))));
        byte[] toClient = concat(LIST_IDENTITY_REPLY, sendRrData(9, reply(0x54, 0, new int[0], FORWARD_OPEN_REPLY_DATA)),
                sendUnitData(T_O, 1, reply(0x4C, 0, new int[0], concat(u16(0xC3), u16(12)))));
        List<String> whole = rows(new EnipBytes.Feeder().toServer(toServer).toClient(toClient));
        assertEquals(6, whole.size());
        for (int chunk = 1; chunk <= toServer.length; chunk++) {
            EnipBytes.Feeder feeder = new EnipBytes.Feeder().chunked(Direction.TO_SERVER, toServer, chunk)
                    .chunked(Direction.TO_CLIENT, toClient, chunk);
            assertEquals(whole.stream().map(r -> r.replaceAll("\"(frame|request_frame|latency_us|ts)\":[^,]*,", ""))
                            .toList(),
                    rows(feeder).stream().map(r -> r.replaceAll("\"(frame|request_frame|latency_us|ts)\":[^,]*,", ""))
                            .toList(), "chunk " + chunk);
            assertEquals(0, feeder.buffered());
        }
    }

    private static List<String> rows(EnipBytes.Feeder feeder) {
        return feeder.messages().stream().map(MessageRecord::jsonLine).toList();
    }
}
