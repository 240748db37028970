package otb.baseline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import otb.capture.IpAddress;

/**
 * Which points of a server move together, learned as a stream: each movement of a point's value
 * is paired with the movements of the same server's other points within {@link #WINDOW_NANOS}
 * before it, kept as a bounded {@link PointCorrelation} per point. A movement is a change of the
 * value (per conversation's sequence) that comes {@link #WINDOW_NANOS} or more after the point's
 * last movement began; the changes in between belong to that movement. So a measurement that
 * changes at every 100 ms poll moves once per window, as often as one polled every 2 s, and
 * {@code together} counts windows in which two points moved rather than polls: it no longer
 * favours the points polled fastest, and pairing does less work (54% of the changes in learning
 * the demo plant and 59% in the 200 x 100 plant are within a movement and pair nothing).
 * The recent movements per server and each point's last movement are learning state, bounded by
 * {@link #RECENT} per server and by the assets budget in servers; they are not stored.
 */
public final class PointCorrelations {
    /** Two changes at most this far apart in capture time count as moving together: 2 s. */
    public static final long WINDOW_NANOS = 2_000_000_000L;
    /** Budget: recent changes remembered per server. */
    static final int RECENT = 16;

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
     * One handle per point (its correlation), shared by every conversation that carries it; its id
     * is its index in {@link #keys}. As many as the points learned plus the partners read from
     * snapshots or merged in (at most {@link PointCorrelation#PARTNERS} per correlation); the ids
     * are not stored. Only those of points that changed (or were read or merged in) are in
     * {@link #byPoint}, the learned correlations.
     */
    private final Map<PointKey, PointCorrelation> handles = new HashMap<>();
    private final List<PointKey> keys = new ArrayList<>();
    private final Map<PointKey, PointCorrelation> view = Collections.unmodifiableMap(byPoint);

    /**
     * A point's value changed at capture time {@code nanos}; {@code maxServers} bounds the servers
     * followed (the assets budget). Points must already have a value summary (the points budget).
     */
    void changed(PointKey point, long nanos, int maxServers) {
        changed(handle(point), nanos, maxServers);
    }

    /** The handle of a point, its correlation (made when missing, listed once it changes). */
    PointCorrelation handle(PointKey point) {
        PointCorrelation handle = handles.get(point);
        if (handle == null) {
            handle = new PointCorrelation(this, point, keys.size());
            handles.put(point, handle);
            keys.add(point);
        }
        return handle;
    }

    /** The id of a point within this baseline's correlations (made when missing). */
    int id(PointKey point) {
        return handle(point).id;
    }

    /** The point with id {@code id}. */
    PointKey key(int id) {
        return keys.get(id);
    }

    /** {@link #changed(PointKey, long, int)} for a point whose handle ({@link #handle}) its caller keeps. */
    void changed(PointCorrelation mine, long nanos, int maxServers) {
        Recent ring = mine.ring;
        if (ring == null) {
            PointKey point = mine.point;
            ring = recent.get(point.server());
            if (ring == null) {
                if (recent.size() >= maxServers) {
                    return;
                }
                ring = new Recent();
                recent.put(point.server(), ring);
            }
            mine.ring = ring;
        }
        if (mine.changes == 0) {
            byPoint.putIfAbsent(mine.point, mine); // its first change: learned from now on
        }
        mine.changes++;
        if (mine.moved && nanos - mine.movedNanos < WINDOW_NANOS) {
            return; // within the movement its last paired change began
        }
        mine.moved = true;
        mine.movedNanos = nanos;
        int id = mine.id;
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
            byPoint.computeIfAbsent(entry.getKey(), this::handle).merge(entry.getValue());
        }
    }

    /** The handle of a stored correlation about to be read: listed, emptied of anything learned before. */
    PointCorrelation stored(PointKey point) {
        PointCorrelation correlation = handle(point);
        correlation.clear();
        byPoint.put(point, correlation);
        return correlation;
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
