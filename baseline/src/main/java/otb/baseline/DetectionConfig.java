package otb.baseline;

/**
 * Thresholds of the detection rules. All durations are capture time in nanoseconds.
 *
 * @param dedupWindowNanos      alerts with the same key within this time are one alert with a count
 * @param maxEvidenceFrames     frame numbers kept per alert
 * @param minLearnedSamples     values or intervals a point or signature needs before it is judged
 * @param valueTolerance        share of a point's learned span (max − min) allowed beyond the envelope;
 *                              the largest learned step is allowed too
 * @param frozenMinSamples      a value repeated this many times at least before FROZEN_VALUE
 * @param frozenFactor          ... and this many times the longest learned run
 * @param replayMinGapNanos     an identical command on the same connection counts as a replay only
 *                              this long after the first (sooner, it is a retransmission)
 * @param cycleWindow           recent intervals whose median is compared with the learned cycle
 * @param cycleSpreadFactor     allowed departure in robust standard deviations (1.4826 × MAD)
 * @param cycleMinRelative      allowed departure as a share of the learned median, at least
 * @param silentFactor          a channel is silent after this many learned cycles (median) without a request
 * @param silentMinNanos        ... and at least this long
 * @param noResponseRequests    consecutive unanswered requests before NO_RESPONSE
 * @param noResponseMinNanos    ... spanning at least this long
 * @param floodFactor           requests in one second above this many times the learned peak
 * @param floodMinRate          ... and above this many
 * @param floodUnknownRate      requests per second of a conversation not in the baseline
 * @param scanWindowNanos       time over which novel targets of one client are counted
 * @param scanUnits             novel (server, unit) pairs in the window that make a scan
 * @param scanFunctions         novel (server, function) pairs
 * @param scanAddresses         novel (server, function, address range) triples
 * @param scanServices          novel (server, port) pairs
 * @param exceptionWindowNanos  time over which exception responses are counted
 * @param exceptionBurst        exception responses in the window, at least, for EXCEPTION_BURST
 * @param maxNoticed            novel objects remembered per kind so each is raised once
 * @param maxTrackedClients     clients with scan state, least recently active forgotten first
 */
public record DetectionConfig(long dedupWindowNanos, int maxEvidenceFrames, int minLearnedSamples,
                              double valueTolerance, int frozenMinSamples, int frozenFactor, long replayMinGapNanos,
                              int cycleWindow, double cycleSpreadFactor, double cycleMinRelative, int silentFactor,
                              long silentMinNanos, int noResponseRequests, long noResponseMinNanos, int floodFactor,
                              int floodMinRate, int floodUnknownRate, long scanWindowNanos, int scanUnits,
                              int scanFunctions, int scanAddresses, int scanServices, long exceptionWindowNanos,
                              int exceptionBurst, int maxNoticed, int maxTrackedClients) {
    private static final long SECOND = 1_000_000_000L;

    public static DetectionConfig defaults() {
        return new DetectionConfig(600 * SECOND, 16, 10, 0.1, 20, 3, 60 * SECOND, 8, 3.0, 0.1, 10,
                5 * SECOND, 5, 5 * SECOND, 4, 20, 100, 60 * SECOND, 5, 4, 20, 10, 10 * SECOND, 5, 100_000, 10_000);
    }

    /** The same thresholds with another de-duplication window. */
    public DetectionConfig withDedupWindow(long nanos) {
        return new DetectionConfig(nanos, maxEvidenceFrames, minLearnedSamples, valueTolerance, frozenMinSamples,
                frozenFactor, replayMinGapNanos, cycleWindow, cycleSpreadFactor, cycleMinRelative, silentFactor,
                silentMinNanos, noResponseRequests, noResponseMinNanos, floodFactor, floodMinRate, floodUnknownRate,
                scanWindowNanos, scanUnits, scanFunctions, scanAddresses, scanServices, exceptionWindowNanos,
                exceptionBurst, maxNoticed, maxTrackedClients);
    }
}
