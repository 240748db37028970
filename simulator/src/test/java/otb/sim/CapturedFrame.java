package otb.sim;

/**
 * One frame of a simulated capture, decoded by the tests' own small reader (independent of the
 * simulator's builders): addresses, ports, TCP fields, the transport payload and whether every
 * checksum verified.
 */
record CapturedFrame(int number, long time, byte[] bytes, int vlan, int etherType, int source, int destination,
        int protocol, int sourcePort, int destinationPort, long sequence, int tcpFlags, int payloadOffset,
        int payloadLength, boolean checksumsValid) {

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;

    boolean isTcp() {
        return etherType == ETHERTYPE_IPV4 && protocol == 6;
    }

    boolean isUdp() {
        return etherType == ETHERTYPE_IPV4 && protocol == 17;
    }

    boolean between(String a, String b) {
        int first = Host.parse(a);
        int second = Host.parse(b);
        return (source == first && destination == second) || (source == second && destination == first);
    }

    boolean hasPort(int port) {
        return sourcePort == port || destinationPort == port;
    }

    byte[] payload() {
        return java.util.Arrays.copyOfRange(bytes, payloadOffset, payloadOffset + payloadLength);
    }

    int payloadByte(int index) {
        return bytes[payloadOffset + index] & 0xFF;
    }

    int payload16(int index) {
        return (payloadByte(index) << 8) | payloadByte(index + 1);
    }
}
