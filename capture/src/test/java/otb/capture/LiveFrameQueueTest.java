package otb.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** The capture-to-pipeline queue: order, bytes, wrap-around of the arena, overflow counting. */
class LiveFrameQueueTest {

    private static byte[] frameOf(int number, int length) {
        byte[] frame = new byte[length];
        for (int i = 0; i < length; i++) {
            frame[i] = (byte) (number * 31 + i);
        }
        return frame;
    }

    private static byte[] bytesOf(Packet packet) {
        ByteBuffer view = packet.frame();
        byte[] copy = new byte[view.remaining()];
        view.duplicate().get(copy);
        return copy;
    }

    @Test
    void deliversFramesInOrderWithTheirMetadata() {
        LiveFrameQueue queue = new LiveFrameQueue(8, 1024);
        assertTrue(queue.offer(frameOf(1, 60), 60, 1_000L, 60, 1));
        assertTrue(queue.offer(frameOf(2, 100), 100, 2_000L, 1514, 1));
        List<String> seen = new ArrayList<>();
        Packet packet = new Packet();
        int handed = queue.drain(packet, p -> seen.add(p.frameNumber() + "/" + p.timestampNanos() + "/"
                + p.originalLength() + "/" + p.frame().remaining() + "/" + p.linkType()), 10);
        assertEquals(2, handed);
        assertEquals(List.of("1/1000/60/60/1", "2/2000/1514/100/1"), seen);
        assertTrue(queue.isEmpty());
    }

    @Test
    void fullQueueDropsAndCountsInsteadOfBlocking() {
        LiveFrameQueue queue = new LiveFrameQueue(4, 4096);
        for (int i = 0; i < 4; i++) {
            assertTrue(queue.offer(frameOf(i, 64), 64, i, 64, 1));
        }
        assertFalse(queue.offer(frameOf(9, 64), 64, 9, 64, 1), "fifth frame in a 4-frame queue");
        assertEquals(1, queue.overflows());
        Packet packet = new Packet();
        assertEquals(1, queue.drain(packet, p -> { }, 1));
        assertTrue(queue.offer(frameOf(5, 64), 64, 5, 64, 1), "room again after one frame was taken");
        assertEquals(5, queue.framesQueued());
    }

    @Test
    void fullArenaDropsAndCounts() {
        LiveFrameQueue queue = new LiveFrameQueue(64, 1024);
        assertTrue(queue.offer(frameOf(1, 500), 500, 1, 500, 1));
        assertTrue(queue.offer(frameOf(2, 500), 500, 2, 500, 1));
        assertFalse(queue.offer(frameOf(3, 100), 100, 3, 100, 1), "1000 of 1024 bytes in use");
        assertFalse(queue.offer(frameOf(4, 600), 600, 4, 600, 1), "longer than half the arena");
        assertEquals(2, queue.overflows());
    }

    @Test
    void framesAroundTheArenaEndStayWhole() {
        LiveFrameQueue queue = new LiveFrameQueue(4, 256);
        Packet packet = new Packet();
        List<byte[]> received = new ArrayList<>();
        List<byte[]> sent = new ArrayList<>();
        // 100-byte frames in a 256-byte arena: every third frame would straddle the end.
        for (int i = 0; i < 20; i++) {
            byte[] frame = frameOf(i, 100);
            sent.add(frame);
            assertTrue(queue.offer(frame, 100, i, 100, 1), "frame " + i);
            queue.drain(packet, p -> received.add(bytesOf(p)), 1);
        }
        assertEquals(sent.size(), received.size());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), received.get(i), "frame " + i);
        }
    }

    @Test
    void producerAndConsumerThreadsAgreeOnEveryByte() throws Exception {
        int frames = 200_000;
        LiveFrameQueue queue = new LiveFrameQueue(1024, 1 << 16);
        Random random = new Random(7);
        int[] lengths = new int[frames];
        for (int i = 0; i < frames; i++) {
            lengths[i] = 14 + random.nextInt(1500);
        }
        AtomicBoolean done = new AtomicBoolean();
        List<Long> accepted = new ArrayList<>();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < frames; i++) {
                if (queue.offer(frameOf(i, lengths[i]), lengths[i], i, lengths[i], 1)) {
                    synchronized (accepted) {
                        accepted.add((long) i);
                    }
                }
            }
            done.set(true);
            queue.wakeConsumer();
        });
        producer.start();
        Packet packet = new Packet();
        List<String> mismatches = new ArrayList<>();
        long[] delivered = new long[1];
        while (!done.get() || !queue.isEmpty()) {
            int handed = queue.drain(packet, p -> {
                int number = (int) p.timestampNanos();
                if (!java.util.Arrays.equals(frameOf(number, lengths[number]), bytesOf(p))) {
                    mismatches.add("frame " + number);
                }
                delivered[0]++;
            }, 64);
            if (handed == 0) {
                queue.awaitFrames(1_000_000);
            }
        }
        producer.join();
        assertEquals(List.of(), mismatches);
        assertEquals(accepted.size(), delivered[0]);
        assertEquals(frames, delivered[0] + queue.overflows(), "every frame delivered or counted as overflow");
    }
}
