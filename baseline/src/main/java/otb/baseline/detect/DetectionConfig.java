package otb.baseline.detect;

/**
 * Thresholds of the detection rules, immutable: start from {@link #defaults()} and change what
 * you need with {@link #toBuilder()}. All durations are capture time in nanoseconds.
 *
 * <pre>
 * dedupWindowNanos      alerts with the same key within this time are one alert with a count
 * maxEvidenceFrames     frame numbers kept per alert
 * minLearnedSamples     values or intervals a point or signature needs before it is judged
 * valueTolerance        share of a point's learned span (max − min) allowed beyond the envelope;
 *                              the largest learned step is allowed too
 * frozenMinSamples      a value repeated this many times at least before FROZEN_VALUE
 * frozenFactor          ... and this many times the longest learned run
 * replayMinGapNanos     an identical command on the same connection counts as a replay only
 *                              this long after the first (sooner, it is a retransmission)
 * cycleWindow           recent intervals whose median is compared with the learned cycle
 * cycleSpreadFactor     allowed departure in robust standard deviations (1.4826 × MAD)
 * cycleMinRelative      allowed departure as a share of the learned median, at least
 * silentFactor          a channel is silent after this many learned cycles (median) without a request
 * silentMinNanos        ... and at least this long
 * noResponseRequests    consecutive unanswered requests before NO_RESPONSE
 * noResponseMinNanos    ... spanning at least this long
 * floodFactor           requests in one second above this many times the learned peak
 * floodMinRate          ... and above this many
 * floodUnknownRate      requests per second of a conversation not in the baseline
 * floodNewConversations new IP conversations (not in the baseline) per second, from any sources,
 *                              above which they are a flood: one FLOOD alert they fold into
 * scanWindowNanos       time over which novel targets of one client are counted
 * scanUnits             novel (server, unit) pairs in the window that make a scan
 * scanFunctions         novel (server, function) pairs
 * scanAddresses         requests touching novel address ranges
 * scanServices          novel (server, port) pairs
 * exceptionWindowNanos  time over which exception responses are counted
 * exceptionBurst        exception responses in the window, at least, for EXCEPTION_BURST
 * maxNoticed            novel objects remembered per kind so each is raised once
 * maxTrackedClients     clients with scan state, least recently active forgotten first
 * maxOpenAlerts         alerts open (within their de-duplication window) at once; past it, alerts
 *                              with new keys fold into one alert per kind
 * </pre>
 */
public final class DetectionConfig {
    private static final long SECOND = 1_000_000_000L;
    /** Default {@link #maxOpenAlerts()}. */
    public static final int DEFAULT_MAX_OPEN_ALERTS = 10_000;

    private final long dedupWindowNanos;
    private final int maxEvidenceFrames;
    private final int minLearnedSamples;
    private final double valueTolerance;
    private final int frozenMinSamples;
    private final int frozenFactor;
    private final long replayMinGapNanos;
    private final int cycleWindow;
    private final double cycleSpreadFactor;
    private final double cycleMinRelative;
    private final int silentFactor;
    private final long silentMinNanos;
    private final int noResponseRequests;
    private final long noResponseMinNanos;
    private final int floodFactor;
    private final int floodMinRate;
    private final int floodUnknownRate;
    private final int floodNewConversations;
    private final long scanWindowNanos;
    private final int scanUnits;
    private final int scanFunctions;
    private final int scanAddresses;
    private final int scanServices;
    private final long exceptionWindowNanos;
    private final int exceptionBurst;
    private final int maxNoticed;
    private final int maxTrackedClients;
    private final int maxOpenAlerts;

