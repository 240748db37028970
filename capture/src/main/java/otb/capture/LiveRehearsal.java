package otb.capture;

/**
 * Frames of another source (a file) handed over exactly as a {@link LiveCapture} hands over live
 * frames: copied into a {@link LiveFrameQueue}'s heap arena and delivered by the queue's drain
 * through one reused {@link Packet}, all on the calling thread. For warming up the JIT before a
 * live capture starts: file sources hand frames out in direct buffers, so a pipeline warmed up
 * on a file directly is compiled for those, and the first live frames (heap buffers) deoptimize
 * decoding, reassembly and every dissector, which the compiler then recompiles while the link is
 * busy (capture/bench/README.md measured 2.3 s of C2 time in a 6 s burst). Through this source
 * the warm-up runs the same code with the same buffer types as live capture.
 */
public final class LiveRehearsal implements PacketSource {
    /**
     * Frames queued before they are handed over: twice what live capture hands over at once, so
     * that the drain ends both ways it does live (batch full, queue empty).
     */
    private static final int QUEUE_FRAMES = 2 * LiveCapture.DRAIN_BATCH;
    /** Bytes the queue's arena holds: at least twice the largest snap length. */
    private static final int QUEUE_BYTES = 1 << 20;

    private final PacketSource frames;
    private volatile boolean stopping;

    private LiveRehearsal(PacketSource frames) {
        this.frames = frames;
    }

    /** Hands the frames of {@code frames} over as a live capture would; closing this closes it. */
    public static LiveRehearsal of(PacketSource frames) {
        return new LiveRehearsal(frames);
    }

    @Override
    public String name() {
        return frames.name();
    }

    @Override
    public void run(FrameHandler handler) throws CaptureException {
        LiveFrameQueue queue = new LiveFrameQueue(QUEUE_FRAMES, QUEUE_BYTES);
        Packet delivered = new Packet();
        delivered.source = frames.name();
        frames.run(packet -> {
            if (stopping) {
                return;
            }
            int length = packet.capturedLength();
            if (length > QUEUE_BYTES / 2) {
                return; // longer than any snap length a live capture accepts
            }
            int offset = queue.reserve(length);
            while (offset < 0) {
                queue.drain(delivered, handler, LiveCapture.DRAIN_BATCH);
                offset = queue.reserve(length);
            }
            packet.frame.get(packet.frameOffset, queue.arena(), offset, length);
            queue.publish(length, packet.timestampNanos(), packet.originalLength(), packet.linkType());
        });
        while (queue.drain(delivered, handler, LiveCapture.DRAIN_BATCH) > 0) {
            // until empty
        }
    }

    @Override
    public void stop() {
        stopping = true;
        frames.stop();
    }

    @Override
    public void close() {
        frames.close();
    }
}
