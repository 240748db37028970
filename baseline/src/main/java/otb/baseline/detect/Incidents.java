package otb.baseline.detect;

import java.util.LinkedHashMap;
import java.util.Map;
import otb.baseline.alert.Alert;

/**
 * Groups alerts into incidents as they open: alerts from the same source against the same cell
 * (one target, or several of one cell) with no more than {@link #WINDOW_NANOS} of capture time
 * between one step and the next are one incident, e.g. an S7 program download's connection,
 * CPU stop, block downloads and start. An incident's id is its first alert's id, so the same
 * input gives the same incidents on every run; its steps are its alerts in order of first
 * occurrence and its severity the highest step's. Bounded by {@link #MAX_OPEN} incidents
 * followed at once; past it the least recently extended one is closed (a later alert of its
 * source and cell starts a new incident).
 */
public final class Incidents {
    /**
     * Alerts of one source and cell at most this far apart in capture time join one incident:
     * 2 minutes, the pace of one operator's (or attacker's) sequence of steps.
     */
    public static final long WINDOW_NANOS = 120_000_000_000L;
    /** Budget: incidents followed at once. */
    public static final int MAX_OPEN = 10_000;

    private static final class Open {
        final String id;
        long lastNanos;

        Open(String id, long lastNanos) {
            this.id = id;
            this.lastNanos = lastNanos;
        }
    }

    private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Open> eldest) {
            return size() > MAX_OPEN;
        }
    };

    /** The incident of an alert that just opened: the open one of its source and cell, or a new one. */
    String assign(Alert alert) {
        String key = key(alert);
        Open incident = open.get(key);
        if (incident == null || alert.firstNanos() - incident.lastNanos > WINDOW_NANOS) {
            incident = new Open(alert.id(), alert.firstNanos());
            open.put(key, incident);
        }
        incident.lastNanos = Math.max(incident.lastNanos, alert.firstNanos());
        return incident.id;
    }

    /** The grouping key: source and the cell of the target (its address when it has no cell). */
    static String key(Alert alert) {
        return alert.src() + "|" + (alert.cell().isEmpty() ? alert.dst() : alert.cell());
    }
}
