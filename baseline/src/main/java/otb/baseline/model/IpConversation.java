package otb.baseline.model;

/** Any IP conversation (industrial or not), with a guess of the service it carries. */
public final class IpConversation {
    final IpConversationKey key;
    /** Industrial protocol seen on it, else the guess from the server port (see {@link Services}). */
    public String service;
    String clientCell;
    String serverCell;
    public long flows;
    public long firstSeenNanos;
    public long lastSeenNanos;

    public IpConversation(IpConversationKey key, String service, String clientCell, String serverCell) {
        this.key = key;
        this.service = service;
        this.clientCell = clientCell;
        this.serverCell = serverCell;
    }

    void merge(IpConversation other) {
        if (Services.isGuess(service) && !Services.isGuess(other.service)) {
            service = other.service;
        }
        firstSeenNanos = Baseline.earliest(firstSeenNanos, other.firstSeenNanos);
        flows += other.flows;
        lastSeenNanos = Math.max(lastSeenNanos, other.lastSeenNanos);
    }

    public IpConversationKey key() { return key; }

    public String service() { return service; }

    public String clientCell() { return clientCell; }

    public String serverCell() { return serverCell; }

    public boolean crossCell() { return !clientCell.equals(serverCell); }

    public long flows() { return flows; }

    public long firstSeenNanos() { return firstSeenNanos; }

    public long lastSeenNanos() { return lastSeenNanos; }
}
