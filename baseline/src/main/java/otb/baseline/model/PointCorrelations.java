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

    /** The last changes of one server's points: a ring. */
    private static final class Recent {
        final PointKey[] points = new PointKey[RECENT];
        /** Each recent point's correlation, kept beside it so pairing looks nothing up. */
        final PointCorrelation[] correlations = new PointCorrelation[RECENT];
        final long[] nanos = new long[RECENT];
        int next;
        int size;
    }

    final Map<PointKey, PointCorrelation> byPoint = new HashMap<>();
    private final Map<IpAddress, Recent> recent = new HashMap<>();
    private final Map<PointKey, PointCorrelation> view = Collections.unmodifiableMap(byPoint);

    /**
     * A point's value changed at capture time {@code nanos}; {@code maxServers} bounds the servers
     * followed (the assets budget). Points must already have a value summary (the points budget).
     */
    void changed(PointKey point, long nanos, int maxServers) {
        Recent ring = recent.get(point.server());
        if (ring == null) {
            if (recent.size() >= maxServers) {
                return;
            }
            ring = new Recent();
            recent.put(point.server(), ring);
        }
        PointCorrelation mine = byPoint.computeIfAbsent(point, key -> new PointCorrelation());
        mine.changes++;
        for (int i = 0; i < ring.size; i++) {
            PointKey other = ring.points[i];
            if (nanos - ring.nanos[i] > WINDOW_NANOS || other.equals(point)) {
                continue;
            }
            mine.together(other);
            ring.correlations[i].together(point);
        }
        ring.points[ring.next] = point;
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
