package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading, decoding, flow lookup and in-order reassembly allocate nothing per packet: the bytes
 * a thread allocates over 40,000 packets stay far below one object per packet.
 */
class HotPathAllocationTest {
    static final int PACKETS = 40_000;

    @TempDir
    Path directory;

    @Test
    void steadyFlowsAllocateNothingPerPacket() throws Exception {
        byte[][] frames = new byte[PACKETS][];
        long[] times = new long[PACKETS];
        long clientSequence = 1000;
        long serverSequence = 9000;
        byte[] request = Frames.hex("000100000006010300000010");
        byte[] response = new byte[41];
        for (int i = 0; i < PACKETS; i++) {
            times[i] = 1_700_000_000_000_000_000L + i * 1_000_000L;
            switch (i % 3) {
                case 0 -> {
                    frames[i] = Frames.tcpFrame(0x0A000001, 50000, 0x0A000002, 502, clientSequence, serverSequence,
                            Frames.ACK | Frames.PSH, request);
                    clientSequence += request.length;
                }
                case 1 -> {
                    frames[i] = Frames.tcpFrame(0x0A000002, 502, 0x0A000001, 50000, serverSequence, clientSequence,
                            Frames.ACK | Frames.PSH, response);
                    serverSequence += response.length;
                }
                default -> frames[i] = Frames.udpFrame(0x0A000003, 20000, 0x0A000004, 20000, Frames.hex("0564"));
            }
        }
        Path file = directory.resolve("steady.pcap");
        Files.write(file, Frames.pcap(false, true, 1, 65535, times, frames));
        long[] delivered = {0};
        FlowListener listener = new FlowListener() {
            @Override
            public void flowStarted(Flow flow, Packet packet) {
            }

            @Override
            public void data(Flow flow, Direction direction, ByteBuffer payload, Packet packet) {
                delivered[0] += payload.remaining();
            }

            @Override
            public void gap(Flow flow, Direction direction, long missingBytes, Packet packet) {
            }

            @Override
            public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
            }
        };
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long fewest = 0;
        for (int round = 0; round < 3; round++) {
            CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
            try (PacketSource source = CaptureFiles.open(file)) {
                long before = threads.getCurrentThreadAllocatedBytes();
                engine.process(source);
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                fewest = round == 0 ? allocated : Math.min(fewest, allocated);
            }
            engine.finish();
            assertEquals(PACKETS, engine.counters().frames());
        }
        assertTrue(delivered[0] > 0);
        // Two flows (Flow, addresses, entry, streams) and the ticks' bookkeeping: a few KiB at most,
        // where one 16-byte object per packet would be 640,000 bytes.
        assertTrue(fewest < 32 * 1024, "bytes allocated while processing " + PACKETS + " packets: " + fewest);
    }
}
