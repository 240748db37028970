package otb.sim;

/**
 * Something in the plant that acts at times of its own choosing: a poller, a background
 * service, an attack scenario. The simulation calls {@link #step} at {@link #nextTime}; the step
 * emits frames at that time or later and sets the next time, or retires the actor.
 */
abstract class Actor {
    /** Capture time of the next step, nanoseconds since the epoch; {@link #RETIRED} when done. */
    long nextTime;
    /** Registration order: breaks ties between actors due at the same time, deterministically. */
    int order;

    static final long RETIRED = Long.MAX_VALUE;

    abstract void step(long now);
}
