package otb.capture;

/**
 * Port heuristics that tell the server of a flow whose handshake was not seen, as is usual on
 * SPAN ports that start in the middle of long-lived connections.
 */
final class ServerPorts {
    /** Service ports of industrial and common protocols, in ascending order (binary search). */
    private static final int[] KNOWN_SERVICE_PORTS = {
        102,    // ISO-TSAP: S7comm, IEC 61850 MMS
        502,    // Modbus/TCP
        789,    // Red Lion Crimson
        1089, 1090, 1091, // Foundation Fieldbus HSE
        1911,   // Niagara Fox
        1962,   // PCWorx
        2222,   // EtherNet/IP implicit I/O
        2404,   // IEC 60870-5-104
        4000,   // Emerson ROC
        4712, 4713, // IEEE C37.118 synchrophasor
        4840,   // OPC UA
        5007,   // Mitsubishi MELSEC
        5094,   // HART-IP
        9600,   // OMRON FINS
        18245, 18246, // GE SRTP
        19999, 20000, // DNP3 (secure, plain)
        20547,  // ProConOS
        34962, 34963, 34964, // PROFINET
        44818,  // EtherNet/IP explicit messaging
        47808,  // BACnet/IP
    };
    /** Ports below this are IANA system ports, normally servers (RFC 6335, section 6). */
    static final int SYSTEM_PORT_LIMIT = 1024;

    private ServerPorts() {
    }

    static boolean isKnownServicePort(int port) {
        return java.util.Arrays.binarySearch(KNOWN_SERVICE_PORTS, port) >= 0;
    }

    /**
     * True when the destination of a packet from {@code sourcePort} to {@code destinationPort}
     * is more likely the server: a known service port wins, then a system port, then the lower
     * port (clients take high ephemeral ports); equal ports make the sender the client.
     */
    static boolean destinationIsServer(int sourcePort, int destinationPort) {
        boolean sourceKnown = isKnownServicePort(sourcePort);
        boolean destinationKnown = isKnownServicePort(destinationPort);
        if (sourceKnown != destinationKnown) {
            return destinationKnown;
        }
        if (sourcePort == destinationPort) {
            return true;
        }
        boolean sourceSystem = sourcePort < SYSTEM_PORT_LIMIT;
        boolean destinationSystem = destinationPort < SYSTEM_PORT_LIMIT;
        if (sourceSystem != destinationSystem) {
            return destinationSystem;
        }
        return destinationPort < sourcePort;
    }
}
