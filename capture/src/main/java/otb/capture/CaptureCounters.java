package otb.capture;

import java.util.Map;

/** Counters of what was read, skipped or lost in a run; see {@link #asMap()} for names. */
public interface CaptureCounters {
    long frames();

    long bytes();

    /**
     * Every counter by stable snake_case name, in a fixed order: frames, bytes,
     * truncated_frames, unknown_link_types, bad_headers, non_ip (ARP, LLDP, ...),
     * other_ip_protocols (ICMP, ...), fragments, fragments_reassembled, fragments_dropped,
     * tcp_segments, udp_datagrams, tcp_retransmitted_bytes, tcp_out_of_order_segments, tcp_gaps,
     * tcp_gap_bytes, packets_after_close, flows, flows_ended, flows_timed_out, flows_evicted,
     * flows_replaced.
     */
    Map<String, Long> asMap();
}
