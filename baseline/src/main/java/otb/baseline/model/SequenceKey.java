package otb.baseline.model;

import otb.capture.IpAddress;
import otb.dissect.Protocol;

/**
 * One sequence counter as a baseline learns it: the counter a sender keeps (its name, see
 * {@link otb.dissect.SequenceNumber}) on the conversations between a client and a server in one
 * protocol, in one direction. Per-connection scopes (a CIP connection id, a DNP3 outstation's
 * link address) are pooled: the habit belongs to the sender, not to one connection.
 *
 * @param toServer true for the counter of what the client sends, false for the server's
 */
public record SequenceKey(IpAddress client, IpAddress server, Protocol protocol, String counter, boolean toServer) {
    // equals and hashCode written out, as IpAddress's: looked up for every message with a counter

    @Override
    public boolean equals(Object other) {
        return other instanceof SequenceKey key && toServer == key.toServer && protocol == key.protocol
                && client.equals(key.client) && server.equals(key.server) && counter.equals(key.counter);
    }

    @Override
    public int hashCode() {
        int hash = (31 * client.hashCode() + server.hashCode()) * 31 + protocol.hashCode();
        return (hash * 31 + counter.hashCode()) * 31 + Boolean.hashCode(toServer);
    }

    @Override
    public String toString() {
        return client + " -> " + server + " " + protocol.wireName() + " " + counter + (toServer ? " (client)" : " (server)");
    }
}
