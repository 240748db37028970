package otb.baseline;

/**
 * A bounded set of 64-bit fingerprints that forgets its oldest entry when full (open addressing
 * with linear probing, backward-shift deletion, a ring remembering insertion order). Zero is
 * not a valid fingerprint.
 */
public final class FingerprintSet {
    private final long[] table;
    private final long[] ring;
    private final int mask;
    private int ringNext;
    private int size;

    /** @param capacity the most fingerprints kept, a power of two from 2 to 2^20 */
    public FingerprintSet(int capacity) {
        if (Integer.bitCount(capacity) != 1 || capacity < 2 || capacity > (1 << 20)) {
            throw new IllegalArgumentException("capacity must be a power of two in 2..2^20: " + capacity);
        }
        table = new long[capacity * 2];
        ring = new long[capacity];
        mask = table.length - 1;
    }

    public int capacity() {
        return ring.length;
    }

    public int size() {
        return size;
    }

    public boolean contains(long fingerprint) {
        for (int i = slot(fingerprint); ; i = (i + 1) & mask) {
            long entry = table[i];
            if (entry == 0) {
                return false;
            }
            if (entry == fingerprint) {
                return true;
            }
        }
    }

    /** Adds a fingerprint (no-op when present); returns false when it was already there. */
    public boolean add(long fingerprint) {
        if (fingerprint == 0 || contains(fingerprint)) {
            return false;
        }
        if (size == ring.length) {
            remove(ring[ringNext]);
        }
        int i = slot(fingerprint);
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = fingerprint;
        ring[ringNext] = fingerprint;
        ringNext = (ringNext + 1) % ring.length;
        size++;
        return true;
    }

    private void remove(long fingerprint) {
        int i = slot(fingerprint);
        while (table[i] != fingerprint) {
            i = (i + 1) & mask;
        }
        // backward-shift deletion keeps every probe chain unbroken
        int hole = i;
        for (int j = (hole + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
            int home = slot(table[j]);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = 0;
        size--;
    }

    private int slot(long fingerprint) {
        long mixed = fingerprint * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 40) & mask;
    }

    /** Fingerprints oldest first. */
    public long[] toArray() {
        long[] out = new long[size];
        int start = size == ring.length ? ringNext : 0;
        for (int k = 0; k < size; k++) {
            out[k] = ring[(start + k) % ring.length];
        }
        return out;
    }
}
