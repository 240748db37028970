package otb.baseline.model;

import otb.capture.IpAddress;
import otb.capture.Transport;

/** Any IP conversation, industrial or not: client, server, transport and server port. */
public record IpConversationKey(IpAddress client, IpAddress server, Transport transport, int serverPort) {
    // equals and hashCode written out, as IpAddress's: looked up for every message

    @Override
    public boolean equals(Object other) {
        return other instanceof IpConversationKey key && serverPort == key.serverPort && transport == key.transport
                && client.equals(key.client) && server.equals(key.server);
    }

    @Override
    public int hashCode() {
        return ((31 * client.hashCode() + server.hashCode()) * 31 + transport.hashCode()) * 31 + serverPort;
    }

    /** e.g. {@code tcp/445}. */
    public String transportPort() {
        return transport.wireName() + "/" + serverPort;
    }

    @Override
    public String toString() {
        return client + " -> " + server + " " + transportPort();
    }
}
