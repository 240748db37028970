package otb.dissect.modbus;

import java.nio.ByteBuffer;

/**
 * The decoded form of recent short PDUs of one flow direction, found again by their bytes.
 * Polling traffic sends the same requests over and over (and servers often give the same
 * answers); a decoded PDU is a pure function of its bytes and immutable, so a repeated PDU reuses
 * what was made of it the first time ({@link KnownPdu}: detail, name, class, ranges) instead of
 * decoding into new objects.
 *
 * <p>Only PDUs of at most {@link #MAX_PDU_LENGTH} bytes (they fit in one long: every read
 * request, single writes, multiple-write responses, small read responses) that decoded without
 * an anomaly, under protocol id 0, and not UMAS (whose responses are rebuilt from their request)
 * are kept. Two-way set-associative: a new PDU takes the first way of its set and moves the PDU
 * there to the second, whose PDU is forgotten. (Direct-mapped, two PDUs of a polling cycle that
 * share a slot would push each other out on every cycle: ModbusTCP.pcap's 76 distinct request
 * PDUs missed 14% of the time in 256 direct-mapped slots.)
 */
final class RecentPdus {
    /** Longest PDU kept, function code included: the bytes must fit in one long. */
    static final int MAX_PDU_LENGTH = Long.BYTES;
    /** Sets (a power of two) of two ways each. */
    private static final int SET_BITS = 9;
    private static final int SETS = 1 << SET_BITS;

    /**
     * Per set, side by side (one cache line for a lookup): for each way the PDU bytes as a number
     * and the MBAP length of the PDU (PDU length + 1; 0 for an empty way).
     */
    private final long[] keys = new long[4 * SETS];
    private final KnownPdu[] known = new KnownPdu[2 * SETS];

    /** True for a PDU this cache may hold (length and function only; see the class comment). */
    static boolean eligible(int protocolId, int pduLength, int rawFunction) {
        return protocolId == 0 && pduLength <= MAX_PDU_LENGTH && rawFunction != ModbusFunctions.UMAS;
    }

    /**
     * What was made of the same {@code pduLength} bytes at {@code pdu}, or null. The ADU's MBAP
     * header must precede {@code pdu} in {@code b}.
     */
    KnownPdu find(ByteBuffer b, int pdu, int pduLength) {
        long key = key(b, pdu, pduLength);
        int set = set(key);
        int at = 4 * set;
        int length = pduLength + 1;
        if (keys[at] == key && keys[at + 1] == length) {
            return known[2 * set];
        }
        return keys[at + 2] == key && keys[at + 3] == length ? known[2 * set + 1] : null;
    }

    /** Remembers an eligible PDU decoded without anomalies; {@code what.detail()} has its MBAP length. */
    void remember(ByteBuffer b, int pdu, int pduLength, KnownPdu what) {
        long key = key(b, pdu, pduLength);
        int set = set(key);
        int at = 4 * set;
        keys[at + 2] = keys[at];
        keys[at + 3] = keys[at + 1];
        known[2 * set + 1] = known[2 * set];
        keys[at] = key;
        keys[at + 1] = pduLength + 1;
        known[2 * set] = what;
    }

    /**
     * The PDU bytes, big-endian, in one long ({@code pduLength} 1..8): one read of the eight bytes
     * that end with the PDU's last (the MBAP header's seven bytes always precede the PDU), the
     * bytes before the PDU masked off.
     */
    private static long key(ByteBuffer b, int pdu, int pduLength) {
        long word = b.getLong(pdu + pduLength - Long.BYTES);
        return pduLength == Long.BYTES ? word : word & ((1L << (8 * pduLength)) - 1);
    }

    /** The set of a key; PDUs that differ only in leading zero bytes share it (the length tells them apart). */
    private static int set(long key) {
        long hash = (key ^ (key >>> 29)) * 0x9E3779B97F4A7C15L;
        return (int) (hash >>> (Long.SIZE - SET_BITS));
    }
}
