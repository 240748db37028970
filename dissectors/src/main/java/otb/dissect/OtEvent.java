package otb.dissect;

import otb.capture.Flow;

/** What the dissection stage emits, in capture order. */
public sealed interface OtEvent permits OtMessage, Malformed, FlowStarted, FlowEnded {

    /** The flow the event belongs to. */
    Flow flow();

    /** Capture time, nanoseconds since the epoch. */
    long timestampNanos();

    /**
     * This event in a form that may be kept after the call that delivered it. Events are
     * immutable except shared messages (see {@link OtMessage#retain()}); a consumer that keeps
     * events, rather than acting on each as it comes, keeps {@code event.retain()}.
     */
    default OtEvent retain() {
        return this;
    }
}
