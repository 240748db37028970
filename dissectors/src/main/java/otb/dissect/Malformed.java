package otb.dissect;

import otb.capture.Direction;
import otb.capture.Flow;

/**
 * Bytes of a stream that do not frame as the flow's protocol; the session resynchronised
 * after them.
 *
 * @param source       input file or interface
 * @param frame        frame number of the packet that carried the bad bytes
 * @param reason       stable snake_case reason, e.g. {@code bad_header_crc}, {@code length_out_of_range}
 * @param skippedBytes bytes discarded while resynchronising
 */
public record Malformed(Flow flow, Direction direction, Protocol protocol, String source, long frame,
                        long timestampNanos, String reason, long skippedBytes) implements OtEvent {
}
