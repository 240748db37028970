package otb.baseline.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The points of the same server that moved with one point while learning: a space-saving top-k
 * summary (Metwally et al., 2005) of the points that moved within
 * {@link PointCorrelations#WINDOW_NANOS} of a movement of this one (a movement: a change and the
 * point's further changes in the window after it, {@link PointCorrelations}), at most
 * {@link #PARTNERS} of them, each with how often they moved together. Bounded and mergeable (counts add, the
 * largest {@link #PARTNERS} are kept), so a merged summary is as good as one learned at once up
 * to the usual space-saving error.
 *
 * <p>It is also the point's handle for pairing ({@link PointCorrelations#handle}): its key, its id
 * and its server's ring of recent movements, kept by whoever feeds the point's values, so a change
 * looks nothing up. Its partner slots are kept by id in its registry ({@link PointCorrelations#together}).
 */
public final class PointCorrelation {
    /** Budget: co-moving points kept per point (the four slots below). */
    public static final int PARTNERS = 4;

    /** A co-moving point and how often it moved within the window of a movement of this one. */
    public record Partner(PointKey point, long together) {
    }

    /** Where its partner slots and the partners' ids ({@link PointCorrelations#id}) are kept. */
    private final PointCorrelations registry;
    /** The point's key and id in {@link #registry}; null for a correlation standing alone. */
    final PointKey point;
    final int id;
    /** Its server's recent movements, once found ({@link PointCorrelations#changed}). */
    PointCorrelations.Recent ring;
    /** Changes of this point learned. */
    long changes;
    /** When this point's last movement began (a change paired), once it has one; learning state, not stored. */
    boolean moved;
    long movedNanos;

    /** A correlation standing alone (its partners' ids in a registry of its own). */
    PointCorrelation() {
        this(PointCorrelations.standingAlone(), null, 0);
    }

    PointCorrelation(PointCorrelations registry, PointKey point, int id) {
        this.registry = registry;
        this.point = point;
        this.id = id;
    }

    /** Counts one movement of {@code partner} close to a movement of this point. */
    void together(PointKey partner) {
        together(registry.id(partner), 1);
    }

    void together(PointKey partner, long count) {
        together(registry.id(partner), count);
    }

    /** Counts {@code count} movements of the point with id {@code partner} close to movements of this one. */
    void together(int partner, long count) {
        registry.together(id, partner, count);
    }

    /** Forgets what was learned (a stored correlation read again over this one). */
    void clear() {
        registry.clearSlots(id);
        changes = 0;
    }

    void merge(PointCorrelation other) {
        changes += other.changes;
        for (int slot = 0; slot < PARTNERS; slot++) {
            int theirs = other.registry.slotId(other.id, slot);
            if (theirs >= 0) {
                together(other.registry == registry ? theirs : registry.id(other.registry.key(theirs)),
                        other.registry.slotCount(other.id, slot));
            }
        }
    }

    /** Changes of this point learned. */
    public long changes() {
        return changes;
    }

    /** Its co-moving points, most together first (ties in point order, for stable output). */
    public List<Partner> partners() {
        List<Partner> list = new ArrayList<>(PARTNERS);
        for (int slot = 0; slot < PARTNERS; slot++) {
            int partner = registry.slotId(id, slot);
            if (partner >= 0) {
                list.add(new Partner(registry.key(partner), registry.slotCount(id, slot)));
            }
        }
        list.sort(Comparator.comparingLong(Partner::together).reversed()
                .thenComparing(partner -> partner.point().toString()));
        return list;
    }
}
