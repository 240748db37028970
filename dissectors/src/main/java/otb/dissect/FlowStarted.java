package otb.dissect;

import otb.capture.Flow;

/**
 * A flow was seen for the first time: any transport conversation, industrial or not.
 *
 * @param source input file or interface
 * @param frame  1-based frame number of its first packet in that source
 */
public record FlowStarted(Flow flow, String source, long frame, long timestampNanos) implements OtEvent {
}
