package otb.baseline.store;

/**
 * How a site database keeps the history of its merged baseline, so that {@code otb diff --since}
 * has earlier snapshots to compare with: of the merged ({@code hub}) snapshots written within one
 * period of {@code everyMillis} (aligned to the Unix epoch, by the store's clock) only the last is
 * kept, and of those at most {@code keep}, the newest (a named budget: the site database's
 * snapshots do not grow with time). A snapshot something refers to is never deleted.
 *
 * @param everyMillis length of a period, at least 1 ms
 * @param keep        merged snapshots kept at most, at least 1
 */
public record SiteHistory(long everyMillis, int keep) {
    /** One snapshot an hour. */
    public static final long DEFAULT_EVERY_MILLIS = 3_600_000L;
    /** 500 hourly snapshots: three weeks, room for a weekly diff (a merged snapshot of 100 sensors is a few MB). */
    public static final int DEFAULT_KEEP = 500;

    public SiteHistory {
        if (everyMillis < 1) {
            throw new IllegalArgumentException("snapshot period must be at least 1 ms, not " + everyMillis);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("snapshots kept must be at least 1, not " + keep);
        }
    }

    public static SiteHistory defaults() {
        return new SiteHistory(DEFAULT_EVERY_MILLIS, DEFAULT_KEEP);
    }
}
