package otb.baseline.model;

import otb.capture.IpAddress;
import otb.dissect.Protocol;

/** One point of a server: protocol, unit, address space and address. */
public record PointKey(IpAddress server, Protocol protocol, int unit, String space, long address) {
    // written out: the hot path looks points up once per value carried

    @Override
    public boolean equals(Object other) {
        return other instanceof PointKey key && address == key.address && unit == key.unit
                && protocol == key.protocol && server.low() == key.server.low() && server.high() == key.server.high()
                && server.v6() == key.server.v6() && space.equals(key.space);
    }

    @Override
    public int hashCode() {
        long hash = server.low() * 0x9E3779B97F4A7C15L + server.high();
        hash = hash * 31 + address;
        hash = hash * 31 + unit;
        hash = hash * 31 + space.hashCode();
        hash = hash * 31 + protocol.wireName().hashCode();
        return (int) (hash ^ (hash >>> 32));
    }

    @Override
    public String toString() {
        return server + " " + protocol.wireName() + " unit " + unit + " " + space + ":" + address;
    }
}
