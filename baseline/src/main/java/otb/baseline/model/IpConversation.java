package otb.baseline.model;

/** Any IP conversation (industrial or not), with a guess of the service it carries. */
public final class IpConversation {
    final IpConversationKey key;
    /** Industrial protocol seen on it, else the guess from the server port (see {@link Services}). */
    String service;
    final String clientCell;
    final String serverCell;
    long flows;
    long firstSeenNanos;
    long lastSeenNanos;
    // Frames and frame bytes on the wire each way, of the flows ended so far (FlowEnded).
    long framesToServer;
    long framesToClient;
    long bytesToServer;
    long bytesToClient;
    /** How the client reconnects (intervals between connection starts); null before its first start. */
    ReconnectHabit reconnects;

    IpConversation(IpConversationKey key, String service, String clientCell, String serverCell) {
        this.key = key;
        this.service = service;
        this.clientCell = clientCell;
        this.serverCell = serverCell;
    }

    /** Counts one flow of this conversation, seen at capture time {@code nanos}. */
    public void countFlow(long nanos) {
        flows++;
        lastSeenNanos = Math.max(lastSeenNanos, nanos);
    }

    /**
     * A connection of this conversation started at {@code nanos}: the interval since the previous
     * start joins the {@link #reconnects() reconnect habit} when that start was at or after
     * {@code since} (the start of the input being learned: no interval across inputs).
     */
    public void connectionStarted(long nanos, long since) {
        if (reconnects == null) {
            reconnects = new ReconnectHabit();
        }
        long previous = reconnects.lastStartNanos;
        boolean known = reconnects.hasStart() && previous >= since && nanos >= previous;
        reconnects.connectionStarted(nanos, known ? nanos - previous : -1);
    }

    /**
     * Counts what one ended flow of this conversation carried: frames and frame bytes each way, as
     * Wireshark's conversation statistics count them, and its last frame's capture time.
     */
    public void countTraffic(long toServerFrames, long toClientFrames, long toServerBytes, long toClientBytes,
                             long lastFrameNanos) {
        framesToServer += toServerFrames;
        framesToClient += toClientFrames;
        bytesToServer += toServerBytes;
        bytesToClient += toClientBytes;
        lastSeenNanos = Math.max(lastSeenNanos, lastFrameNanos);
    }

    /** The industrial protocol its messages showed (a wire name), replacing the guess from the port. */
    public void identifyService(String protocol) {
        service = protocol;
    }

    void merge(IpConversation other) {
        if (Services.isGuess(service) && !Services.isGuess(other.service)) {
            service = other.service;
        }
        firstSeenNanos = Baseline.earliest(firstSeenNanos, other.firstSeenNanos);
        flows += other.flows;
        framesToServer += other.framesToServer;
        framesToClient += other.framesToClient;
        bytesToServer += other.bytesToServer;
        bytesToClient += other.bytesToClient;
        lastSeenNanos = Math.max(lastSeenNanos, other.lastSeenNanos);
        if (other.reconnects != null) {
            if (reconnects == null) {
                reconnects = new ReconnectHabit();
            }
            reconnects.merge(other.reconnects);
        }
    }

    public IpConversationKey key() { return key; }

    public String service() { return service; }

    public String clientCell() { return clientCell; }

    public String serverCell() { return serverCell; }

    public boolean crossCell() { return !clientCell.equals(serverCell); }

    public long flows() { return flows; }

    public long firstSeenNanos() { return firstSeenNanos; }

    public long lastSeenNanos() { return lastSeenNanos; }

    /** Frames from client to server, over the ended flows learned. */
    public long framesToServer() { return framesToServer; }

    public long framesToClient() { return framesToClient; }

    /** Frame bytes on the wire (link layer included) from client to server. */
    public long bytesToServer() { return bytesToServer; }

    public long bytesToClient() { return bytesToClient; }

    /** The client's reconnect habit, null when no connection start was learned. */
    public ReconnectHabit reconnects() { return reconnects; }
}
