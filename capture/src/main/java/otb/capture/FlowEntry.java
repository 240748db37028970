package otb.capture;

/**
 * One slot of the {@link FlowTable}: the flow's key as primitive fields (endpoint A is the
 * lower of the two endpoints, so both directions find the same entry), its place in the
 * least-recently-used list, and its per-direction TCP state.
 */
final class FlowEntry {
    // Key.
    int vlan;
    int protocol;
    boolean v6;
    long aHigh;
    long aLow;
    int aPort;
    long bHigh;
    long bLow;
    int bPort;
    int hash;

    Flow flow;
    /** True when endpoint A is the client. */
    boolean clientIsA;
    /** Capture time of the last packet, nanoseconds. */
    long lastSeenNanos;
    /** Ended by FIN or RST: flowEnded was called; the entry lingers to absorb trailing packets. */
    boolean closed;

    // Per-direction TCP reassembly (null for UDP).
    TcpStream toServer;
    TcpStream toClient;

    // Least-recently-used list, oldest at the head.
    FlowEntry older;
    FlowEntry newer;

    TcpStream stream(Direction direction) {
        return direction == Direction.TO_SERVER ? toServer : toClient;
    }
}
