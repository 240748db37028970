package otb.capture;

/**
 * What a flow had carried on the wire at one moment, as values: a {@link Flow} keeps counting
 * (a last ACK after a FIN), so a consumer on another thread reads these, not the live flow.
 *
 * @param framesToServer frames towards the server
 * @param framesToClient frames towards the client
 * @param bytesToServer  frame bytes on the wire (link layer included) towards the server
 * @param bytesToClient  frame bytes on the wire towards the client
 * @param lastSeenNanos  capture time of the latest frame counted, nanoseconds since the epoch
 */
public record FlowTotals(long framesToServer, long framesToClient, long bytesToServer, long bytesToClient,
                         long lastSeenNanos) {
}
