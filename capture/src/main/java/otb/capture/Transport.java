package otb.capture;

/** Transport protocols the flow table tracks. */
public enum Transport {
    TCP(6), UDP(17),
    /**
     * Ethernet frames of a type other than IP and ARP (GOOSE, PROFINET, LLDP, PTP, ...), tracked as
     * datagrams between two MAC addresses with the EtherType as both ports; 143 is IANA's protocol
     * number for Ethernet carried directly (RFC 8986).
     */
    ETHERNET(143);

    /** IANA protocol number as carried in the IPv4 protocol / IPv6 next-header field. */
    public final int ipProtocol;

    Transport(int ipProtocol) {
        this.ipProtocol = ipProtocol;
    }

    public String wireName() {
        return switch (this) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ETHERNET -> "eth";
        };
    }

    /** True for transports whose payloads arrive as whole datagrams (UDP, Ethernet frames), not as a stream. */
    public boolean datagrams() {
        return this != TCP;
    }
}
