package otb.baseline.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The points of the same server that moved with one point while learning: a space-saving top-k
 * summary (Metwally et al., 2005) of the points whose value changed within
 * {@link PointCorrelations#WINDOW_NANOS} of a change of this one, at most {@link #PARTNERS} of
 * them, each with how often they moved together. Bounded and mergeable (counts add, the
 * largest {@link #PARTNERS} are kept), so a merged summary is as good as one learned at once up
 * to the usual space-saving error.
 */
public final class PointCorrelation {
    /** Budget: co-moving points kept per point. */
    public static final int PARTNERS = 4;

    /** A co-moving point and how often it changed within the window of a change of this one. */
    public record Partner(PointKey point, long together) {
    }

    final PointKey[] points = new PointKey[PARTNERS];
    /** Each partner's {@link PointKey#hashCode}: most partners differ in it, so a miss compares one int. */
    private final int[] hashes = new int[PARTNERS];
    final long[] counts = new long[PARTNERS];
    int size;
    /** Changes of this point learned. */
    long changes;

    /** Counts one change of {@code partner} close to a change of this point. */
    void together(PointKey partner) {
        together(partner, partner.hashCode(), 1);
    }

    void together(PointKey partner, long count) {
        together(partner, partner.hashCode(), count);
    }

    /** {@code hash} is {@code partner.hashCode()}, computed once by the caller. */
    void together(PointKey partner, int hash, long count) {
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash && (points[i] == partner || points[i].equals(partner))) {
                counts[i] += count;
                return;
            }
        }
        if (size < PARTNERS) {
            points[size] = partner;
            hashes[size] = hash;
            counts[size++] = count;
            return;
        }
        // space-saving: the least counted makes room, its count carried over as the newcomer's error
        int least = 0;
        for (int i = 1; i < size; i++) {
            if (counts[i] < counts[least]) {
                least = i;
            }
        }
        points[least] = partner;
        hashes[least] = hash;
        counts[least] += count;
    }

    void merge(PointCorrelation other) {
        changes += other.changes;
        for (int i = 0; i < other.size; i++) {
            together(other.points[i], other.hashes[i], other.counts[i]);
        }
    }

    /** Changes of this point learned. */
    public long changes() {
        return changes;
    }

    /** Its co-moving points, most together first (ties in point order, for stable output). */
    public List<Partner> partners() {
        List<Partner> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(new Partner(points[i], counts[i]));
        }
        list.sort(Comparator.comparingLong(Partner::together).reversed()
                .thenComparing(partner -> partner.point().toString()));
        return list;
    }
}
