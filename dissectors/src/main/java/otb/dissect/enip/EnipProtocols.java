package otb.dissect.enip;

import otb.capture.Transport;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;

/**
 * The EtherNet/IP and CIP descriptors (see {@link Protocol}): EtherNet/IP's encapsulation
 * (Vol 2 chapter 2) on TCP and UDP 44818, with class 0/1 I/O on UDP 2222 (Vol 2 3-2), and the
 * CIP messages it carries (Vol 1).
 */
public final class EnipProtocols {
    private EnipProtocols() {
    }

    /** Vol 2 table 3-2.1: the encapsulation port, TCP and UDP. */
    public static final int ENCAPSULATION_PORT = 44818;
    /** Vol 2 table 3-2.1: the UDP port of class 0/1 (implicit) I/O. */
    public static final int IMPLICIT_IO_PORT = 2222;

    /** Encapsulation commands that carry no CIP message (ListIdentity, RegisterSession, ...). */
    public static final Protocol ENIP = describeEnip();

    /**
     * CIP explicit messages and implicit I/O. The services that start, stop or reset a device
     * (Start, Stop, the Identity object's Reset) and the Logix controller object's own services
     * carry an effect (see {@code CipServices}).
     */
    public static final Protocol CIP = describeCip();

    private static Protocol describeEnip() {
        Protocol.Builder protocol = Protocol.builder("enip", "EtherNet/IP", "#0369a1")
                .hintPort(Transport.TCP, ENCAPSULATION_PORT)
                .hintPort(Transport.UDP, ENCAPSULATION_PORT)
                .hintPort(Transport.UDP, IMPLICIT_IO_PORT)
                .roles("enip_scanner", "enip_adapter");
        for (EncapsulationCommand command : EncapsulationCommand.values()) {
            protocol.function(command.code, command.wireName, command.operation);
        }
        return protocol.build();
    }

    private static Protocol describeCip() {
        Protocol.Builder protocol = Protocol.builder("cip", "CIP", "#0e7490")
                .hintPort(Transport.TCP, ENCAPSULATION_PORT)
                .hintPort(Transport.UDP, IMPLICIT_IO_PORT)
                .roles("cip_originator", "cip_target");
        for (CipServices.Service service : CipServices.all()) {
            protocol.function(service.code(), service.name(), service.operation(), service.effect());
        }
        protocol.function(-1, EnipSession.IMPLICIT_OUTPUT, OperationClass.WRITE);
        protocol.function(-1, EnipSession.IMPLICIT_INPUT, OperationClass.READ);
        return protocol.build();
    }
}
