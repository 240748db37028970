package otb.capture;

/**
 * Delivers frames from a capture file or a live interface. The same {@link Packet} instance is
 * reused for every frame. Damaged input ends the run with a {@link CaptureException} after every
 * frame before the damage was delivered.
 */
public interface PacketSource extends AutoCloseable {

    /** Called once per frame; the packet has its source fields set and is not yet decoded. */
    @FunctionalInterface
    interface FrameHandler {
        void frame(Packet packet);
    }

    /** Name of the file or interface, as it appears in evidence. */
    String name();

    /**
     * Delivers frames until the end of the input (files) or until {@link #stop()} (live).
     *
     * @throws CaptureException when the input is damaged or unreadable; frames before the damage
     *                          have been delivered
     */
    void run(FrameHandler handler) throws CaptureException;

    /** Asks a running {@link #run} to return soon; safe to call from another thread. */
    default void stop() {
    }

    @Override
    void close();
}
