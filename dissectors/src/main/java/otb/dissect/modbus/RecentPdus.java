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
 * <p>{@link #SLOTS} slots, each PDU with two of its own, found by hashing its key two ways: a
 * PDU is remembered in its first slot, and one it displaces from there moves to its own second
 * slot (forgetting whatever was there). A slot holds the {@link KnownPdu} itself, which carries
 * its key. The usual lookup reads the first slot and the object it names, and finds the PDU
 * there: the choice of slot is made only for the few PDUs that share a first slot, so the hot
 * path's branch goes the same way nearly every time. An earlier four-way table of 256 sets cost
 * 2.2 ns per frame more on ModbusTCP.pcap (dissectors/bench/modbus-pair.sh, 15 of 16 JVMs; the
 * same misses): which of its ways held a PDU changed from one lookup to the next, a branch that
 * is hard to predict (this machine has no counters to confirm it; the bench is the evidence).
 * A single slot per PDU would make two PDUs of a polling cycle that share it miss on every
 * cycle, each miss decoding anew (with 100 distinct PDUs, two share a first slot about one time
 * in two); the second slot keeps both. The table may be shared by all the sessions of a
 * pipeline: many slots leave room for the PDUs of many flows; the slots touched are what costs,
 * not the table's size.
 */
final class RecentPdus {
    /** Longest PDU kept, function code included: the bytes must fit in one long. */
    static final int MAX_PDU_LENGTH = Long.BYTES;
    private static final int SLOT_BITS = 13;
    static final int SLOTS = 1 << SLOT_BITS;

    /** Per slot, the PDU kept there, or null. */
    private final KnownPdu[] known = new KnownPdu[SLOTS];

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
        // No branch on the length: a shift by 0 keeps all eight bytes.
        return word & (-1L >>> (Long.SIZE - Byte.SIZE * pduLength));
    }

    /** What was made of the eligible PDU with this {@link #key}, or null. */
    KnownPdu find(long key) {
        return find(known, key);
    }

    /**
     * The table itself, for a session's hot path ({@link #find(KnownPdu[], long)}): one object
     * less to go through per lookup. Its identity never changes.
     */
    KnownPdu[] slots() {
        return known;
    }

    /** {@link #find(long)} in the {@link #slots()} of a cache. */
    static KnownPdu find(KnownPdu[] known, long key) {
        KnownPdu first = known[slot(key)];
        if (first != null && first.pduKey() == key) {
            return first;
        }
        KnownPdu second = known[secondSlot(key)];
        return second != null && second.pduKey() == key ? second : null;
    }

    /** Remembers an eligible PDU decoded without anomalies, by its {@link KnownPdu#pduKey()}. */
    void remember(KnownPdu what) {
        int slot = slot(what.pduKey());
        KnownPdu displaced = known[slot];
        known[slot] = what;
        if (displaced != null && displaced.pduKey() != what.pduKey()) {
            int second = secondSlot(displaced.pduKey());
            // One already in its second slot is forgotten.
            if (second != slot) {
                known[second] = displaced;
            }
        }
    }

    /** The first slot of a key. */
    static int slot(long key) {
        long hash = (key ^ (key >>> 29)) * 0x9E3779B97F4A7C15L;
        return (int) (hash >>> (Long.SIZE - SLOT_BITS));
    }

    /** The second slot of a key: another hash, independent of the first. */
    static int secondSlot(long key) {
        long hash = (key ^ (key >>> 31)) * 0xC2B2AE3D27D4EB4FL;
        return (int) (hash >>> (Long.SIZE - SLOT_BITS));
    }
}
