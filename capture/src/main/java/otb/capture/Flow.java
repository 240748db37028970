package otb.capture;

/**
 * A bidirectional transport conversation: VLAN and 5-tuple, with client and server decided
 * from the SYN when it was seen, otherwise by port heuristics. Lives in the flow table until it
 * ends or is evicted; consumers may hang per-flow state on {@link #attachment}.
 */
public final class Flow {
    private final long id;
    private final int vlan;
    private final Transport transport;
    private final IpAddress client;
    private final int clientPort;
    private final IpAddress server;
    private final int serverPort;
    private final long clientMac;
    private final long serverMac;
    private final long firstSeenNanos;
    private final boolean handshakeSeen;

    /** Free slot for the consumer of the flow (the dissector dispatcher). */
    public Object attachment;

    // What the flow carried on the wire, counted by the engine for every frame of it.
    private long framesToServer;
    private long framesToClient;
    private long bytesToServer;
    private long bytesToClient;
    private long lastSeenNanos;
    private long framesAfterEnd;

    public Flow(long id, int vlan, Transport transport, IpAddress client, int clientPort, IpAddress server,
                int serverPort, long clientMac, long serverMac, long firstSeenNanos, boolean handshakeSeen) {
        this.id = id;
        this.vlan = vlan;
        this.transport = transport;
        this.client = client;
        this.clientPort = clientPort;
        this.server = server;
        this.serverPort = serverPort;
        this.clientMac = clientMac;
        this.serverMac = serverMac;
        this.firstSeenNanos = firstSeenNanos;
        this.handshakeSeen = handshakeSeen;
        this.lastSeenNanos = firstSeenNanos;
    }

    /** One frame of the flow: its length on the wire, at capture time {@code nanos}. */
    void count(Direction direction, int wireLength, long nanos) {
        if (direction == Direction.TO_SERVER) {
            framesToServer++;
            bytesToServer += wireLength;
        } else {
            framesToClient++;
            bytesToClient += wireLength;
        }
        if (nanos > lastSeenNanos) {
            lastSeenNanos = nanos;
        }
    }

    /** A frame that came after the flow ended by FIN or RST (a last ACK): counted apart. */
    void countAfterEnd(Direction direction, int wireLength, long nanos) {
        count(direction, wireLength, nanos);
        framesAfterEnd++;
    }

    /** Frames towards the server, as Wireshark's conversation statistics count them. */
    public long framesToServer() { return framesToServer; }

    public long framesToClient() { return framesToClient; }

    /** Frame bytes on the wire (link layer included) towards the server. */
    public long bytesToServer() { return bytesToServer; }

    public long bytesToClient() { return bytesToClient; }

    /** Capture time of the latest frame counted, nanoseconds since the epoch. */
    public long lastSeenNanos() { return lastSeenNanos; }

    /** The counts so far, as values that stay as they are when the flow counts on. */
    public FlowTotals totals() {
        return new FlowTotals(framesToServer, framesToClient, bytesToServer, bytesToClient, lastSeenNanos);
    }

    /** Frames counted after the flow had ended (included in the counts above). */
    public long framesAfterEnd() { return framesAfterEnd; }

    /** Sequence number of the flow within the run, from 1, in order of first packet. */
    public long id() { return id; }

    /** VLAN id closest to the IP header, 0 when untagged. */
    public int vlan() { return vlan; }

    public Transport transport() { return transport; }

    public IpAddress client() { return client; }

    public int clientPort() { return clientPort; }

    public IpAddress server() { return server; }

    public int serverPort() { return serverPort; }

    /** Client MAC in the low 48 bits, 0 when the link type has none. */
    public long clientMac() { return clientMac; }

    /** Server MAC in the low 48 bits, 0 when the link type has none. */
    public long serverMac() { return serverMac; }

    /**
     * True when a MAC address (low 48 bits) has the IEEE 802 individual/group bit: multicast or
     * broadcast. 0 (no MAC on the link type) is not a group.
     */
    public static boolean isGroupMac(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    /**
     * True when an endpoint is one device: a unicast address ({@link IpAddress#isUnicast()}) not
     * reached through a group MAC address (a directed broadcast such as 10.0.0.255 has one).
     */
    public static boolean isDevice(IpAddress address, long mac) {
        return address.isUnicast() && !isGroupMac(mac);
    }

    /** Capture time of the first packet, nanoseconds since the epoch. */
    public long firstSeenNanos() { return firstSeenNanos; }

    /** True when client and server come from a SYN, false when from port heuristics. */
    public boolean handshakeSeen() { return handshakeSeen; }

    public IpAddress source(Direction direction) { return direction == Direction.TO_SERVER ? client : server; }

    public IpAddress destination(Direction direction) { return direction == Direction.TO_SERVER ? server : client; }

    public int sourcePort(Direction direction) { return direction == Direction.TO_SERVER ? clientPort : serverPort; }

    public int destinationPort(Direction direction) { return direction == Direction.TO_SERVER ? serverPort : clientPort; }

    @Override
    public String toString() {
        return transport.wireName() + " " + client + ":" + clientPort + " -> " + server + ":" + serverPort
                + (vlan != 0 ? " vlan " + vlan : "");
    }
}
