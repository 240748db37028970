package otb.dissect.pndcp;

import otb.capture.Transport;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;

/** The PROFINET DCP descriptor (see {@link Protocol}). */
public final class PnDcpProtocol {
    private PnDcpProtocol() {
    }

    /** EtherType of PROFINET real-time frames (IEC 61158-6-10: 0x8892, IEEE registered). */
    public static final int ETHERTYPE = 0x8892;

    /**
     * PROFINET DCP (Discovery and basic Configuration Protocol, IEC 61158-6-10 clause 4.3): an
     * IO controller or engineering station identifies devices by multicast, reads their name and
     * addresses (Get), and writes them (Set: name of station, IP parameters, factory reset, signal).
     * Functions are the DCP ServiceIDs. A Set changes the device's configuration: WRITE.
     */
    public static final Protocol DESCRIPTOR = Protocol.builder("pn-dcp", "PROFINET DCP", "#65a30d")
            .hintPort(Transport.ETHERNET, ETHERTYPE)
            .roles("pn_dcp_controller", "pn_dcp_device")
            .function(DcpFrame.SERVICE_GET, "get", OperationClass.READ)
            .function(DcpFrame.SERVICE_SET, "set", OperationClass.WRITE)
            .function(DcpFrame.SERVICE_IDENTIFY, "identify", OperationClass.DIAGNOSTIC)
            .function(DcpFrame.SERVICE_HELLO, "hello", OperationClass.DIAGNOSTIC)
            .function(-1, DcpFrame.UNKNOWN_SERVICE_NAME, OperationClass.OTHER)
            .build();
}
