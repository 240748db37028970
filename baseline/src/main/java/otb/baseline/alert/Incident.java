package otb.baseline.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otb.dissect.MessageRecord;

/**
 * One incident: the alerts from one source against one target or cell that detection grouped
 * (their {@link Alert#incident()}), as ordered steps. Its severity is its highest step's.
 *
 * @param id    the incident's id: its first alert's id
 * @param steps its alerts, in order of first occurrence (ties by id)
 */
public record Incident(String id, List<Alert> steps) {
    private static final Comparator<Alert> ORDER = Comparator.comparingLong(Alert::firstNanos).thenComparing(Alert::id);

    public Incident {
        steps = List.copyOf(steps);
    }

    /**
     * The incidents of {@code alerts}, ordered by their first step; an alert without an incident
     * (stored by an older otb) is an incident of its own.
     */
    public static List<Incident> of(List<Alert> alerts) {
        Map<String, List<Alert>> byId = new LinkedHashMap<>();
        List<Alert> sorted = new ArrayList<>(alerts);
        sorted.sort(ORDER);
        for (Alert alert : sorted) {
            String id = alert.incident().isEmpty() ? alert.id() : alert.incident();
            byId.computeIfAbsent(id, key -> new ArrayList<>()).add(alert);
        }
        List<Incident> incidents = new ArrayList<>(byId.size());
        for (Map.Entry<String, List<Alert>> entry : byId.entrySet()) {
            incidents.add(new Incident(entry.getKey(), entry.getValue()));
        }
        incidents.sort(Comparator.comparing((Incident incident) -> incident.steps().get(0), ORDER));
        return incidents;
    }

    /** The highest severity of its steps. */
    public Severity severity() {
        Severity highest = Severity.INFO;
        for (Alert step : steps) {
            if (step.severity().compareTo(highest) > 0) {
                highest = step.severity();
            }
        }
        return highest;
    }

    public Alert first() {
        return steps.get(0);
    }

    /** Capture time of the last occurrence of any step. */
    public long lastNanos() {
        long last = 0;
        for (Alert step : steps) {
            last = Math.max(last, step.lastNanos());
        }
        return last;
    }

    /** The targets of its steps (servers, else cells), distinct, in step order. */
    public List<String> targets() {
        List<String> targets = new ArrayList<>();
        for (Alert step : steps) {
            String target = step.dst().isEmpty() ? step.cell() : step.dst();
            if (!target.isEmpty() && !targets.contains(target)) {
                targets.add(target);
            }
        }
        return targets;
    }

    /** A step for people: its kind and function, e.g. {@code PROGRAM_OR_STOP plc_stop}. */
    public static String stepText(Alert step) {
        return step.kind().name() + (step.functionName().isEmpty() ? "" : " " + step.functionName());
    }

    /** The JSON-line form: id, severity, times, source, targets, cell, and the steps with their alert ids. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("incident", id);
        f.put("severity", severity().wireName());
        f.put("ts", MessageRecord.timestamp(first().firstNanos()));
        f.put("last_ts", MessageRecord.timestamp(lastNanos()));
        f.put("src", first().src());
        f.put("targets", targets());
        f.put("cell", first().cell());
        List<Object> list = new ArrayList<>();
        for (Alert step : steps) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", step.id());
            one.put("kind", step.kind().name());
            one.put("severity", step.severity().wireName());
            one.put("ts", MessageRecord.timestamp(step.firstNanos()));
            if (!step.functionName().isEmpty()) {
                one.put("func_name", step.functionName());
            }
            one.put("count", step.count());
            list.add(one);
        }
        f.put("steps", list);
        return f;
    }
}
