package otb.capture;

import java.util.Map;

/** Counters of what was read, skipped or lost in a run; see {@link #asMap()} for names. */
public interface CaptureCounters {
    long frames();

    long bytes();

    /**
     * Every counter by stable snake_case name (frames, bytes, truncated_frames,
     * unknown_link_types, bad_headers, non_ip, fragments, fragments_dropped, tcp_gaps,
     * tcp_gap_bytes, flows, flows_evicted, ...), in a fixed order.
     */
    Map<String, Long> asMap();
}