    private DetectionConfig(Builder builder) {
        this.dedupWindowNanos = builder.dedupWindowNanos;
        this.maxEvidenceFrames = builder.maxEvidenceFrames;
        this.minLearnedSamples = builder.minLearnedSamples;
        this.valueTolerance = builder.valueTolerance;
        this.frozenMinSamples = builder.frozenMinSamples;
        this.frozenFactor = builder.frozenFactor;
        this.replayMinGapNanos = builder.replayMinGapNanos;
        this.cycleWindow = builder.cycleWindow;
        this.cycleSpreadFactor = builder.cycleSpreadFactor;
        this.cycleMinRelative = builder.cycleMinRelative;
        this.silentFactor = builder.silentFactor;
        this.silentMinNanos = builder.silentMinNanos;
        this.noResponseRequests = builder.noResponseRequests;
        this.noResponseMinNanos = builder.noResponseMinNanos;
        this.floodFactor = builder.floodFactor;
        this.floodMinRate = builder.floodMinRate;
        this.floodUnknownRate = builder.floodUnknownRate;
        this.floodNewConversations = builder.floodNewConversations;
        this.scanWindowNanos = builder.scanWindowNanos;
        this.scanUnits = builder.scanUnits;
        this.scanFunctions = builder.scanFunctions;
        this.scanAddresses = builder.scanAddresses;
        this.scanServices = builder.scanServices;
        this.exceptionWindowNanos = builder.exceptionWindowNanos;
        this.exceptionBurst = builder.exceptionBurst;
        this.maxNoticed = builder.maxNoticed;
        this.maxTrackedClients = builder.maxTrackedClients;
        this.maxOpenAlerts = builder.maxOpenAlerts;
    }

    public static DetectionConfig defaults() {
        return new Builder().build();
    }

    /** A builder holding these thresholds. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.dedupWindowNanos = dedupWindowNanos;
        builder.maxEvidenceFrames = maxEvidenceFrames;
        builder.minLearnedSamples = minLearnedSamples;
        builder.valueTolerance = valueTolerance;
        builder.frozenMinSamples = frozenMinSamples;
        builder.frozenFactor = frozenFactor;
        builder.replayMinGapNanos = replayMinGapNanos;
        builder.cycleWindow = cycleWindow;
        builder.cycleSpreadFactor = cycleSpreadFactor;
        builder.cycleMinRelative = cycleMinRelative;
        builder.silentFactor = silentFactor;
        builder.silentMinNanos = silentMinNanos;
        builder.noResponseRequests = noResponseRequests;
        builder.noResponseMinNanos = noResponseMinNanos;
        builder.floodFactor = floodFactor;
        builder.floodMinRate = floodMinRate;
        builder.floodUnknownRate = floodUnknownRate;
        builder.floodNewConversations = floodNewConversations;
        builder.scanWindowNanos = scanWindowNanos;
        builder.scanUnits = scanUnits;
        builder.scanFunctions = scanFunctions;
        builder.scanAddresses = scanAddresses;
        builder.scanServices = scanServices;
        builder.exceptionWindowNanos = exceptionWindowNanos;
        builder.exceptionBurst = exceptionBurst;
        builder.maxNoticed = maxNoticed;
        builder.maxTrackedClients = maxTrackedClients;
        builder.maxOpenAlerts = maxOpenAlerts;
        return builder;
    }

    /** The same thresholds with another de-duplication window. */
    public DetectionConfig withDedupWindow(long nanos) {
        return toBuilder().dedupWindowNanos(nanos).build();
    }

    public long dedupWindowNanos() {
        return dedupWindowNanos;
    }

    public int maxEvidenceFrames() {
        return maxEvidenceFrames;
    }

    public int minLearnedSamples() {
        return minLearnedSamples;
    }

    public double valueTolerance() {
        return valueTolerance;
    }

    public int frozenMinSamples() {
        return frozenMinSamples;
    }

    public int frozenFactor() {
        return frozenFactor;
    }

    public long replayMinGapNanos() {
        return replayMinGapNanos;
    }

    public int cycleWindow() {
        return cycleWindow;
    }

    public double cycleSpreadFactor() {
        return cycleSpreadFactor;
    }

    public double cycleMinRelative() {
        return cycleMinRelative;
    }

    public int silentFactor() {
        return silentFactor;
    }

    public long silentMinNanos() {
        return silentMinNanos;
    }

    public int noResponseRequests() {
        return noResponseRequests;
    }

    public long noResponseMinNanos() {
        return noResponseMinNanos;
    }

    public int floodFactor() {
        return floodFactor;
    }

    public int floodMinRate() {
        return floodMinRate;
    }

    public int floodUnknownRate() {
        return floodUnknownRate;
    }

    public int floodNewConversations() {
        return floodNewConversations;
    }

    public long scanWindowNanos() {
        return scanWindowNanos;
    }

    public int scanUnits() {
        return scanUnits;
    }

    public int scanFunctions() {
        return scanFunctions;
    }

    public int scanAddresses() {
        return scanAddresses;
    }

    public int scanServices() {
        return scanServices;
    }

    public long exceptionWindowNanos() {
        return exceptionWindowNanos;
    }

    public int exceptionBurst() {
        return exceptionBurst;
    }

    public int maxNoticed() {
        return maxNoticed;
    }

