package otb.baseline.model;

import java.util.Collections;
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
     * stream): its key and hash, and once found, its server's ring and its correlation, so that a
     * change looks nothing up.
     */
    static final class Follower {
        final PointKey point;
        final int hash;
        Recent ring;
        PointCorrelation correlation;

        Follower(PointKey point) {
            this.point = point;
            this.hash = point.hashCode();
        }
    }

    /** The last changes of one server's points: a ring. */
    static final class Recent {
        final PointKey[] points = new PointKey[RECENT];
        final int[] hashes = new int[RECENT];
        /** Each recent point's correlation, kept beside it so pairing looks nothing up. */
        final PointCorrelation[] correlations = new PointCorrelation[RECENT];
        final long[] nanos = new long[RECENT];
        int next;
        int size;
    }

    final Map<PointKey, PointCorrelation> byPoint = new HashMap<>();
    private final Map<IpAddress, Recent> recent = new HashMap<>();
    /**
     * One handle per point, shared by every conversation that carries it, so that its key is one
     * instance and pairing compares references. Learning state, as many as the baseline's points.
     */
    private final Map<PointKey, Follower> followers = new HashMap<>();
    private final Map<PointKey, PointCorrelation> view = Collections.unmodifiableMap(byPoint);

    /**
     * A point's value changed at capture time {@code nanos}; {@code maxServers} bounds the servers
     * followed (the assets budget). Points must already have a value summary (the points budget).
     */
    void changed(PointKey point, long nanos, int maxServers) {
        changed(new Follower(point), nanos, maxServers);
    }

    /** The handle of a point that has a value summary (so the points budget bounds them). */
    Follower follower(PointKey point) {
        return followers.computeIfAbsent(point, Follower::new);
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
            mine = byPoint.computeIfAbsent(point, key -> new PointCorrelation());
            follower.correlation = mine;
        }
        mine.changes++;
        int hash = follower.hash;
        for (int i = 0; i < ring.size; i++) {
            PointKey other = ring.points[i];
            if (nanos - ring.nanos[i] > WINDOW_NANOS
                    || ring.hashes[i] == hash && (other == point || other.equals(point))) {
                continue;
            }
            mine.together(other, ring.hashes[i], 1);
            ring.correlations[i].together(point, hash, 1);
        }
        ring.points[ring.next] = point;
        ring.hashes[ring.next] = hash;
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
            byPoint.computeIfAbsent(entry.getKey(), key -> new PointCorrelation()).merge(entry.getValue());
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
