package otb.capture;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The capture engine's counters: plain fields bumped on the hot path, named in {@link #asMap()}. */
final class EngineCounters implements CaptureCounters {
    long frames;
    long bytes;
    /** Frames whose captured bytes end before the headers or payload the wire carried. */
    long truncatedFrames;
    long unknownLinkTypes;
    long badHeaders;
    /** Frames carrying something other than IPv4/IPv6 (ARP, LLDP, ...). */
    long nonIp;
    /** IP packets carrying something other than TCP or UDP (ICMP, ...). */
    long otherIpProtocols;
    long fragments;
    long fragmentsReassembled;
    long fragmentsDropped;
    long tcpSegments;
    long udpDatagrams;
    long tcpRetransmittedBytes;
    long tcpOutOfOrderSegments;
    long tcpGaps;
    long tcpGapBytes;
    /** Packets of a flow already ended by FIN or RST (final ACKs, retransmitted FINs). */
    long packetsAfterClose;
    long flows;
    long flowsEnded;
    long flowsTimedOut;
    long flowsEvicted;
    /** Flows ended because a SYN on their ports started a new connection. */
    long flowsReplaced;

    @Override
    public long frames() {
        return frames;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("frames", frames);
        map.put("bytes", bytes);
        map.put("truncated_frames", truncatedFrames);
        map.put("unknown_link_types", unknownLinkTypes);
        map.put("bad_headers", badHeaders);
        map.put("non_ip", nonIp);
        map.put("other_ip_protocols", otherIpProtocols);
        map.put("fragments", fragments);
        map.put("fragments_reassembled", fragmentsReassembled);
        map.put("fragments_dropped", fragmentsDropped);
        map.put("tcp_segments", tcpSegments);
        map.put("udp_datagrams", udpDatagrams);
        map.put("tcp_retransmitted_bytes", tcpRetransmittedBytes);
        map.put("tcp_out_of_order_segments", tcpOutOfOrderSegments);
        map.put("tcp_gaps", tcpGaps);
        map.put("tcp_gap_bytes", tcpGapBytes);
        map.put("packets_after_close", packetsAfterClose);
        map.put("flows", flows);
        map.put("flows_ended", flowsEnded);
        map.put("flows_timed_out", flowsTimedOut);
        map.put("flows_evicted", flowsEvicted);
        map.put("flows_replaced", flowsReplaced);
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
