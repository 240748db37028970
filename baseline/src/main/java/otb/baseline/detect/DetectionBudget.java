package otb.baseline.detect;

/**
 * What detection keeps that grows with the traffic, each bounded by an option of
 * {@link DetectionConfig}, and how detection goes on when one is reached (said once per run, as a
 * BUDGET_EXCEEDED alert).
 */
enum DetectionBudget {
    /** {@link DetectionConfig#maxOpenAlerts()}: alerts within their de-duplication window. */
    OPEN_ALERTS("open alerts", "alerts with a new key fold into one alert per kind until alerts close"),
    /** {@link DetectionConfig#maxNoticed()}: novelties remembered so each is raised once, and unknown conversations followed. */
    NOTICED("novelties remembered", "the oldest are forgotten (one may be raised again); further unknown "
            + "conversations are followed per flow"),
    /** {@link DetectionConfig#maxTrackedClients()}: clients with scan state. */
    TRACKED_CLIENTS("clients with scan state", "the least recently active client is forgotten, its novel "
            + "targets counted afresh");

    final String label;
    final String degraded;

    DetectionBudget(String label, String degraded) {
        this.label = label;
        this.degraded = degraded;
    }
}
