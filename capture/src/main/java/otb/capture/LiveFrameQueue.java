package otb.capture;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-over from the capture thread (one producer) to the pipeline thread (one
 * consumer): frame bytes are copied into one reused byte arena, frame metadata into reused
 * arrays, so queuing allocates nothing. A full queue never blocks the capture thread: the frame
 * is dropped and counted as an overflow, since blocking would only move the loss into the kernel
 * where it is seen later.
 *
 * <p>Positions are virtual (they only grow); a slot's place in the arena is its position modulo
 * the arena size. A frame never wraps around the arena end: the unused tail is skipped.
 */
final class LiveFrameQueue {
    /** Spins of the consumer before it parks when the queue is empty. */
    private static final int SPINS_BEFORE_PARK = 100;
    /**
     * The producer wakes a parked consumer only once this many frames wait (or the queue is
     * small): waking costs a system call, far more than queuing a frame, so waking per frame
     * would make the capture thread the bottleneck. Below it the consumer's own park timeout
     * bounds the delay.
     */
    private static final int WAKE_THRESHOLD_FRAMES = 256;

    private final int frameMask;
    private final int wakeThreshold;
    private final long[] starts;
    private final int[] lengths;
    private final int[] originalLengths;
    private final int[] linkTypes;
    private final long[] timestamps;
    private final byte[] arena;
    private final int arenaSize;
    private final ByteBuffer arenaBuffer;

    /** Frames published by the producer (the next slot to fill). */
    private final AtomicLong head = new AtomicLong();
    /** Frames the consumer has finished with. */
    private final AtomicLong tail = new AtomicLong();
    /** Arena position up to which the consumer has finished with the bytes. */
    private final AtomicLong released = new AtomicLong();
    /** Frames dropped because the queue was full; written by the producer only. */
    private final AtomicLong overflows = new AtomicLong();
    /** Captured bytes queued; written by the producer only. */
    private final AtomicLong bytesQueued = new AtomicLong();
    /** The consumer, while it is parked waiting for frames. */
    private volatile Thread waitingConsumer;

    // Producer-owned.
    private long producerHead;
    private long writePosition;
    private long cachedTail;
    private long cachedReleased;
    private long reservedStart;

    // Consumer-owned.
    private long consumerTail;

    /**
     * @param frames a power of two: frames that may wait at once
     * @param bytes  a power of two: bytes of frame data that may wait at once; frames longer than
     *               half of it are refused
     */
    LiveFrameQueue(int frames, int bytes) {
        if (Integer.bitCount(frames) != 1 || Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("queue sizes must be powers of two: " + frames + ", " + bytes);
        }
        this.frameMask = frames - 1;
        this.wakeThreshold = Math.min(WAKE_THRESHOLD_FRAMES, Math.max(1, frames / 4));
        this.starts = new long[frames];
        this.lengths = new int[frames];
        this.originalLengths = new int[frames];
        this.linkTypes = new int[frames];
        this.timestamps = new long[frames];
        this.arena = new byte[bytes];
        this.arenaSize = bytes;
        this.arenaBuffer = ByteBuffer.wrap(arena);
    }

    /**
     * Producer: queues a copy of {@code frame}. Returns false (and counts an overflow) when the
     * queue has no room for it.
     */
    boolean offer(byte[] frame, int length, long timestampNanos, int originalLength, int linkType) {
        int offset = reserve(length);
        if (offset < 0) {
            countOverflow();
            return false;
        }
        System.arraycopy(frame, 0, arena, offset, length);
        publish(length, timestampNanos, originalLength, linkType);
        return true;
    }

    /**
     * Producer: room for a frame of {@code length} bytes at the returned offset of {@link #arena()},
     * or -1 when the queue is full (the caller may wait, or drop and {@link #countOverflow}). A
     * reservation is used by the next {@link #publish} or abandoned by the next reserve.
     */
    int reserve(int length) {
        long next = producerHead;
        if (next - cachedTail > frameMask) {
            cachedTail = tail.get();
            if (next - cachedTail > frameMask) {
                return -1;
            }
        }
        if (length < 0 || length > arenaSize / 2) {
            return -1;
        }
        long start = writePosition;
        int offset = (int) (start & (arenaSize - 1));
        if (offset + length > arenaSize) {
            start += arenaSize - offset;
            offset = 0;
        }
        if (start + length - cachedReleased > arenaSize) {
            cachedReleased = released.get();
            if (start + length - cachedReleased > arenaSize) {
                return -1;
            }
        }
        reservedStart = start;
        return offset;
    }

