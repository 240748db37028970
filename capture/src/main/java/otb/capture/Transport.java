package otb.capture;

/** Transport protocols the flow table tracks. */
public enum Transport {
    TCP(6), UDP(17);

    /** IANA protocol number as carried in the IPv4 protocol / IPv6 next-header field. */
    public final int ipProtocol;

    Transport(int ipProtocol) {
        this.ipProtocol = ipProtocol;
    }

    public String wireName() {
        return this == TCP ? "tcp" : "udp";
    }
}
