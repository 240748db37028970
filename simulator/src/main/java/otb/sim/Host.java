package otb.sim;

/**
 * One simulated station.
 *
 * @param name    stable name used in labels ("hmi-1")
 * @param role    what the host does, for documentation ("Modbus client (HMI)")
 * @param address IPv4 address as an unsigned 32-bit value in an int
 * @param mac     MAC address, 48 bits in a long
 * @param cell    the cell whose subnet holds the address
 * @param ttl     initial IP time-to-live the host's stack uses (64 embedded/Linux, 128 Windows)
 */
public record Host(String name, String role, int address, long mac, Cell cell, int ttl) {

    public String ip() {
        return dotted(address);
    }

    static String dotted(int address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    static int parse(String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int value = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            value = (value << 8) | octet;
        }
        return value;
    }
}
