package otb.baseline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import otb.capture.IpAddress;

/**
 * Which points of a server move together, learned as a stream: each change of a point's value
 * (per conversation's sequence) is paired with the changes of the same server's other points
 * within {@link #WINDOW_NANOS} before it, kept as a bounded {@link PointCorrelation} per point.
 * The recent changes per server are learning state, bounded by {@link #RECENT} each and by the
 * assets budget in servers; they are not stored.
 */
public final class PointCorrelations {
    /** Two changes at most this far apart in capture time count as moving together: 2 s. */
    public static final long WINDOW_NANOS = 2_000_000_000L;
    /** Budget: recent changes remembered per server. */
    static final int RECENT = 16;

    /**
     * One point's handle for pairing, kept by whoever feeds its values (a conversation's point
     * stream): its key and id, and once found, its server's ring and its correlation, so that a
     * change looks nothing up.
     */
    static final class Follower {
        final PointKey point;
        final int id;
        Recent ring;
        PointCorrelation correlation;

        Follower(PointKey point, int id) {
            this.point = point;
            this.id = id;
        }
    }

    /** The last changes of one server's points: a ring. */
    static final class Recent {
        final int[] ids = new int[RECENT];
        /** Each recent point's correlation, kept beside it so pairing looks nothing up. */
        final PointCorrelation[] correlations = new PointCorrelation[RECENT];
        final long[] nanos = new long[RECENT];
        int next;
        int size;
    }

    final Map<PointKey, PointCorrelation> byPoint = new HashMap<>();
    private final Map<IpAddress, Recent> recent = new HashMap<>();
    /**
     * One handle per point, shared by every conversation that carries it; its id is its index in
     * {@link #keys}. As many as the points learned plus the partners read from snapshots or merged
     * in (at most {@link PointCorrelation#PARTNERS} per correlation); the ids are not stored.
     */
    private final Map<PointKey, Follower> followers = new HashMap<>();
    private final List<PointKey> keys = new ArrayList<>();
    private final Map<PointKey, PointCorrelation> view = Collections.unmodifiableMap(byPoint);

    /**
     * A point's value changed at capture time {@code nanos}; {@code maxServers} bounds the servers
     * followed (the assets budget). Points must already have a value summary (the points budget).
     */
    void changed(PointKey point, long nanos, int maxServers) {
        changed(follower(point), nanos, maxServers);
    }

    /** The handle of a point (made when missing). */
    Follower follower(PointKey point) {
        Follower follower = followers.get(point);
        if (follower == null) {
            follower = new Follower(point, keys.size());
            followers.put(point, follower);
            keys.add(point);
        }
        return follower;
    }

    /** The id of a point within this baseline's correlations (made when missing). */
    int id(PointKey point) {
        return follower(point).id;
    }

    /** The point with id {@code id}. */
    PointKey key(int id) {
        return keys.get(id);
    }

    /** {@link #changed(PointKey, long, int)} for a point whose handle ({@link #follower}) its caller keeps. */
    void changed(Follower follower, long nanos, int maxServers) {
        Recent ring = follower.ring;
        PointKey point = follower.point;
        if (ring == null) {
            ring = recent.get(point.server());
            if (ring == null) {
                if (recent.size() >= maxServers) {
                    return;
                }
                ring = new Recent();
                recent.put(point.server(), ring);
            }
            follower.ring = ring;
        }
        PointCorrelation mine = follower.correlation;
        if (mine == null) {
            mine = byPoint.computeIfAbsent(point, key -> new PointCorrelation(this));
            follower.correlation = mine;
        }
        mine.changes++;
        int id = follower.id;
        for (int i = 0; i < ring.size; i++) {
            int other = ring.ids[i];
            if (nanos - ring.nanos[i] > WINDOW_NANOS || other == id) {
                continue;
            }
            mine.together(other, 1);
            ring.correlations[i].together(id, 1);
        }
        ring.ids[ring.next] = id;
        ring.correlations[ring.next] = mine;
        ring.nanos[ring.next] = nanos;
        ring.next = (ring.next + 1) % RECENT;
        ring.size = Math.min(RECENT, ring.size + 1);
    }

    /** Adds {@code other}'s correlations of the points in {@code known} (those within the points budget). */
    void merge(PointCorrelations other, java.util.Set<PointKey> known) {
        for (Map.Entry<PointKey, PointCorrelation> entry : other.byPoint.entrySet()) {
            if (!known.contains(entry.getKey())) {
                continue;
            }
            byPoint.computeIfAbsent(entry.getKey(), key -> new PointCorrelation(this)).merge(entry.getValue());
        }
    }

    /** The learned correlation of every point that changed, by point. */
    public Map<PointKey, PointCorrelation> all() {
        return view;
    }

    /** The learned correlation of a point; null when it never changed while learning. */
    public PointCorrelation of(PointKey point) {
        return byPoint.get(point);
    }
}
