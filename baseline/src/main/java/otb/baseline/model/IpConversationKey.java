package otb.baseline.model;

import otb.capture.IpAddress;
import otb.capture.Transport;

/** Any IP conversation, industrial or not: client, server, transport and server port. */
public record IpConversationKey(IpAddress client, IpAddress server, Transport transport, int serverPort) {
    /** e.g. {@code tcp/445}. */
    public String transportPort() {
        return transport.wireName() + "/" + serverPort;
    }

    @Override
    public String toString() {
        return client + " -> " + server + " " + transportPort();
    }
}
