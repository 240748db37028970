package otb.capture;

/**
 * An IPv4 or IPv6 address held as two longs, so flows can be keyed without {@code InetAddress}.
 * IPv4 addresses live in the low 32 bits of {@code low} with {@code high == 0}.
 *
 * <p>A device seen only at layer 2 (a GOOSE publisher, a PROFINET device answering DCP, a switch
 * sending LLDP) is addressed by its MAC address, held as an IPv6 address in the discard-only
 * prefix {@code 100::/64} (RFC 6666, never a device's address) with the MAC in the low 48 bits:
 * {@link #mac(long)}, {@link #isMac()}. It prints and parses as the MAC ({@code 00:1b:1b:02:e6:1e}),
 * so flows, assets, cells and stored baselines take link-layer devices without a second key type.
 */
public record IpAddress(long high, long low, boolean v6) implements Comparable<IpAddress> {
    // equals and hashCode written out (the record's own hash, the same value): every flow, asset
    // and conversation lookup hashes addresses, and the generated ones run through method-handle
    // chains that are slow until the JIT has compiled them (bench/README.md, "the start of every run")

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress address && low == address.low && high == address.high && v6 == address.v6;
    }

    @Override
    public int hashCode() {
        return (31 * Long.hashCode(high) + Long.hashCode(low)) * 31 + Boolean.hashCode(v6);
    }

    /** The upper 64 bits of a MAC-keyed address: 100::/64 (RFC 6666, discard-only). */
    public static final long MAC_PREFIX_HIGH = 0x0100_0000_0000_0000L;

    /** The address of a device known by its MAC only (low 48 bits of {@code mac}). */
    public static IpAddress mac(long mac) {
        return new IpAddress(MAC_PREFIX_HIGH, mac & 0xFFFF_FFFF_FFFFL, true);
    }

    /** True when this address stands for a MAC address ({@link #mac(long)}). */
    public boolean isMac() {
        return isMac(v6, high, low);
    }

    static boolean isMac(boolean v6, long high, long low) {
        return v6 && high == MAC_PREFIX_HIGH && (low >>> 48) == 0;
    }

    /** The MAC address in the low 48 bits; meaningful when {@link #isMac()}. */
    public long macBits() {
        return low & 0xFFFF_FFFF_FFFFL;
    }

    public static IpAddress ipv4(int address) {
        return new IpAddress(0, address & 0xFFFF_FFFFL, false);
    }

    public static IpAddress ipv6(long high, long low) {
        return new IpAddress(high, low, true);
    }

    /** Parses dotted-quad IPv4 or RFC 4291 text IPv6; throws IllegalArgumentException on bad text. */
    public static IpAddress parse(String text) {
        if (text.length() == 17 && text.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
            // Six colon-separated octets: a MAC address (an IPv6 text has eight groups or "::").
            return mac(Long.parseLong(text.replace(":", ""), 16));
        }
        if (text.indexOf(':') < 0) {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int value = 0;
            for (String part : parts) {
                int octet;
                try {
                    octet = Integer.parseInt(part);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not an IPv4 address: " + text);
                }
                if (octet < 0 || octet > 255 || part.isEmpty()) {
                    throw new IllegalArgumentException("not an IPv4 address: " + text);
                }
                value = (value << 8) | octet;
            }
            return ipv4(value);
        }
        int[] groups = new int[8];
        String[] halves = text.split("::", -1);
        if (halves.length > 2) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
        String[] tail = halves.length == 2 && !halves[1].isEmpty() ? halves[1].split(":", -1) : new String[0];
        if ((halves.length == 1 && head.length != 8) || head.length + tail.length > (halves.length == 2 ? 7 : 8)) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        try {
            for (int i = 0; i < head.length; i++) {
                groups[i] = parseGroup(head[i], text);
            }
            for (int i = 0; i < tail.length; i++) {
                groups[8 - tail.length + i] = parseGroup(tail[i], text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | groups[i];
            low = (low << 16) | groups[i + 4];
        }
        return ipv6(high, low);
    }

    private static int parseGroup(String group, String text) {
        if (group.isEmpty() || group.length() > 4) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        return Integer.parseInt(group, 16);
    }

    /**
     * True for a group address, which names receivers and never sends: IPv4 multicast (224/4, RFC
     * 5771) and the limited broadcast 255.255.255.255 (RFC 919), IPv6 multicast (ff00::/8, RFC 4291).
     */
    public boolean isGroup() {
        return isGroup(v6, high, low);
    }

    /** {@link #isGroup()} of an address held as its two longs (IPv4 in the low 32 bits of {@code low}). */
    static boolean isGroup(boolean v6, long high, long low) {
        if (isMac(v6, high, low)) {
            // IEEE 802 individual/group bit: the lowest bit of the first octet.
            return (low & 0x0100_0000_0000L) != 0;
        }
        if (v6) {
            return (high >>> 56) == 0xFF;
        }
        long bits = low & 0xFFFF_FFFFL;
        return (bits >>> 28) == 0xE || bits == 0xFFFF_FFFFL;
    }

    /** True for an address a device may have: neither a group address nor the unspecified address. */
    public boolean isUnicast() {
        return !isGroup() && (high != 0 || low != 0);
    }

    /** The IPv4 address as an unsigned 32-bit value in an int; meaningful only when !v6. */
    public int ipv4Bits() {
        return (int) low;
    }

    @Override
    public int compareTo(IpAddress other) {
        if (v6 != other.v6) {
            return v6 ? 1 : -1;
        }
        int c = Long.compareUnsigned(high, other.high);
        return c != 0 ? c : Long.compareUnsigned(low, other.low);
    }

    /** Dotted quad for IPv4; RFC 5952 text (lower case, longest zero run compressed) for IPv6. */
    @Override
    public String toString() {
        if (isMac()) {
            return macText(low);
        }
        if (!v6) {
            return ((low >>> 24) & 0xFF) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "." + (low & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) ((high >>> (48 - 16 * i)) & 0xFFFF);
            groups[i + 4] = (int) ((low >>> (48 - 16 * i)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** {@code aa:bb:cc:dd:ee:ff} of a MAC address in the low 48 bits. */
    public static String macText(long mac) {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                text.append(':');
            }
            text.append(Character.forDigit((int) (mac >>> (shift + 4)) & 0xF, 16));
            text.append(Character.forDigit((int) (mac >>> shift) & 0xF, 16));
        }
        return text.toString();
    }
}
