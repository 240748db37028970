package otb.capture;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of a live capture since it started, summed over every time the interface was
 * (re)opened. Any of the three loss counters above zero means frames were lost.
 *
 * @param framesQueued     frames the capture thread took from libpcap and queued for the pipeline
 * @param bytesQueued      captured bytes of those frames
 * @param framesDelivered  frames the pipeline thread has taken from the queue
 * @param kernelReceived   frames that passed the filter in the kernel (pcap_stats ps_recv)
 * @param kernelDropped    frames the kernel dropped because libpcap's buffer was full (ps_drop)
 * @param interfaceDropped frames the interface or its driver dropped (ps_ifdrop)
 * @param queueOverflows   frames dropped because the queue to the pipeline was full
 * @param reopens          times the interface was reopened after it failed or disappeared
 */
public record LiveStatistics(long framesQueued, long bytesQueued, long framesDelivered, long kernelReceived,
                             long kernelDropped, long interfaceDropped, long queueOverflows, long reopens) {

    /** Frames lost anywhere between the wire and the pipeline. */
    public long lost() {
        return kernelDropped + interfaceDropped + queueOverflows;
    }

    /** Every counter by stable snake_case name, in declaration order. */
    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("frames_queued", framesQueued);
        map.put("bytes_queued", bytesQueued);
        map.put("frames_delivered", framesDelivered);
        map.put("kernel_received", kernelReceived);
        map.put("kernel_dropped", kernelDropped);
        map.put("interface_dropped", interfaceDropped);
        map.put("queue_overflows", queueOverflows);
        map.put("reopens", reopens);
        return map;
    }

    /** One log line: {@code frames 1200 (kernel 1200), dropped kernel 0 interface 0 queue 0}. */
    public String summary() {
        return "frames " + framesDelivered + " (kernel " + kernelReceived + "), dropped kernel " + kernelDropped
                + " interface " + interfaceDropped + " queue " + queueOverflows
                + (reopens > 0 ? ", reopened " + reopens + " times" : "");
    }
}
