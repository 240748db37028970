package otb.baseline.model;

import java.util.Arrays;

/**
 * A bounded set of 64-bit fingerprints that forgets old entries a generation at a time: new
 * fingerprints go into the current generation; when it holds half the capacity, it becomes the
 * old one and the previous old generation is dropped. So the most recent capacity/2 entries are
 * always kept and never more than capacity. Each generation is an open-addressing table with
 * linear probing at most half full. Fingerprints are kept folded to 32 bits (half the memory,
 * so more of the sets stay in cache; a false match needs a 1 in 2^32 coincidence within one
 * point's window); {@link #toArray} returns the folded values. Zero is not a valid fingerprint.
 */
public final class FingerprintSet {
    private final int generationSize;
    private final int mask;
    private int[] currentTable;
    private int[] oldTable;
    private int[] currentOrder;
    private int[] oldOrder;
    private int currentSize;
    private int oldSize;

    /** @param capacity the most fingerprints kept, a power of two from 2 to 2^20 */
    public FingerprintSet(int capacity) {
        if (Integer.bitCount(capacity) != 1 || capacity < 2 || capacity > (1 << 20)) {
            throw new IllegalArgumentException("capacity must be a power of two in 2..2^20: " + capacity);
        }
        generationSize = capacity / 2;
        currentTable = new int[capacity];
        oldTable = new int[capacity];
        currentOrder = new int[generationSize];
        oldOrder = new int[generationSize];
        mask = capacity - 1;
    }

    public int capacity() {
        return generationSize * 2;
    }

    public int size() {
        return currentSize + oldSize;
    }

    public boolean contains(long fingerprint) {
        int folded = fold(fingerprint);
        return in(currentTable, folded) || (oldSize > 0 && in(oldTable, folded));
    }

    private static int fold(long fingerprint) {
        int folded = (int) (fingerprint ^ (fingerprint >>> 32));
        return folded == 0 ? 1 : folded;
    }

    private boolean in(int[] table, int fingerprint) {
        for (int i = slot(fingerprint); ; i = (i + 1) & mask) {
            int entry = table[i];
            if (entry == fingerprint) {
                return true;
            }
            if (entry == 0) {
                return false;
            }
        }
    }

    /** Adds a fingerprint; returns false when it was already there (or is zero). */
    public boolean add(long fingerprint) {
        if (fingerprint == 0 || contains(fingerprint)) {
            return false;
        }
        int folded = fold(fingerprint);
        if (currentSize == generationSize) {
            int[] table = oldTable;
            int[] order = oldOrder;
            oldTable = currentTable;
            oldOrder = currentOrder;
            oldSize = currentSize;
            Arrays.fill(table, 0);
            currentTable = table;
            currentOrder = order;
            currentSize = 0;
        }
        int i = slot(folded);
        while (currentTable[i] != 0) {
            i = (i + 1) & mask;
        }
        currentTable[i] = folded;
        currentOrder[currentSize++] = folded;
        return true;
    }

    private int slot(int fingerprint) {
        return (fingerprint * 0x9E3779B9 >>> 16) & mask;
    }

    /** Folded fingerprints (unsigned 32-bit values), oldest first; adding them back keeps them. */
    public long[] toArray() {
        long[] out = new long[oldSize + currentSize];
        for (int k = 0; k < oldSize; k++) {
            out[k] = oldOrder[k] & 0xFFFF_FFFFL;
        }
        for (int k = 0; k < currentSize; k++) {
            out[oldSize + k] = currentOrder[k] & 0xFFFF_FFFFL;
        }
        return out;
    }
}