    /** The array {@link #reserve} offsets point into. */
    byte[] arena() {
        return arena;
    }

    /** Producer: the frame written at the last reservation is complete; hands it to the consumer. */
    void publish(int length, long timestampNanos, int originalLength, int linkType) {
        long next = producerHead;
        long start = reservedStart;
        int slot = (int) (next & frameMask);
        starts[slot] = start;
        lengths[slot] = length;
        originalLengths[slot] = Math.max(originalLength, length);
        linkTypes[slot] = linkType;
        timestamps[slot] = timestampNanos;
        writePosition = start + length;
        producerHead = next + 1;
        bytesQueued.lazySet(bytesQueued.get() + length);
        // A full (volatile) write: it must not pass the read of waitingConsumer below.
        head.set(next + 1);
        if (next + 1 - cachedTail >= wakeThreshold) {
            Thread waiting = waitingConsumer;
            if (waiting != null) {
                cachedTail = tail.get();
                if (next + 1 - cachedTail >= wakeThreshold) {
                    waitingConsumer = null;
                    LockSupport.unpark(waiting);
                }
            }
        }
    }

    /** Producer: true when at most half of the frames and half of the bytes are in use. */
    boolean halfEmpty() {
        long tailNow = tail.get();
        return producerHead - tailNow <= (frameMask + 1L) / 2 && writePosition - released.get() <= arenaSize / 2;
    }

    /** Producer: a frame was dropped because the queue was full. */
    void countOverflow() {
        overflows.lazySet(overflows.get() + 1);
    }
    /**
     * Consumer: hands up to {@code max} queued frames to {@code handler} through {@code packet},
     * each valid only during its call, and frees their room. Returns how many were handed over.
     */
    int drain(Packet packet, PacketSource.FrameHandler handler, int max) {
        long available = head.get();
        int handed = 0;
        while (consumerTail < available && handed < max) {
            int slot = (int) (consumerTail & frameMask);
            long start = starts[slot];
            int length = lengths[slot];
            packet.frameNumber = consumerTail + 1;
            packet.timestampNanos = timestamps[slot];
            packet.originalLength = originalLengths[slot];
            packet.linkType = linkTypes[slot];
            packet.setFrame(arenaBuffer, (int) (start & (arenaSize - 1)), length);
            try {
                handler.frame(packet);
            } finally {
                consumerTail++;
                released.lazySet(start + length);
                tail.lazySet(consumerTail);
            }
            handed++;
        }
        return handed;
    }

    /**
     * Consumer: waits until frames are queued, the timeout passes or {@link #wakeConsumer} is
     * called. A few queued frames may wait up to the timeout: the producer wakes the consumer
     * early only when many are queued.
     */
    void awaitFrames(long timeoutNanos) {
        for (int i = 0; i < SPINS_BEFORE_PARK; i++) {
            if (head.get() != consumerTail) {
                return;
            }
            Thread.onSpinWait();
        }
        waitingConsumer = Thread.currentThread();
        try {
            if (head.get() == consumerTail) {
                LockSupport.parkNanos(this, timeoutNanos);
            }
        } finally {
            waitingConsumer = null;
        }
    }

    /** Any thread: ends a consumer's {@link #awaitFrames} early. */
    void wakeConsumer() {
        Thread waiting = waitingConsumer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    boolean isEmpty() {
        return head.get() == tail.get();
    }

    long framesQueued() {
        return head.get();
    }

    long bytesQueued() {
        return bytesQueued.get();
    }

    long framesDelivered() {
        return tail.get();
    }

    long overflows() {
        return overflows.get();
    }
}
