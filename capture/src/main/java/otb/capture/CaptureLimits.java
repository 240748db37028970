package otb.capture;

/**
 * Every bound of the capture engine in one place, so memory is set by configuration and never
 * by the size of the input.
 *
 * @param maxFlows                   flows tracked at once; the least recently used is evicted beyond it
 * @param flowIdleTimeoutNanos       a flow with no packet for this long (capture time) ends
 * @param maxOutOfOrderBytesPerFlow  out-of-order bytes buffered per flow direction before the hole becomes a gap
 * @param maxOutOfOrderBytesTotal    out-of-order bytes buffered across all flows
 * @param maxFragmentDatagrams       IPv4 datagrams under reassembly at once
 * @param maxFragmentBytes           bytes held by IPv4 fragment reassembly in all
 * @param fragmentTimeoutNanos       an incomplete IPv4 datagram is dropped after this long (capture time)
 */
public record CaptureLimits(int maxFlows, long flowIdleTimeoutNanos, int maxOutOfOrderBytesPerFlow,
                            long maxOutOfOrderBytesTotal, int maxFragmentDatagrams, int maxFragmentBytes,
                            long fragmentTimeoutNanos) {
    /** Default of {@link #maxFlows}: about 135 MiB of open Modbus flows when full (1.35 KiB each, README "Budgets"). */
    public static final int DEFAULT_MAX_FLOWS = 100_000;
    /** Largest {@link #maxFlows} accepted (the range of every otb budget option). */
    public static final int MAX_FLOWS = 100_000_000;

    /** These limits with {@code maxFlows} flows tracked at once (1..{@link #MAX_FLOWS}). */
    public CaptureLimits withMaxFlows(int maxFlows) {
        return new CaptureLimits(maxFlows, flowIdleTimeoutNanos, maxOutOfOrderBytesPerFlow, maxOutOfOrderBytesTotal,
                maxFragmentDatagrams, maxFragmentBytes, fragmentTimeoutNanos);
    }

    public static CaptureLimits defaults() {
        return new CaptureLimits(DEFAULT_MAX_FLOWS, 3_600L * 1_000_000_000L, 256 * 1024, 64L * 1024 * 1024,
                1024, 8 * 1024 * 1024, 30L * 1_000_000_000L);
    }
}
