package otb.cli;

import java.io.PrintStream;
import java.util.List;
import otb.baseline.alert.Alert;
import otb.baseline.alert.Incident;
import otb.dissect.Json;

/**
 * {@code otb alerts --incidents}: each incident as one line (id, severity, steps, first seen,
 * source and targets), then its steps in order, one indented line each; or one JSON line each.
 */
final class IncidentTable {
    private static final String ROW = "%-16s  %-8s  %5s  %-25s  %s";

    private IncidentTable() {
    }

    static void print(PrintStream out, TimeFormat time, List<Incident> incidents, boolean jsonLines) {
        if (jsonLines) {
            for (Incident incident : incidents) {
                out.println(Json.write(incident.fields()));
            }
            return;
        }
        if (incidents.isEmpty()) {
            out.println("no incidents");
            return;
        }
        out.println(String.format(ROW, "INCIDENT", "SEVERITY", "STEPS", time.local() ? "FIRST SEEN" : "FIRST SEEN (UTC)",
                "SOURCE -> TARGETS"));
        for (Incident incident : incidents) {
            Alert first = incident.first();
            String route = (first.src().isEmpty() ? "?" : first.src()) + " -> " + String.join(",", incident.targets());
            AlertTable.wrap(out, String.format(ROW, incident.id(), incident.severity().wireName(),
                    incident.steps().size(), time.formatSeconds(first.firstNanos()), ""), route);
            int number = 1;
            for (Alert step : incident.steps()) {
                AlertTable.wrap(out, String.format("    %2d. %s  %-8s  ", number++, time.formatSeconds(step.firstNanos()),
                        step.severity().wireName()), Incident.stepText(step) + " (alert " + step.id()
                        + (step.count() > 1 ? ", " + step.count() + " times" : "") + ")");
            }
        }
        out.printf("%d incidents of %d alerts%n", incidents.size(),
                incidents.stream().mapToInt(incident -> incident.steps().size()).sum());
    }
}
