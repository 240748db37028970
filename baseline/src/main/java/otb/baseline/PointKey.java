package otb.baseline;

import otb.capture.IpAddress;
import otb.dissect.Protocol;

/** One point of a server: protocol, unit, address space and address. */
public record PointKey(IpAddress server, Protocol protocol, int unit, String space, long address) {
    @Override
    public String toString() {
        return server + " " + protocol.wireName() + " unit " + unit + " " + space + ":" + address;
    }
}
