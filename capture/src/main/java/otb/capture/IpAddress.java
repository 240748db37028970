package otb.capture;

/**
 * An IPv4 or IPv6 address held as two longs, so flows can be keyed without {@code InetAddress}.
 * IPv4 addresses live in the low 32 bits of {@code low} with {@code high == 0}.
 */
public record IpAddress(long high, long low, boolean v6) implements Comparable<IpAddress> {

    public static IpAddress ipv4(int address) {
        return new IpAddress(0, address & 0xFFFF_FFFFL, false);
    }

    public static IpAddress ipv6(long high, long low) {
        return new IpAddress(high, low, true);
    }

    /** Parses dotted-quad IPv4 or RFC 4291 text IPv6; throws IllegalArgumentException on bad text. */
    public static IpAddress parse(String text) {
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
}
