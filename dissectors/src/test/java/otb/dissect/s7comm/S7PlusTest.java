package otb.dissect.s7comm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.s7comm.S7Fixtures.bytes;
import static otb.dissect.s7comm.S7Fixtures.dt;

import otb.capture.Direction;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtMessage;
import otb.dissect.s7comm.S7Fixtures.Feeder;
import org.junit.jupiter.api.Test;

class S7PlusTest {
    /** S7comm-plus header: 0x72, version, length of what follows up to the trailer. */
    private static byte[] plus(int version, byte[] body, boolean trailer) {
        return concat(bytes(0x72, version, body.length >> 8, body.length & 0xFF), body,
                trailer ? bytes(0x72, version, 0x00, 0x00) : bytes());
    }

    /** Request: opcode 0x31, reserved, function, reserved, sequence, session id, transport flags, opaque. */
    private static byte[] request(int function, int sequence, long session) {
        return bytes(0x31, 0x00, 0x00, function >> 8, function & 0xFF, 0x00, 0x00, sequence >> 8, sequence & 0xFF,
                (int) (session >> 24) & 0xFF, (int) (session >> 16) & 0xFF, (int) (session >> 8) & 0xFF,
                (int) session & 0xFF, 0x36, 0xAA, 0xBB, 0xCC);
    }

    /** Response: opcode 0x32, reserved, function, reserved, sequence, transport flags, opaque. */
    private static byte[] response(int function, int sequence) {
        return bytes(0x32, 0x00, 0x00, function >> 8, function & 0xFF, 0x00, 0x00, sequence >> 8, sequence & 0xFF,
                0x36, 0x01, 0x02);
    }

    private static S7Detail.Plus detail(OtMessage message) {
        return (S7Detail.Plus) message.detail();
    }

    @Test
    void requestAndResponseAreNamedAndPaired() {
        Feeder feeder = new Feeder()
                .feed(Direction.TO_SERVER, 1, dt(plus(0x01, request(0x04CA, 1, 0x120), true)))
                .feed(Direction.TO_CLIENT, 2, dt(plus(0x01, response(0x04CA, 1), true)));
        OtMessage create = feeder.messages().get(0);
        assertEquals(S7Protocols.S7COMM_PLUS, create.protocol());
        assertEquals(MessageRole.REQUEST, create.role());
        assertEquals(0x04CA, create.function().getAsInt());
        assertEquals("create_object", create.functionName());
        assertEquals(OperationClass.MANAGEMENT, create.operation());
        assertEquals(0x120, detail(create).sessionId().getAsLong());
        assertEquals(3, detail(create).opaqueBytes());
        assertEquals(1, create.transactionId().getAsLong());
        OtMessage answer = feeder.messages().get(1);
        assertEquals(MessageRole.RESPONSE, answer.role());
        assertEquals(1, answer.requestFrame().getAsLong());
        assertTrue(detail(answer).sessionId().isEmpty());
    }

    @Test
    void functionsAreClassedAsFarAsTheyTell() {
        Feeder feeder = new Feeder()
                .feed(Direction.TO_SERVER, 1, dt(plus(0x02, request(0x054C, 2, 0x3C0), true)))
                .feed(Direction.TO_SERVER, 2, dt(plus(0x02, request(0x0542, 3, 0x3C0), true)))
                .feed(Direction.TO_SERVER, 3, dt(plus(0x02, request(0x056B, 4, 0x3C0), true)))
                .feed(Direction.TO_SERVER, 4, dt(plus(0x02, request(0x0777, 5, 0x3C0), true)));
        assertEquals(OperationClass.READ, feeder.messages().get(0).operation());
        assertEquals(OperationClass.WRITE, feeder.messages().get(1).operation());
        assertEquals(OperationClass.CONTROL, feeder.messages().get(2).operation());
        assertEquals(OperationClass.OTHER, feeder.messages().get(3).operation());
        assertEquals("function_0x0777", feeder.messages().get(3).functionName());
    }

    @Test
    void integrityProtectedNotificationStaysOpaque() {
        byte[] digest = new byte[32];
        // V3: digest length 0x20, 32-byte digest, opcode 0x33, subscription object id, opaque
        byte[] body = concat(bytes(0x20), digest, bytes(0x33, 0x70, 0x00, 0x0E, 0x51, 0x04, 0x00, 0x00));
        OtMessage message = new Feeder().feed(Direction.TO_CLIENT, 1, dt(plus(0x03, body, true))).only();
        assertEquals("notification", message.functionName());
        assertTrue(message.function().isEmpty());
        assertEquals(MessageRole.RESPONSE, message.role());
        assertTrue(detail(message).integrity());
        assertEquals("notification", detail(message).opcode());
        assertEquals(7, detail(message).opaqueBytes());
    }

    @Test
    void aPduWithoutTrailerContinuesInTheNextOne() {
        Feeder feeder = new Feeder()
                .feed(Direction.TO_SERVER, 1, dt(plus(0x02, request(0x04CA, 9, 0x3C0), false)))
                .feed(Direction.TO_SERVER, 2, dt(plus(0x02, bytes(0x00, 0x82, 0x3F, 0x98), true)))
                .feed(Direction.TO_SERVER, 3, dt(plus(0x02, request(0x054C, 10, 0x3C0), true)));
        assertEquals(2, feeder.messages().size());
        assertEquals("first", detail(feeder.messages().get(0)).fragment());
        assertEquals("get_multi_variables", feeder.messages().get(1).functionName());
        assertEquals(3, feeder.messages().get(1).frame());
    }

    @Test
    void truncatedOrUnknownContentIsFlagged() {
        Feeder feeder = new Feeder()
                .feed(Direction.TO_SERVER, 1, dt(plus(0x02, bytes(0x31, 0x00), true)))
                .feed(Direction.TO_SERVER, 2, dt(plus(0x02, bytes(0x44, 0x00, 0x00), true)))
                .feed(Direction.TO_SERVER, 3, dt(bytes(0x72, 0x02)));
        assertEquals(java.util.List.of("short_header"), feeder.messages().get(0).anomalies());
        assertEquals(java.util.List.of("unknown_opcode"), feeder.messages().get(1).anomalies());
        assertEquals("truncated_s7plus_header", feeder.malformed().get(0).reason());
    }
}
