package otb.dissect.lldp;

import otb.capture.Transport;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;

/** The LLDP descriptor (see {@link Protocol}). */
public final class LldpProtocol {
    private LldpProtocol() {
    }

    /** EtherType of LLDP (IEEE 802.1AB clause 9.1: 0x88CC). */
    public static final int ETHERTYPE = 0x88CC;

    static final String ADVERTISE_NAME = "advertise";

    /**
     * IEEE 802.1AB Link Layer Discovery Protocol: a station advertises its chassis, port, name and
     * management addresses to its neighbours; link-level, no function codes.
     */
    public static final Protocol DESCRIPTOR = Protocol.builder("lldp", "LLDP", "#6b7280")
            .hintPort(Transport.ETHERNET, ETHERTYPE)
            .roles("lldp_agent", "lldp_neighbours")
            .function(-1, ADVERTISE_NAME, OperationClass.LINK)
            .build();
}
