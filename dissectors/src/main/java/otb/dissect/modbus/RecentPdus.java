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
 * an anomaly, under protocol id 0, with a function code other than 0 and not UMAS (whose
 * responses are rebuilt from their request) are kept. Their bytes as a number ({@link #key}) are
 * their identity: the first byte is not zero, so PDUs of different lengths never share a number.
 *
 * <p>Four-way set-associative, 256 sets: a new PDU takes the first way of its set and moves
 * those there one way on, forgetting the last. Fewer ways thrash: a polling cycle whose PDUs
 * outnumber the ways of a set they share misses on every cycle, and each miss decodes the PDU
 * anew (direct-mapped, ModbusTCP.pcap's 76 distinct request PDUs missed 14% of the time; two-way,
 * three of the 56 request PDUs of a generated 14-flow poll shared a set and missed on every
 * cycle, 6% of all requests). A way holds the {@link KnownPdu} itself, which carries its key: a
 * lookup reads the ways of one set and the object it returns.
 */
final class RecentPdus {
    /** Longest PDU kept, function code included: the bytes must fit in one long. */
    static final int MAX_PDU_LENGTH = Long.BYTES;
    /** Sets (a power of two) of {@link #WAYS} ways each. */
    private static final int SET_BITS = 8;
    private static final int SETS = 1 << SET_BITS;
    static final int WAYS = 4;

    /**
     * Per set, its ways side by side, most recently remembered first; filled from the first
     * (an empty way, null, is followed by empty ones only).
     */
    private final KnownPdu[] known = new KnownPdu[WAYS * SETS];

    /** True for a PDU this cache may hold (length and function only; see the class comment). */
    static boolean eligible(int protocolId, int pduLength, int rawFunction) {
        return protocolId == 0 && pduLength <= MAX_PDU_LENGTH && rawFunction != 0
                && rawFunction != ModbusFunctions.UMAS;
    }

    /**
     * The PDU's bytes, big-endian, as one number ({@code pduLength} 1..8): one read of the eight
     * bytes that end with the PDU's last (the ADU's MBAP header's seven bytes always precede the
     * PDU in {@code b}), the bytes before the PDU masked off.
     */
    static long key(ByteBuffer b, int pdu, int pduLength) {
        long word = b.getLong(pdu + pduLength - Long.BYTES);
        return pduLength == Long.BYTES ? word : word & ((1L << (8 * pduLength)) - 1);
    }

    /** What was made of the eligible PDU with this {@link #key}, or null. */
    KnownPdu find(long key) {
        return find(known, key);
    }

    /**
     * The table itself, for a session's hot path ({@link #find(KnownPdu[], long)}): one object
     * less to go through per lookup. Its identity never changes.
     */
    KnownPdu[] ways() {
        return known;
    }

    /** {@link #find(long)} in the {@link #ways()} of a cache. */
    static KnownPdu find(KnownPdu[] known, long key) {
        int at = WAYS * set(key);
        for (int way = at; way < at + WAYS; way++) {
            KnownPdu candidate = known[way];
            if (candidate == null || candidate.pduKey() == key) {
                return candidate;
            }
        }
        return null;
    }

    /** Remembers an eligible PDU decoded without anomalies, by its {@link KnownPdu#pduKey()}. */
    void remember(KnownPdu what) {
        int at = WAYS * set(what.pduKey());
        System.arraycopy(known, at, known, at + 1, WAYS - 1);
        known[at] = what;
    }

    /** The set of a key. */
    private static int set(long key) {
        long hash = (key ^ (key >>> 29)) * 0x9E3779B97F4A7C15L;
        return (int) (hash >>> (Long.SIZE - SET_BITS));
    }
}
