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
 * are kept. Direct-mapped: a new PDU replaces the one in its slot.
 */
final class RecentPdus {
    /** Longest PDU kept, function code included: the bytes must fit in one long. */
    static final int MAX_PDU_LENGTH = Long.BYTES;
    /** Slots (a power of two). */
    private static final int SLOT_BITS = 8;
    private static final int SLOTS = 1 << SLOT_BITS;

    /**
     * Per slot, side by side (one cache line for a lookup): the PDU bytes as a number, and the
     * MBAP length of the PDU (PDU length + 1; 0 for an empty slot).
     */
    private final long[] keys = new long[2 * SLOTS];
    private final KnownPdu[] known = new KnownPdu[SLOTS];

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
        int slot = slot(key);
        return keys[2 * slot] == key && keys[2 * slot + 1] == pduLength + 1 ? known[slot] : null;
    }

    /** Remembers an eligible PDU decoded without anomalies; {@code what.detail()} has its MBAP length. */
    void remember(ByteBuffer b, int pdu, int pduLength, KnownPdu what) {
        long key = key(b, pdu, pduLength);
        int slot = slot(key);
        keys[2 * slot] = key;
        keys[2 * slot + 1] = pduLength + 1;
        known[slot] = what;
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

    /** The slot of a key; PDUs that differ only in leading zero bytes share it (the length tells them apart). */
    private static int slot(long key) {
        long hash = (key ^ (key >>> 29)) * 0x9E3779B97F4A7C15L;
        return (int) (hash >>> (Long.SIZE - SLOT_BITS));
    }
}
