package otb.sim;

/** Big-endian and little-endian writes into byte arrays, and the Internet checksum. */
final class Wire {
    private Wire() {
    }

    static void put16(byte[] buffer, int offset, int value) {
        buffer[offset] = (byte) (value >>> 8);
        buffer[offset + 1] = (byte) value;
    }

    static void put32(byte[] buffer, int offset, int value) {
        buffer[offset] = (byte) (value >>> 24);
        buffer[offset + 1] = (byte) (value >>> 16);
        buffer[offset + 2] = (byte) (value >>> 8);
        buffer[offset + 3] = (byte) value;
    }

    static void put48(byte[] buffer, int offset, long value) {
        for (int i = 0; i < 6; i++) {
            buffer[offset + i] = (byte) (value >>> (40 - 8 * i));
        }
    }

    static void put16Little(byte[] buffer, int offset, int value) {
        buffer[offset] = (byte) value;
        buffer[offset + 1] = (byte) (value >>> 8);
    }

    static void put32Little(byte[] buffer, int offset, int value) {
        buffer[offset] = (byte) value;
        buffer[offset + 1] = (byte) (value >>> 8);
        buffer[offset + 2] = (byte) (value >>> 16);
        buffer[offset + 3] = (byte) (value >>> 24);
    }

    static int get16(byte[] buffer, int offset) {
        return ((buffer[offset] & 0xFF) << 8) | (buffer[offset + 1] & 0xFF);
    }

    /** RFC 1071 ones' complement sum of {@code length} bytes plus {@code initial}, complemented. */
    static int checksum(byte[] buffer, int offset, int length, long initial) {
        long sum = initial;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += ((buffer[i] & 0xFF) << 8) | (buffer[i + 1] & 0xFF);
        }
        if (i < end) {
            sum += (buffer[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
