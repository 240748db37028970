package otb.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import otb.capture.CaptureEngine;
import otb.capture.CaptureLimits;
import otb.capture.Flow;
import otb.capture.Frames;
import otb.dissect.modbus.ModbusProtocol;
import org.junit.jupiter.api.Test;

/**
 * How the dispatcher hands a flow to a protocol, through the whole engine on crafted TCP
 * segments: a flow's first bytes are probed where they lie when a protocol takes them at once,
 * and held (then replayed in arrival order) when it cannot judge yet.
 */
class DispatcherTest {
    private static final int CLIENT = 0x0A00_0001;
    private static final int SERVER = 0x0A00_0002;
    private static final int CLIENT_PORT = 50_000;

    // Read holding registers 107..109 of unit 17 (transaction 0x15), and its answer.
    private static final byte[] REQUEST = {0x00, 0x15, 0x00, 0x00, 0x00, 0x06, 0x11, 0x03, 0x00, 0x6B, 0x00, 0x03};
    private static final byte[] RESPONSE = {0x00, 0x15, 0x00, 0x00, 0x00, 0x09, 0x11, 0x03, 0x06,
            0x02, 0x2B, 0x00, 0x00, (byte) 0xFF, 0x64};

    /** A TCP connection to a server port, fed segment by segment; frames numbered from 1. */
    private static final class Connection {
        final List<OtEvent> events = new ArrayList<>();
        final CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(),
                new Dispatcher(Dissectors.all(), DissectorConfig.defaults(), event -> events.add(event)));
        final int serverPort;
        long clientSequence = 1_000;
        long serverSequence = 7_000;
        long frame;

        Connection(int serverPort) {
            this.serverPort = serverPort;
            send(true, Frames.SYN, new byte[0]);
            send(false, Frames.SYN | Frames.ACK, new byte[0]);
        }

        Connection client(byte[] payload) {
            return send(true, Frames.ACK | Frames.PSH, payload);
        }

        Connection server(byte[] payload) {
            return send(false, Frames.ACK | Frames.PSH, payload);
        }

