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

    /** Where the partners' ids ({@link PointCorrelations#id}) are kept: the baseline's registry. */
    private final PointCorrelations registry;
    /**
     * The partners by id, not by key: pairing (105 M times in learning the 24 h demo plant) compares
     * ints, never calls {@code PointKey.equals}, and stores no reference; keys are looked up only
     * for output, merging and the codec.
     */
    final int[] ids = new int[PARTNERS];
    final long[] counts = new long[PARTNERS];
    int size;
    /** Changes of this point learned. */
    long changes;

    /** A correlation standing alone (its partners' ids in a registry of its own). */
    PointCorrelation() {
        this(new PointCorrelations());
    }

    PointCorrelation(PointCorrelations registry) {
        this.registry = registry;
        java.util.Arrays.fill(ids, -1);
    }

    /** Counts one change of {@code partner} close to a change of this point. */
    void together(PointKey partner) {
        together(registry.id(partner), 1);
    }

    void together(PointKey partner, long count) {
        together(registry.id(partner), count);
    }

    /** Counts {@code count} changes of the point with id {@code partner} close to changes of this one. */
    void together(int partner, long count) {
        int[] partners = ids;
        long[] counted = counts;
        // conditional expressions, not branches: which slot matches and which is least are as good
        // as random; JFR samples in pairing while learning the 24 h demo plant went from 1,292 of
        // ~2,950 (branches) to 883 of ~2,620
        int at = -1;
        for (int i = 0; i < PARTNERS; i++) {
            at = partners[i] == partner ? i : at;
        }
        if (at >= 0) {
            counted[at] += count;
            return;
        }
        if (size < PARTNERS) {
            partners[size] = partner;
            counted[size++] = count;
            return;
        }
        // space-saving: the least counted makes room, its count carried over as the newcomer's error
        int least = 0;
        long leastCount = counted[0];
        for (int i = 1; i < PARTNERS; i++) {
            boolean less = counted[i] < leastCount;
            least = less ? i : least;
            leastCount = less ? counted[i] : leastCount;
        }
        partners[least] = partner;
        counted[least] += count;
    }

    void merge(PointCorrelation other) {
        changes += other.changes;
        for (int i = 0; i < other.size; i++) {
            together(other.registry == registry ? other.ids[i] : registry.id(other.registry.key(other.ids[i])),
                    other.counts[i]);
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
            list.add(new Partner(registry.key(ids[i]), counts[i]));
        }
        list.sort(Comparator.comparingLong(Partner::together).reversed()
                .thenComparing(partner -> partner.point().toString()));
        return list;
    }
}
