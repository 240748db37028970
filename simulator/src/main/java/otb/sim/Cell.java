package otb.sim;

/**
 * A zone of the simulated plant: one IPv4 subnet, optionally one 802.1Q VLAN, and the router
 * interface through which its hosts reach other cells.
 *
 * @param name        stable name used in labels and documentation ("line1")
 * @param network     network address as an unsigned 32-bit value in an int
 * @param prefix      prefix length, 8..30
 * @param vlan        VLAN id 1..4094, or 0 when frames of this cell are untagged
 * @param gatewayMac  MAC address of the router interface in this cell (48 bits in a long)
 */
public record Cell(String name, int network, int prefix, int vlan, long gatewayMac) {

    public boolean contains(int address) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (address & mask) == (network & mask);
    }

    /** The router's address in this cell: the first host address. */
    public int gatewayAddress() {
        return network + 1;
    }

    public String cidr() {
        return Host.dotted(network) + "/" + prefix;
    }
}
