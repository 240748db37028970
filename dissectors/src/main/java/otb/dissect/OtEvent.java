package otb.dissect;

import otb.capture.Flow;

/** What the dissection stage emits, in capture order: immutable values, which a consumer may keep. */
public sealed interface OtEvent permits OtMessage, Malformed, FlowStarted, FlowEnded {

    /** The flow the event belongs to. */
    Flow flow();

    /** Capture time, nanoseconds since the epoch. */
    long timestampNanos();
}
