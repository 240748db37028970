package otb.baseline.detect;

import otb.baseline.model.FingerprintSet;
import otb.baseline.model.ValueSummary;

/**
 * The window fingerprints one point showed recently in detection, for replays: holds exactly what a
 * {@link FingerprintSet} of {@link ValueSummary#FINGERPRINTS} holds (two generations of at most half
 * that, the older dropped when the newer fills; fingerprints folded to 32 bits; a test adds the same
 * sequences to both), but the two generations share one array, slot beside slot, so a lookup reads
 * one cache line instead of two tables and their order lists. On the big plant (25,000 moving
 * points, one sampled window in 8 values) the fingerprint set's lookups were 18.6% of `otb
 * analyze`'s samples; with this class its 500 k frames took 9.3-11.4 s of CPU against 12.0-14.4 s,
 * peak RSS 300 against 326 MiB (4 alternated runs; bench/README.md, "detection per value").
 */
final class RecentWindows {
    private static final int CAPACITY = ValueSummary.FINGERPRINTS;
    private static final int GENERATION = CAPACITY / 2;
    private static final int MASK = CAPACITY - 1;

    /** Slot {@code i} of lane {@code l} (one generation each) at {@code 2 * i + l}; 0 is empty. */
    private final int[] slots = new int[2 * CAPACITY];
    /** The lane of the current generation; the other holds the old one. */
    private int current;
    private int currentSize;

    /** Adds a fingerprint; false when it was already there (or is zero): {@link FingerprintSet#add}. */
    boolean add(long fingerprint) {
        if (fingerprint == 0) {
            return false;
        }
        int folded = (int) (fingerprint ^ (fingerprint >>> 32));
        if (folded == 0) {
            folded = 1;
        }
        int start = (folded * 0x9E3779B9 >>> 16) & MASK;
        if (in(current, folded, start) || in(current ^ 1, folded, start)) {
            return false;
        }
        if (currentSize == GENERATION) {
            // the full generation becomes the old one; the old one is dropped and starts over
            current ^= 1;
            for (int i = current; i < slots.length; i += 2) {
                slots[i] = 0;
            }
            currentSize = 0;
        }
        int i = start;
        while (slots[2 * i + current] != 0) {
            i = (i + 1) & MASK;
        }
        slots[2 * i + current] = folded;
        currentSize++;
        return true;
    }

    /** Linear probing within one lane, at most half full: ends at the fingerprint or an empty slot. */
    private boolean in(int lane, int folded, int start) {
        for (int i = start; ; i = (i + 1) & MASK) {
            int entry = slots[2 * i + lane];
            if (entry == folded) {
                return true;
            }
            if (entry == 0) {
                return false;
            }
        }
    }
}
