package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which frame released out-of-order bytes are delivered with (the rule in {@link FlowListener}):
 * the filling frame when a hole is filled, the carrying frame when a hole is given up.
 * Regression for S7 PDUs reported one frame late on captures filtered to S7 frames
 * (tia_s300_goOnline, wincc_s400_production).
 */
class TcpReassemblyFrameTest {
    static final int CLIENT = 0x0A00_0001;   // 10.0.0.1
    static final int SERVER = 0x0A00_0002;   // 10.0.0.2
    static final int CLIENT_PORT = 49152;
    static final int SERVER_PORT = 102;      // ISO-TSAP (S7comm)
    static final long SECOND = 1_000_000_000L;

    /** Records each data and gap call with the frame it carries: "data 10 @2 t=2 s=test". */
    static final class FrameListener implements FlowListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void flowStarted(Flow flow, Packet packet) {
        }

        @Override
        public void data(Flow flow, Direction direction, ByteBuffer payload, Packet packet) {
            events.add(direction + " data " + payload.remaining() + " " + frameOf(packet));
        }

        @Override
        public void gap(Flow flow, Direction direction, long missingBytes, Packet packet) {
            events.add(direction + " gap " + missingBytes + " " + frameOf(packet));
        }

        @Override
        public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
            events.add("end " + reason);
        }

        private static String frameOf(Packet packet) {
            return "@" + packet.frameNumber() + " t=" + packet.timestampNanos() / SECOND + " s=" + packet.source();
        }
    }

    private final FrameListener listener = new FrameListener();
    private final CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);

    /**
     * Feeds frame {@code number} (capture time {@code number} seconds, source "file-a") and checks
     * that the packet's own identity is back after the engine's callbacks.
     */
    private void frame(long number, String source, int from, int fromPort, int to, int toPort, long sequence,
            long acknowledgement, int flags, int payloadLength) {
        Packet packet = Frames.packet(1, number * SECOND, Frames.tcpFrame(from, fromPort, to, toPort, sequence,
                acknowledgement, flags, new byte[payloadLength]));
        packet.frameNumber = number;
        packet.source = source;
        engine.accept(packet);
        assertEquals(number, packet.frameNumber(), "frame number restored after the callbacks");
        assertEquals(number * SECOND, packet.timestampNanos(), "capture time restored after the callbacks");
        assertEquals(source, packet.source(), "source restored after the callbacks");
    }

    /** A client segment: sequence (absolute) and length, acknowledging the server's byte 900. */
    private void client(long number, long sequence, int length) {
        frame(number, "file-a", CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, sequence, 900, Frames.ACK | Frames.PSH,
                length);
    }

    /** A bare server ACK of the client's stream up to {@code acknowledgement}. */
    private void serverAck(long number, long acknowledgement) {
        frame(number, "file-a", SERVER, SERVER_PORT, CLIENT, CLIENT_PORT, 900, acknowledgement, Frames.ACK, 0);
    }

    @Test
    void segmentAfterAnAcknowledgedHoleKeepsItsOwnFrame() {
        client(1, 100, 10);                     // bytes 100..109, in order
        client(2, 120, 10);                     // 110..119 not captured: 120..129 held
        serverAck(3, 130);                      // the server got 110..119: the hole is a gap
        client(4, 130, 10);                     // in order again
        assertEquals(List.of(
                "TO_SERVER data 10 @1 t=1 s=file-a",
                // Wireshark: frame 2 "previous segment not captured", its PDU dissected in frame 2.
                "TO_SERVER gap 10 @2 t=2 s=file-a",
                "TO_SERVER data 10 @2 t=2 s=file-a",
                "TO_SERVER data 10 @4 t=4 s=file-a"), listener.events);
    }

    @Test
    void bytesAfterAFilledHoleComeWithTheFillingFrame() {
        client(1, 100, 100);                    // 100..199
        client(2, 300, 100);                    // 200..299 late: 300..399 held
        client(3, 400, 100);                    // 400..499 held
        client(4, 200, 100);                    // the late segment fills the hole
        assertEquals(List.of(
                "TO_SERVER data 100 @1 t=1 s=file-a",
                // Only frame 4 makes 300..499 follow in sequence: a PDU ending there ends in frame 4.
                "TO_SERVER data 100 @4 t=4 s=file-a",
                "TO_SERVER data 100 @4 t=4 s=file-a",
                "TO_SERVER data 100 @4 t=4 s=file-a"), listener.events);
    }

    @Test
    void partlyAcknowledgedHoleGivesTheGapWithTheAcknowledgingFrame() {
        client(1, 100, 10);                     // 100..109
        client(2, 130, 10);                     // 110..129 missing: 130..139 held
        serverAck(3, 120);                      // only 110..119 confirmed lost
        serverAck(4, 140);                      // now 120..129 too
        assertEquals(List.of(
                "TO_SERVER data 10 @1 t=1 s=file-a",
                // No held data follows the confirmed part yet: the frame that confirmed it.
                "TO_SERVER gap 10 @3 t=3 s=file-a",
                "TO_SERVER gap 10 @2 t=2 s=file-a",
                "TO_SERVER data 10 @2 t=2 s=file-a"), listener.events);
    }

    @Test
    void heldSegmentsReleasedAtTheEndOfInputKeepTheirFramesAndNeverGoBack() {
        client(1, 100, 10);                     // 100..109
        client(2, 140, 10);                     // 110..119 never captured; 140..149 held
        client(3, 130, 10);                     // 130..139 held, arrived after 140..149
        client(4, 120, 10);                     // 120..129 held, arrived last
        client(5, 170, 10);                     // 150..169 never captured; 170..179 held
        engine.finish();
        assertEquals(List.of(
                "TO_SERVER data 10 @1 t=1 s=file-a",
                "TO_SERVER gap 10 @4 t=4 s=file-a",
                "TO_SERVER data 10 @4 t=4 s=file-a",
                // 130..149 arrived before 120..129, but only follow it in sequence: frame 4.
                "TO_SERVER data 10 @4 t=4 s=file-a",
                "TO_SERVER data 10 @4 t=4 s=file-a",
                "TO_SERVER gap 20 @5 t=5 s=file-a",
                "TO_SERVER data 10 @5 t=5 s=file-a",
                "end END_OF_INPUT"), listener.events);
    }

    @Test
    void resetFlushKeepsTheFramesAndSourceOfHeldSegments() {
        client(1, 100, 10);                     // 100..109
        frame(2, "file-b", CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 120, 900, Frames.ACK, 10); // held, next file
        frame(3, "file-b", SERVER, SERVER_PORT, CLIENT, CLIENT_PORT, 900, 0, Frames.RST, 0);
        assertEquals(List.of(
                "TO_SERVER data 10 @1 t=1 s=file-a",
                "TO_SERVER gap 10 @2 t=2 s=file-b",
                "TO_SERVER data 10 @2 t=2 s=file-b",
                "end RST"), listener.events);
    }

    @Test
    void byteBoundReleasesHeldSegmentsWithTheirFrames() {
        FrameListener bounded = new FrameListener();
        CaptureLimits limits = new CaptureLimits(100, Long.MAX_VALUE / 4, 250, 1 << 20, 16, 1 << 20, SECOND);
        CaptureEngine small = new CaptureEngine(limits, bounded);
        long[][] segments = {
            {1, 0},                             // 0..99
            {2, 200},                           // 100..199 never captured: 200..299 held
            {3, 300},                           // 300..399 held (200 bytes held)
            {4, 400},                           // would hold 300 > 250: the hole is given up
        };
        for (long[] segment : segments) {
            Packet packet = Frames.packet(1, segment[0] * SECOND, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER,
                    SERVER_PORT, 1000 + segment[1], 900, Frames.ACK, new byte[100]));
            packet.frameNumber = segment[0];
            small.accept(packet);
            assertEquals(segment[0], packet.frameNumber());
        }
        assertEquals(List.of(
                "TO_SERVER data 100 @1 t=1 s=test",
                "TO_SERVER gap 100 @2 t=2 s=test",
                "TO_SERVER data 100 @2 t=2 s=test",
                "TO_SERVER data 100 @3 t=3 s=test",
                "TO_SERVER data 100 @4 t=4 s=test"), bounded.events);
    }

    @Test
    void acknowledgementBeyondAFinReleasesTheDataAfterIt() {
        // Like fuzz-72 frame 1: a SYN that also carries FIN and 6 bytes (fuzzed flags).
        frame(1, "file-a", CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 1000, 0, Frames.SYN | Frames.FIN, 6);
        client(2, 1030, 9);                     // bytes at offset 29: held behind 1007..1029
        // The server acknowledges 1039: no FIN can be at 1007, so the hole is lost data, not
        // bytes after the end of the stream; the held segment comes now, not at the end of input.
        serverAck(3, 1039);
        assertEquals(List.of(
                "TO_SERVER data 6 @1 t=1 s=file-a",
                "TO_SERVER gap 23 @2 t=2 s=file-a",
                "TO_SERVER data 9 @2 t=2 s=file-a"), listener.events);
    }
}
