package otb.baseline.cells;

import otb.capture.IpAddress;

/**
 * An address prefix, IPv4 or IPv6, e.g. {@code 10.1.0.0/16} or {@code fd00::/64}.
 *
 * @param network the network address with host bits cleared
 * @param length  prefix length in bits (0..32 for IPv4, 0..128 for IPv6)
 */
public record Cidr(IpAddress network, int length) {

    /** Parses {@code ADDRESS/LENGTH} or a bare address (a host prefix). */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        IpAddress address = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
        int bits = address.v6() ? 128 : 32;
        int length = bits;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            if (length < 0 || length > bits) {
                throw new IllegalArgumentException("prefix length out of range in " + text);
            }
        }
        return new Cidr(mask(address, length), length);
    }

    /** The prefix of the given length that holds {@code address}. */
    public static Cidr of(IpAddress address, int length) {
        return new Cidr(mask(address, length), length);
    }

    public boolean contains(IpAddress address) {
        return address.v6() == network.v6() && mask(address, length).equals(network);
    }

    private static IpAddress mask(IpAddress address, int length) {
        if (!address.v6()) {
            long mask = length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
            return new IpAddress(0, address.low() & mask, false);
        }
        long highMask = length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
        long lowMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        return new IpAddress(address.high() & highMask, address.low() & lowMask, true);
    }

    @Override
    public String toString() {
        return network + "/" + length;
    }
}