        private Connection send(boolean fromClient, int flags, byte[] payload) {
            frame++;
            long time = 1_000_000_000L + frame * 1_000_000L;
            byte[] bytes = fromClient
                    ? Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, serverPort, clientSequence, serverSequence + 1,
                    flags, payload)
                    : Frames.tcpFrame(SERVER, serverPort, CLIENT, CLIENT_PORT, serverSequence, clientSequence + 1,
                    flags, payload);
            engine.accept(Frames.packet(1, frame, time, bytes));
            // SYN counts one in the sequence space, as a payload byte would.
            long advance = payload.length + ((flags & Frames.SYN) != 0 ? 1 : 0);
            if (fromClient) {
                clientSequence += advance;
            } else {
                serverSequence += advance;
            }
            return this;
        }

        List<OtMessage> messages() {
            return events.stream().filter(OtMessage.class::isInstance).map(OtMessage.class::cast).toList();
        }

        FlowEnded end() {
            engine.finish();
            return events.stream().filter(FlowEnded.class::isInstance).map(FlowEnded.class::cast)
                    .findFirst().orElseThrow();
        }
    }

    @Test
    void aFlowWhoseFirstBytesAreAWholeMessageIsDissectedFromThem() {
        Connection connection = new Connection(502).client(REQUEST).server(RESPONSE);
        List<OtMessage> messages = connection.messages();
        assertEquals(2, messages.size());
        assertEquals(MessageRole.REQUEST, messages.get(0).role());
        assertEquals(3, messages.get(0).frame());
        assertEquals(4, messages.get(1).frame());
        assertEquals(3, messages.get(1).requestFrame().getAsLong());
        assertEquals(3, messages.get(1).values().size());
        FlowEnded end = connection.end();
        assertEquals(Optional.of(ModbusProtocol.DESCRIPTOR), end.protocol());
        assertEquals(REQUEST.length, end.bytesToServer());
        assertEquals(RESPONSE.length, end.bytesToClient());
    }

    @Test
    void aFirstSegmentTooShortToJudgeIsHeldAndDissectedWithWhatFollows() {
        Connection connection = new Connection(502)
                .client(Arrays.copyOfRange(REQUEST, 0, 5))
                .client(Arrays.copyOfRange(REQUEST, 5, REQUEST.length))
                .server(RESPONSE);
        List<OtMessage> messages = connection.messages();
        assertEquals(2, messages.size());
        // The request is complete in the frame of its second part.
        assertEquals(4, messages.get(0).frame());
        assertEquals(0x15, messages.get(0).transactionId().getAsLong());
        assertEquals(4, messages.get(1).requestFrame().getAsLong());
        // The held part is counted once, before the session took the flow over.
        FlowEnded end = connection.end();
        assertEquals(Optional.of(ModbusProtocol.DESCRIPTOR), end.protocol());
        assertEquals(2, end.payloadsToServer());
        assertEquals(REQUEST.length, end.bytesToServer());
        assertEquals(1, end.payloadsToClient());
        assertEquals(RESPONSE.length, end.bytesToClient());
    }

    @Test
    void bytesHeldFromBothDirectionsAreReplayedInArrivalOrder() {
        // Off the Modbus port, the first request alone is not evidence enough; the response's
        // start is held too; once the flow is taken, the request comes out before its answer.
        Connection connection = new Connection(1502)
                .client(REQUEST)
                .server(Arrays.copyOfRange(RESPONSE, 0, 4))
                .client(Arrays.copyOfRange(REQUEST, 0, 3))
                .server(Arrays.copyOfRange(RESPONSE, 4, RESPONSE.length))
                .client(Arrays.copyOfRange(REQUEST, 3, REQUEST.length));
        List<OtMessage> messages = connection.messages();
        assertTrue(messages.size() >= 2, "messages: " + messages);
        assertEquals(MessageRole.REQUEST, messages.get(0).role());
        assertEquals(3, messages.get(0).frame());
        assertEquals(MessageRole.RESPONSE, messages.get(1).role());
        assertEquals(3, messages.get(1).requestFrame().getAsLong());
    }

    @Test
    void bytesNoProtocolTakesAreNeverDissected() {
        byte[] tls = {0x16, 0x03, 0x01, 0x00, 0x2A, 0x01, 0x00, 0x00, 0x26, 0x03, 0x03, 0x11, 0x22, 0x33};
        Connection connection = new Connection(502);
        for (int i = 0; i < 10; i++) {
            connection.client(tls).server(tls);
        }
        assertEquals(List.of(), connection.messages());
        FlowEnded end = connection.end();
        assertEquals(Optional.empty(), end.protocol());
        assertEquals(10L * tls.length, end.bytesToServer());
    }

    @Test
    void aDissectorThatGivesOutOneSessionTwiceIsStoppedAtTheSecondFlow() {
        ProtocolDissector modbus = Dissectors.all().stream()
                .filter(dissector -> dissector.protocol() == ModbusProtocol.DESCRIPTOR).findFirst().orElseThrow();
        ProtocolSession[] only = new ProtocolSession[1];
        ProtocolDissector broken = new ProbingAs(modbus) {
            @Override
            public ProtocolSession newSession(Flow flow, DissectorConfig config) {
                if (only[0] == null) {
                    only[0] = modbus.newSession(flow, config);
                }
                return only[0];
            }
        };
        Dispatcher dispatcher = new Dispatcher(List.of(broken), DissectorConfig.defaults(), event -> { });
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), dispatcher);
        engine.accept(Frames.packet(1, 1, 1_000_000_000L,
                Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, 502, 1, 1, Frames.ACK | Frames.PSH, REQUEST)));
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> engine.accept(Frames.packet(1, 2, 1_001_000_000L,
                        Frames.tcpFrame(CLIENT, CLIENT_PORT + 1, SERVER, 502, 1, 1, Frames.ACK | Frames.PSH, REQUEST))));
        assertTrue(thrown.getMessage().contains("already serving a flow"), thrown.getMessage());
    }
}
