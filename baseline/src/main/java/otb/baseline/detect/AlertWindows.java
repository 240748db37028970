package otb.baseline.detect;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;

/**
 * De-duplicates alerts: occurrences with the same key within the window fold into the first,
 * counting and collecting evidence frames (bounded). An alert is final when its window closes
 * on capture time or at the end of input. Open alerts are bounded by the number of distinct
 * keys raised within one window, and that by {@link DetectionConfig#maxOpenAlerts()} (the
 * context folds the excess, see {@code DetectionContext.raise}).
 */
final class AlertWindows {
    /** PROGRAM_OR_STOP occurrences fold only within this time (the blocks of one download). */
    static final long PROGRAM_WINDOW_NANOS = 10_000_000_000L;
    private final long windowNanos;
    private final int maxFrames;
    /** Open alerts by key, in order of first occurrence. */
    private final LinkedHashMap<AlertKey, Open> open = new LinkedHashMap<>();

    private static final class Open {
        Alert first;
        long lastNanos;
        long count;
        final List<Long> frames = new ArrayList<>();
        Severity severity;
        /** The final detail, asked when the alert closes; null: the first occurrence's. */
        Supplier<String> detail;
        /** The final process context, asked when the alert closes; null: none. */
        Supplier<otb.baseline.alert.AlertContext> context;
    }

    AlertWindows(long windowNanos, int maxFrames) {
        this.windowNanos = windowNanos;
        this.maxFrames = maxFrames;
    }

    /**
     * Counts an occurrence; returns the alert when it opened a new one, null when it was folded in.
     *
     * @param detail the alert's final detail, asked when it closes (a summary of what it folded); null
     *               to keep the first occurrence's; taken when the occurrence opens an alert
     */
    Alert raise(Alert.Builder occurrence, Supplier<String> detail) {
        return raise(occurrence, detail, null);
    }

    /** As above; a new alert becomes a step of the incident {@code incidents} assigns (null: none). */
    Alert raise(Alert.Builder occurrence, Supplier<String> detail, Incidents incidents) {
        Open existing = open.get(occurrence.key());
        if (existing != null && fold(existing, occurrence.kind(), occurrence.nanos(), occurrence.frame())) {
            return null;
        }
        Alert first = occurrence.build();
        if (incidents != null) {
            first = first.withIncident(incidents.assign(first));
        }
        Open fresh = new Open();
        fresh.context = occurrence.contextSource();
        fresh.first = first;
        fresh.lastNanos = first.lastNanos();
        fresh.count = 1;
        fresh.frames.addAll(first.frames());
        fresh.severity = first.severity();
        fresh.detail = detail;
        if (existing != null) {
            // the old window is over: it is final and leaves before the new one opens
            open.remove(occurrence.key());
            pendingClosed.add(close(existing));
        }
        open.put(occurrence.key(), fresh);
        return first;
    }

    /**
     * Folds an occurrence into the open alert of its key, as {@link #raise} would, when that
     * alert's window still holds it; false (and nothing changed) when it would open an alert.
     * Lets a rule skip building an occurrence that only counts.
     */
    boolean foldIntoOpen(AlertKey key, AlertKind kind, long nanos, long frame) {
        Open existing = open.get(key);
        return existing != null && fold(existing, kind, nanos, frame);
    }

    private boolean fold(Open existing, AlertKind kind, long nanos, long frame) {
        // program transfers and CPU stops/starts are always raised: only one sequence's parts fold
        long window = kind == AlertKind.PROGRAM_OR_STOP ? Math.min(windowNanos, PROGRAM_WINDOW_NANOS) : windowNanos;
        if (nanos - existing.first.firstNanos() > window) {
            return false;
        }
        existing.count++;
        existing.lastNanos = Math.max(existing.lastNanos, nanos);
        if (frame > 0 && existing.frames.size() < maxFrames && !existing.frames.contains(frame)) {
            existing.frames.add(frame);
        }
        return true;
    }

    private final List<Alert> pendingClosed = new ArrayList<>();

    /** Alerts whose window ended before {@code nowNanos}, in order of first occurrence. */
    List<Alert> expire(long nowNanos) {
        List<Alert> closed = new ArrayList<>(pendingClosed);
        pendingClosed.clear();
        Iterator<Map.Entry<AlertKey, Open>> entries = open.entrySet().iterator();
        while (entries.hasNext()) {
            Open entry = entries.next().getValue();
            if (nowNanos - entry.first.firstNanos() <= windowNanos) {
                break;
            }
            closed.add(close(entry));
            entries.remove();
        }
        return closed;
    }

    /** Every open alert, final, in order of first occurrence. */
    List<Alert> closeAll() {
        List<Alert> closed = new ArrayList<>(pendingClosed);
        pendingClosed.clear();
        for (Open entry : open.values()) {
            closed.add(close(entry));
        }
        open.clear();
        return closed;
    }

    /** Whether an alert with this key is open (its window not yet closed by {@link #expire}). */
    boolean isOpen(AlertKey key) {
        return open.containsKey(key);
    }

    private static Alert close(Open entry) {
        Alert first = entry.first;
        String detail = entry.detail == null ? first.detail() : entry.detail.get();
        return new Alert(first.id(), first.kind(), entry.severity, first.firstNanos(), entry.lastNanos, entry.count,
                first.cell(), first.src(), first.dst(), first.protocol(), first.function(), first.functionName(),
                entry.frames, first.input(), first.baselineFact(), detail, first.key(), first.fold(),
                entry.context == null ? first.context() : entry.context.get(), first.incident());
    }

    int openCount() {
        return open.size();
    }
}