    public int maxTrackedClients() {
        return maxTrackedClients;
    }

    public int maxOpenAlerts() {
        return maxOpenAlerts;
    }

    /** Sets thresholds one by one; starts from the defaults. */
    public static final class Builder {
        private long dedupWindowNanos = 600 * SECOND;
        private int maxEvidenceFrames = 16;
        private int minLearnedSamples = 10;
        private double valueTolerance = 0.1;
        private int frozenMinSamples = 20;
        private int frozenFactor = 3;
        private long replayMinGapNanos = 60 * SECOND;
        private int cycleWindow = 8;
        private double cycleSpreadFactor = 3.0;
        private double cycleMinRelative = 0.1;
        private int silentFactor = 10;
        private long silentMinNanos = 5 * SECOND;
        private int noResponseRequests = 5;
        private long noResponseMinNanos = 5 * SECOND;
        private int floodFactor = 4;
        private int floodMinRate = 20;
        private int floodUnknownRate = 100;
        private int floodNewConversations = 50;
        private long scanWindowNanos = 60 * SECOND;
        private int scanUnits = 5;
        private int scanFunctions = 4;
        private int scanAddresses = 20;
        private int scanServices = 10;
        private long exceptionWindowNanos = 10 * SECOND;
        private int exceptionBurst = 5;
        private int maxNoticed = 100_000;
        private int maxTrackedClients = 10_000;
        private int maxOpenAlerts = DEFAULT_MAX_OPEN_ALERTS;

        public Builder dedupWindowNanos(long value) {
            this.dedupWindowNanos = value;
            return this;
        }

        public Builder maxEvidenceFrames(int value) {
            this.maxEvidenceFrames = value;
            return this;
        }

        public Builder minLearnedSamples(int value) {
            this.minLearnedSamples = value;
            return this;
        }

        public Builder valueTolerance(double value) {
            this.valueTolerance = value;
            return this;
        }

        public Builder frozenMinSamples(int value) {
            this.frozenMinSamples = value;
            return this;
        }

        public Builder frozenFactor(int value) {
            this.frozenFactor = value;
            return this;
        }

        public Builder replayMinGapNanos(long value) {
            this.replayMinGapNanos = value;
            return this;
        }

        public Builder cycleWindow(int value) {
            this.cycleWindow = value;
            return this;
        }

        public Builder cycleSpreadFactor(double value) {
            this.cycleSpreadFactor = value;
            return this;
        }

        public Builder cycleMinRelative(double value) {
            this.cycleMinRelative = value;
            return this;
        }

        public Builder silentFactor(int value) {
            this.silentFactor = value;
            return this;
        }

        public Builder silentMinNanos(long value) {
            this.silentMinNanos = value;
            return this;
        }

        public Builder noResponseRequests(int value) {
            this.noResponseRequests = value;
            return this;
        }

        public Builder noResponseMinNanos(long value) {
            this.noResponseMinNanos = value;
            return this;
        }

        public Builder floodFactor(int value) {
            this.floodFactor = value;
            return this;
        }

        public Builder floodMinRate(int value) {
            this.floodMinRate = value;
            return this;
        }

        public Builder floodUnknownRate(int value) {
            this.floodUnknownRate = value;
            return this;
        }

        public Builder floodNewConversations(int value) {
            this.floodNewConversations = value;
            return this;
        }

        public Builder scanWindowNanos(long value) {
            this.scanWindowNanos = value;
            return this;
        }

        public Builder scanUnits(int value) {
            this.scanUnits = value;
            return this;
        }

        public Builder scanFunctions(int value) {
            this.scanFunctions = value;
            return this;
        }

        public Builder scanAddresses(int value) {
            this.scanAddresses = value;
            return this;
        }

        public Builder scanServices(int value) {
            this.scanServices = value;
            return this;
        }

        public Builder exceptionWindowNanos(long value) {
            this.exceptionWindowNanos = value;
            return this;
        }

        public Builder exceptionBurst(int value) {
            this.exceptionBurst = value;
            return this;
        }

        public Builder maxNoticed(int value) {
            this.maxNoticed = value;
            return this;
        }

        public Builder maxTrackedClients(int value) {
            this.maxTrackedClients = value;
            return this;
        }

        public Builder maxOpenAlerts(int value) {
            this.maxOpenAlerts = value;
            return this;
        }

        public DetectionConfig build() {
            return new DetectionConfig(this);
        }
    }
}
