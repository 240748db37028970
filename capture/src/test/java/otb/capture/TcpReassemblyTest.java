package otb.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TCP reassembly through the whole engine, on crafted segments. */
class TcpReassemblyTest {
    static final int CLIENT = 0x0A00_0001;   // 10.0.0.1
    static final int SERVER = 0x0A00_0002;   // 10.0.0.2
    static final int CLIENT_PORT = 49152;
    static final int SERVER_PORT = 502;

    /** One segment of the client's stream: offset in the stream and length. */
    record Piece(int offset, int length) {
    }

    static byte[] stream(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Feeds the client's stream as the given pieces (after a handshake), then FIN both ways. */
    static RecordingListener run(CaptureLimits limits, long isn, byte[] stream, List<Piece> pieces, boolean finish) {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(limits, listener);
        long serverIsn = 7_000;
        long time = 1_000_000_000L;
        engine.accept(Frames.packet(1, time, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, isn, 0,
                Frames.SYN, new byte[0])));
        engine.accept(Frames.packet(1, time, Frames.tcpFrame(SERVER, SERVER_PORT, CLIENT, CLIENT_PORT, serverIsn,
                isn + 1, Frames.SYN | Frames.ACK, new byte[0])));
        for (Piece piece : pieces) {
            byte[] payload = Arrays.copyOfRange(stream, piece.offset, piece.offset + piece.length);
            // Client segments acknowledge only the server's SYN, so no ACK confirms client holes.
            engine.accept(Frames.packet(1, time, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT,
                    (isn + 1 + piece.offset) & 0xFFFF_FFFFL, serverIsn + 1, Frames.ACK | Frames.PSH, payload)));
        }
        if (finish) {
            engine.finish();
        }
        return listener;
    }

    static RecordingListener.FlowRecord only(RecordingListener listener) {
        assertEquals(1, listener.flows.size(), "flows");
        return listener.flows.values().iterator().next();
    }

    static List<Piece> chunks(int length, int size) {
        List<Piece> pieces = new ArrayList<>();
        for (int offset = 0; offset < length; offset += size) {
            pieces.add(new Piece(offset, Math.min(size, length - offset)));
        }
        return pieces;
    }

    @Test
    void splitAtEveryOffset() {
        byte[] data = stream(257, 1);
        for (int split = 1; split < data.length; split++) {
            RecordingListener listener = run(CaptureLimits.defaults(), 1000, data,
                    List.of(new Piece(0, split), new Piece(split, data.length - split)), true);
            RecordingListener.FlowRecord flow = only(listener);
            assertArrayEquals(data, flow.toServer.toByteArray(), "split at " + split);
            assertEquals(0, flow.gapBytesToServer);
            assertTrue(flow.flow.handshakeSeen());
            assertEquals(SERVER_PORT, flow.flow.serverPort());
        }
    }

    @Test
    void everyChunkSize() {
        byte[] data = stream(200, 2);
        for (int size = 1; size <= data.length; size++) {
            RecordingListener.FlowRecord flow = only(run(CaptureLimits.defaults(), 1000, data, chunks(data.length, size), true));
            assertArrayEquals(data, flow.toServer.toByteArray(), "chunk size " + size);
        }
    }

    @Test
    void reorderedSegmentsAreDeliveredInOrderOnce() {
        byte[] data = stream(3000, 3);
        Random random = new Random(4);
        for (int round = 0; round < 50; round++) {
            List<Piece> pieces = chunks(data.length, 1 + random.nextInt(200));
            Collections.shuffle(pieces, random);
            RecordingListener.FlowRecord flow = only(run(CaptureLimits.defaults(), random.nextInt() & 0xFFFF_FFFFL,
                    data, pieces, true));
            assertArrayEquals(data, flow.toServer.toByteArray(), "round " + round);
            assertEquals(0, flow.gapBytesToServer);
        }
    }

    @Test
    void duplicatedAndOverlappingSegmentsAreDeliveredOnce() {
        byte[] data = stream(2000, 5);
        Random random = new Random(6);
        for (int round = 0; round < 50; round++) {
            List<Piece> pieces = new ArrayList<>();
            // Random overlapping windows that together cover the stream, each sent twice.
            int covered = 0;
            while (covered < data.length) {
                int start = Math.max(0, covered - random.nextInt(50));
                int end = Math.min(data.length, covered + 1 + random.nextInt(150));
                pieces.add(new Piece(start, end - start));
                pieces.add(new Piece(start, end - start));
                covered = end;
            }
            if (round % 2 == 1) {
                Collections.shuffle(pieces, random);
            }
            RecordingListener listener = run(CaptureLimits.defaults(), 123_456, data, pieces, true);
            RecordingListener.FlowRecord flow = only(listener);
            assertArrayEquals(data, flow.toServer.toByteArray(), "round " + round);
            assertEquals(0, flow.gapBytesToServer);
        }
    }

    @Test
    void sequenceWrapAround() {
        byte[] data = stream(1000, 7);
        for (long isn : new long[] {0xFFFF_FFFFL, 0xFFFF_FFFEL - 500, 0xFFFF_FF00L, 0}) {
            List<Piece> pieces = chunks(data.length, 90);
            Collections.reverse(pieces);
            RecordingListener.FlowRecord flow = only(run(CaptureLimits.defaults(), isn, data, pieces, true));
            assertArrayEquals(data, flow.toServer.toByteArray(), "isn " + isn);
        }
    }

    @Test
    void missingSegmentHoldsLaterDataUntilTheHoleIsGivenUp() {
        byte[] data = stream(1000, 8);
        List<Piece> pieces = new ArrayList<>(chunks(data.length, 100));
        pieces.remove(4);                       // bytes 400..499 never arrive
        RecordingListener listener = run(CaptureLimits.defaults(), 1, data, pieces, false);
        RecordingListener.FlowRecord flow = only(listener);
        assertArrayEquals(Arrays.copyOf(data, 400), flow.toServer.toByteArray(), "held until the hole is given up");
        assertEquals(0, flow.gapBytesToServer);
        assertNull(flow.end);
    }

    @Test
    void missingSegmentGapThenRestOnFinish() {
        byte[] data = stream(1000, 8);
        List<Piece> pieces = new ArrayList<>(chunks(data.length, 100));
        pieces.remove(4);
        RecordingListener.FlowRecord flow = only(run(CaptureLimits.defaults(), 1, data, pieces, true));
        byte[] expected = new byte[900];
        System.arraycopy(data, 0, expected, 0, 400);
        System.arraycopy(data, 500, expected, 400, 500);
        assertArrayEquals(expected, flow.toServer.toByteArray());
        assertEquals(100, flow.gapBytesToServer);
        assertEquals(List.of("TO_SERVER data 100", "TO_SERVER data 100", "TO_SERVER data 100", "TO_SERVER data 100",
                "TO_SERVER gap 100", "TO_SERVER data 100", "TO_SERVER data 100", "TO_SERVER data 100",
                "TO_SERVER data 100", "TO_SERVER data 100"), flow.events);
        assertEquals(FlowListener.FlowEnd.END_OF_INPUT, flow.end);
    }

    @Test
    void perFlowBoundTurnsTheHoleIntoAGap() {
        byte[] data = stream(1000, 9);
        List<Piece> pieces = new ArrayList<>(chunks(data.length, 100));
        pieces.remove(1);                       // bytes 100..199 missing
        CaptureLimits limits = new CaptureLimits(100, Long.MAX_VALUE / 4, 250, 1 << 20, 16, 1 << 20, 1_000_000_000L);
        RecordingListener listener = run(limits, 1, data, pieces, false);
        RecordingListener.FlowRecord flow = only(listener);
        // 200..399 held (200 bytes); 400..499 would exceed 250: the hole becomes a gap.
        assertEquals(100, flow.gapBytesToServer);
        byte[] expected = new byte[900];
        System.arraycopy(data, 0, expected, 0, 100);
        System.arraycopy(data, 200, expected, 100, 800);
        assertArrayEquals(expected, flow.toServer.toByteArray(), "everything delivered before the end of input");
        assertNull(flow.end);
    }

    @Test
    void globalBoundTurnsHolesIntoGaps() {
        CaptureLimits limits = new CaptureLimits(100, Long.MAX_VALUE / 4, 1 << 20, 300, 16, 1 << 20, 1_000_000_000L);
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(limits, listener);
        // Two mid-stream flows, each with a hole at its start: 200 bytes held each exceed 300 in all.
        for (int flow = 0; flow < 2; flow++) {
            for (int piece = 1; piece <= 2; piece++) {
                engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, 40000 + flow, SERVER, SERVER_PORT,
                        piece == 1 ? 5000 : 5000 + 100 * piece, 1, Frames.ACK, new byte[100])));
            }
        }
        // Flow 1 started at 5000 and holds 5200..5299 (hole 5100..5199); flow 2 likewise. The
        // second hold would make 200 <= 300: no gap yet. A third held segment passes the bound.
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, 40001, SERVER, SERVER_PORT, 5400, 1, Frames.ACK,
                new byte[150])));
        long gaps = engine.counters().asMap().get("tcp_gaps");
        assertEquals(2, gaps, "hole before the held segment and hole before the new one");
        RecordingListener.FlowRecord second = listener.flows.get(2L);
        assertEquals(200, second.gapBytesToServer);
        assertEquals(100 + 100 + 150, second.toServer.size());
    }

    @Test
    void acknowledgementBeyondAHoleGivesTheGapAtOnce() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 100, 900,
                Frames.ACK, new byte[10])));
        // 110..119 not captured; 120..129 held.
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 120, 900,
                Frames.ACK, new byte[10])));
        RecordingListener.FlowRecord flow = only(listener);
        assertEquals(10, flow.toServer.size());
        // The server acknowledges up to 130: it got 110..119, the capture did not.
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(SERVER, SERVER_PORT, CLIENT, CLIENT_PORT, 900, 130,
                Frames.ACK, new byte[0])));
        assertEquals(10, flow.gapBytesToServer);
        assertEquals(20, flow.toServer.size());
        assertEquals(List.of("TO_SERVER data 10", "TO_SERVER gap 10", "TO_SERVER data 10"), flow.events);
    }

    @Test
    void midStreamPickupUsesPortHeuristicsAndIgnoresKeepAlives() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        // First packet seen: the server's response (port 20000 is DNP3).
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(SERVER, 20000, CLIENT, 50123, 1000, 555, Frames.ACK,
                Frames.hex("0564"))));
        // A bare ACK of the client, then a keep-alive one byte below it, then data.
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, 50123, SERVER, 20000, 555, 1002, Frames.ACK,
                new byte[0])));
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, 50123, SERVER, 20000, 554, 1002, Frames.ACK,
                new byte[1])));
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, 50123, SERVER, 20000, 555, 1002, Frames.ACK,
                Frames.hex("056405"))));
        RecordingListener.FlowRecord flow = only(listener);
        assertFalse(flow.flow.handshakeSeen());
        assertEquals("10.0.0.2", flow.flow.server().toString());
        assertEquals(20000, flow.flow.serverPort());
        assertArrayEquals(Frames.hex("056405"), flow.toServer.toByteArray());
        assertArrayEquals(Frames.hex("0564"), flow.toClient.toByteArray());
    }

    @Test
    void finBothWaysEndsTheFlowAndTrailingAckIsAbsorbed() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 10, 0, Frames.SYN,
                new byte[0])));
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(SERVER, SERVER_PORT, CLIENT, CLIENT_PORT, 70, 11,
                Frames.SYN | Frames.ACK, new byte[0])));
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 11, 71,
                Frames.ACK | Frames.FIN, Frames.hex("aabb"))));
        assertNull(only(listener).end);
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(SERVER, SERVER_PORT, CLIENT, CLIENT_PORT, 71, 14,
                Frames.ACK | Frames.FIN, Frames.hex("cc"))));
        assertEquals(FlowListener.FlowEnd.FIN, only(listener).end);
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 14, 73,
                Frames.ACK, new byte[0])));
        assertEquals(1, listener.flows.size(), "the last ACK starts no flow");
        assertEquals(1L, engine.counters().asMap().get("packets_after_close"));
        // A new SYN on the same ports is a new connection.
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 99, 0, Frames.SYN,
                new byte[0])));
        assertEquals(2, listener.flows.size());
        engine.finish();
        assertEquals(FlowListener.FlowEnd.END_OF_INPUT, listener.flows.get(2L).end);
    }

    @Test
    void missingBytesBeforeAnAcknowledgedFinBecomeAGapAndEndTheFlow() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 10, 500,
                Frames.ACK, new byte[5])));
        // 15..19 lost; the FIN at 20 arrives and the server acknowledges it (21).
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 20, 500,
                Frames.ACK | Frames.FIN, new byte[0])));
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(SERVER, SERVER_PORT, CLIENT, CLIENT_PORT, 500, 21,
                Frames.ACK | Frames.FIN, new byte[0])));
        RecordingListener.FlowRecord flow = only(listener);
        assertEquals(List.of("TO_SERVER data 5", "TO_SERVER gap 5"), flow.events);
        assertEquals(FlowListener.FlowEnd.FIN, flow.end);
    }

    @Test
    void synWithANewSequenceOnAnOpenFlowStartsANewConnection() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 10, 0, Frames.SYN,
                new byte[0])));
        // The SYN again (a retransmission): the same flow.
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 10, 0, Frames.SYN,
                new byte[0])));
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 11, 0, Frames.ACK,
                new byte[3])));
        assertEquals(1, listener.flows.size());
        // The client restarts without the old connection's end being captured.
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 90_000, 0,
                Frames.SYN, new byte[0])));
        assertEquals(2, listener.flows.size());
        assertEquals(FlowListener.FlowEnd.EVICTED, listener.flows.get(1L).end);
        assertEquals(1L, engine.counters().asMap().get("flows_replaced"));
    }

    @Test
    void resetEndsTheFlowAndDeliversHeldData() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 10, 1, Frames.ACK,
                new byte[5])));
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 20, 1, Frames.ACK,
                new byte[5])));
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(SERVER, SERVER_PORT, CLIENT, CLIENT_PORT, 1, 0, Frames.RST,
                new byte[0])));
        RecordingListener.FlowRecord flow = only(listener);
        assertEquals(FlowListener.FlowEnd.RST, flow.end);
        assertEquals(List.of("TO_SERVER data 5", "TO_SERVER gap 5", "TO_SERVER data 5"), flow.events);
    }

    @Test
    void snapLengthCutSegmentGivesAGapForTheMissingBytes() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        byte[] whole = Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 10, 1, Frames.ACK, stream(100, 1));
        engine.accept(Frames.packet(1, 0, Arrays.copyOf(whole, whole.length - 60)));
        engine.accept(Frames.packet(1, 0, Frames.tcpFrame(CLIENT, CLIENT_PORT, SERVER, SERVER_PORT, 110, 1,
                Frames.ACK, new byte[7])));
        RecordingListener.FlowRecord flow = only(listener);
        assertEquals(List.of("TO_SERVER data 40", "TO_SERVER gap 60", "TO_SERVER data 7"), flow.events);
        assertEquals(1L, engine.counters().asMap().get("truncated_frames"));
    }
}
