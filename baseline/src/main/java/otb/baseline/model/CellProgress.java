package otb.baseline.model;

/**
 * How far learning has come in one cell: the span of capture time learned, and when the last
 * new baseline object (asset, conversation, function, signature, point, range) appeared.
 */
public final class CellProgress {
    final String cell;
    long firstSeenNanos;
    long lastSeenNanos;
    long lastNewObjectNanos;
    long objects;
    long messages;

    CellProgress(String cell) {
        this.cell = cell;
    }

    /** Counts a message to a server of this cell at capture time {@code nanos}, which it has then seen. */
    public void countMessage(long nanos) {
        messages++;
        seen(nanos);
    }

    /** Traffic of this cell at capture time {@code nanos}: widens the span learned. */
    public void seen(long nanos) {
        firstSeenNanos = Baseline.earliest(firstSeenNanos, nanos);
        lastSeenNanos = Math.max(lastSeenNanos, nanos);
    }

    /** A new baseline object of this cell appeared at capture time {@code nanos}. */
    public void newObject(long nanos) {
        objects++;
        lastNewObjectNanos = Math.max(lastNewObjectNanos, nanos);
    }

    void merge(CellProgress other) {
        firstSeenNanos = Baseline.earliest(firstSeenNanos, other.firstSeenNanos);
        lastSeenNanos = Math.max(lastSeenNanos, other.lastSeenNanos);
        lastNewObjectNanos = Math.max(lastNewObjectNanos, other.lastNewObjectNanos);
        objects += other.objects;
        messages += other.messages;
    }

    public String cell() { return cell; }

    public long firstSeenNanos() { return firstSeenNanos; }

    public long lastSeenNanos() { return lastSeenNanos; }

    public long lastNewObjectNanos() { return lastNewObjectNanos; }

    public long objects() { return objects; }

    public long messages() { return messages; }

    /** Capture time since the last new baseline object, in nanoseconds. */
    public long stableForNanos() {
        return Math.max(0, lastSeenNanos - lastNewObjectNanos);
    }

    /**
     * Share of the learned time span that brought nothing new, 0..1: near 1 when learning has
     * converged, near 0 when new objects still keep appearing.
     */
    public double completeness() {
        long span = lastSeenNanos - firstSeenNanos;
        return span <= 0 ? 0 : Math.min(1.0, (double) stableForNanos() / span);
    }
}
