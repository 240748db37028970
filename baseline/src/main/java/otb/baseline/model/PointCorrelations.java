package otb.baseline.model;

import java.util.ArrayList;
import java.util.Arrays;
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
    /**
     * Two movements at most this far apart in capture time count as moving together, and a
     * movement lasts this long: 2 s.
     */
    public static final long WINDOW_NANOS = 2_000_000_000L;
    /** Budget: recent movements remembered per server. */
    static final int RECENT = 16;

    /** The last movements of one server's points: a ring. */
    static final class Recent {
        final int[] ids = new int[RECENT];
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
    /**
     * Every handle's partner slots, {@link PointCorrelation#PARTNERS} per id: the partner's id (-1
     * when empty; slots fill in order) and how often they moved together. In two arrays by id
     * rather than in each point's object: a movement updates the slots of up to 15 recent movers,
     * mostly points of the same response with ids next to each other, so the updates touch a few
     * adjacent cache lines instead of objects a kilobyte apart (a learned point's objects are
     * allocated together). Learn of the demo plant's 20 M frames 16.26-16.31 -> 15.19-15.33 s, of
     * the 200 x 100 plant's 2 M frames 12.88-13.02 -> 10.68-12.27 s (2 alternated runs each), the
     * snapshots byte-identical.
     */
    private int[] slotIds = new int[0];
    private long[] slotCounts = new long[0];
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
            reserve(handle.id);
        }
        return handle;
    }

    /** The id of a point within this baseline's correlations (made when missing). */
    int id(PointKey point) {
        return handle(point).id;
    }

    /** A registry whose id 0 is taken by a correlation standing alone, keyless. */
    static PointCorrelations standingAlone() {
        PointCorrelations registry = new PointCorrelations();
        registry.keys.add(null);
        registry.reserve(0);
        return registry;
    }

    /** Makes room for the slots of id {@code id}, empty. */
    void reserve(int id) {
        int end = (id + 1) * PointCorrelation.PARTNERS;
        if (end > slotIds.length) {
            int from = slotIds.length;
            int length = Math.max(end, 2 * from);
            slotIds = Arrays.copyOf(slotIds, length);
            slotCounts = Arrays.copyOf(slotCounts, length);
            Arrays.fill(slotIds, from, length, -1);
        }
    }

    int slotId(int id, int slot) {
        return slotIds[id * PointCorrelation.PARTNERS + slot];
    }

    long slotCount(int id, int slot) {
        return slotCounts[id * PointCorrelation.PARTNERS + slot];
    }

    void clearSlots(int id) {
        int base = id * PointCorrelation.PARTNERS;
        Arrays.fill(slotIds, base, base + PointCorrelation.PARTNERS, -1);
        Arrays.fill(slotCounts, base, base + PointCorrelation.PARTNERS, 0);
    }

    /**
     * Counts {@code count} movements of {@code partner} close to movements of {@code id}: a
     * space-saving step (Metwally et al., 2005) over the four slots of {@code id}. The partner's
     * slot if it has one, else the first empty one, else the least counted (the first of equals)
     * makes room, its count carried over as the newcomer's error.
     */
    void together(int id, int partner, long count) {
        int[] ids = slotIds;
        long[] counts = slotCounts;
        int base = id * PointCorrelation.PARTNERS;
        int at = -1;
        for (int slot = PointCorrelation.PARTNERS - 1; slot >= 0; slot--) {
            at = ids[base + slot] == partner ? slot : at;
        }
        if (at < 0) {
            for (int slot = PointCorrelation.PARTNERS - 1; slot >= 0; slot--) {
                at = ids[base + slot] == -1 ? slot : at;
            }
        }
        if (at < 0) {
            at = 0;
            long least = counts[base];
            for (int slot = 1; slot < PointCorrelation.PARTNERS; slot++) {
                at = counts[base + slot] < least ? slot : at;
                least = Math.min(least, counts[base + slot]);
            }
        }
        ids[base + at] = partner;
        counts[base + at] += count;
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
            together(id, other, 1);
            together(other, id, 1);
        }
        ring.ids[ring.next] = id;
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
