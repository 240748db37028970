package otb.baseline.model;

import otb.capture.IpAddress;
import otb.dissect.Protocol;

/**
 * An industrial conversation: who asks (client, master), who serves (server, PLC, outstation),
 * in which protocol, to which unit (Modbus unit id, DNP3 outstation address, 0 for S7).
 */
public record ConversationKey(IpAddress client, IpAddress server, Protocol protocol, int unit) {
    @Override
    public String toString() {
        return client + " -> " + server + " " + protocol.wireName() + " unit " + unit;
    }
}
