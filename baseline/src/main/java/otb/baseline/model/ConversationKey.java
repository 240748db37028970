package otb.baseline.model;

import otb.capture.IpAddress;
import otb.dissect.Protocol;

/**
 * An industrial conversation: who asks (client, master), who serves (server, PLC, outstation),
 * in which protocol, to which unit (Modbus unit id, DNP3 outstation address, 0 for S7).
 */
public record ConversationKey(IpAddress client, IpAddress server, Protocol protocol, int unit) {
    // equals and hashCode written out, as IpAddress's: looked up for every message

    @Override
    public boolean equals(Object other) {
        return other instanceof ConversationKey key && unit == key.unit && protocol == key.protocol
                && client.equals(key.client) && server.equals(key.server);
    }

    @Override
    public int hashCode() {
        return ((31 * client.hashCode() + server.hashCode()) * 31 + protocol.hashCode()) * 31 + unit;
    }

    @Override
    public String toString() {
        return client + " -> " + server + " " + protocol.wireName() + " unit " + unit;
    }
}
