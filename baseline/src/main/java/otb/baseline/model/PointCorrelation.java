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
 *
 * <p>It is also the point's handle for pairing ({@link PointCorrelations#handle}): its key, its id
 * and its server's ring of recent changes, kept by whoever feeds the point's values, so a change
 * looks nothing up and touches one object of the point.
 */
public final class PointCorrelation {
    /** Budget: co-moving points kept per point (the four slots below). */
    public static final int PARTNERS = 4;

    /** A co-moving point and how often it changed within the window of a change of this one. */
    public record Partner(PointKey point, long together) {
    }

    /** Where the partners' ids ({@link PointCorrelations#id}) are kept: the baseline's registry. */
    private final PointCorrelations registry;
    /** The point's key and id in {@link #registry}; null and -1 for a correlation standing alone. */
    final PointKey point;
    final int id;
    /** Its server's recent changes, once found ({@link PointCorrelations#changed}). */
    PointCorrelations.Recent ring;
    /**
     * The partners by id, not by key, and their counts, in four slots held in fields rather than
     * two arrays (one object to load per change instead of three): pairing (105 M times in learning
     * the 24 h demo plant) compares ints, never calls {@code PointKey.equals}, and stores no
     * reference; keys are looked up only for output, merging and the codec. Empty slots have id -1.
     * With the handle in this object too, pairing's CPU samples in learning the big plant went from
     * 4,148 to 2,139 (bench/README.md, per-value learning, flatter).
     */
    private int id0 = -1;
    private int id1 = -1;
    private int id2 = -1;
    private int id3 = -1;
    private long count0;
    private long count1;
    private long count2;
    private long count3;
    int size;
    /** Changes of this point learned. */
    long changes;
    /** When this point's last movement began (a change paired), once it has one; learning state, not stored. */
    boolean moved;
    long movedNanos;

    /** A correlation standing alone (its partners' ids in a registry of its own). */
    PointCorrelation() {
        this(new PointCorrelations(), null, -1);
    }

    PointCorrelation(PointCorrelations registry, PointKey point, int id) {
        this.registry = registry;
        this.point = point;
        this.id = id;
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
        // conditional expressions, not branches: which slot matches and which is least are as good
        // as random; JFR samples in pairing while learning the 24 h demo plant went from 1,292 of
        // ~2,950 (branches) to 883 of ~2,620
        int at = id0 == partner ? 0 : -1;
        at = id1 == partner ? 1 : at;
        at = id2 == partner ? 2 : at;
        at = id3 == partner ? 3 : at;
        if (at < 0) {
            if (size < PARTNERS) {
                at = size++;
            } else {
                // space-saving: the least counted makes room, its count carried over as the newcomer's error
                at = 0;
                long least = count0;
                at = count1 < least ? 1 : at;
                least = Math.min(least, count1);
                at = count2 < least ? 2 : at;
                least = Math.min(least, count2);
                at = count3 < least ? 3 : at;
            }
        }
        switch (at) {
            case 0 -> {
                id0 = partner;
                count0 += count;
            }
            case 1 -> {
                id1 = partner;
                count1 += count;
            }
            case 2 -> {
                id2 = partner;
                count2 += count;
            }
            default -> {
                id3 = partner;
                count3 += count;
            }
        }
    }

    /** The id in slot {@code slot} (0 to {@link #PARTNERS} − 1), -1 when empty. */
    private int idAt(int slot) {
        return switch (slot) {
            case 0 -> id0;
            case 1 -> id1;
            case 2 -> id2;
            default -> id3;
        };
    }

    private long countAt(int slot) {
        return switch (slot) {
            case 0 -> count0;
            case 1 -> count1;
            case 2 -> count2;
            default -> count3;
        };
    }

    /** Forgets what was learned (a stored correlation read again over this one). */
    void clear() {
        id0 = id1 = id2 = id3 = -1;
        count0 = count1 = count2 = count3 = 0;
        size = 0;
        changes = 0;
    }

    void merge(PointCorrelation other) {
        changes += other.changes;
        for (int i = 0; i < other.size; i++) {
            int theirs = other.idAt(i);
            together(other.registry == registry ? theirs : registry.id(other.registry.key(theirs)), other.countAt(i));
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
            list.add(new Partner(registry.key(idAt(i)), countAt(i)));
        }
        list.sort(Comparator.comparingLong(Partner::together).reversed()
                .thenComparing(partner -> partner.point().toString()));
        return list;
    }
}
