package otb.cli.report;

import java.util.List;
import java.util.function.Function;
import otb.baseline.alert.Alert;
import otb.baseline.alert.Incident;
import otb.baseline.detect.Incidents;

/** The report's "Incidents" section: alerts grouped into incidents, each step linking to its alert's row. */
final class IncidentList {
    private IncidentList() {
    }

    static void append(StringBuilder html, List<Alert> alerts, ReportTimes times, Function<Alert, String> rowId) {
        List<Incident> incidents = Incident.of(alerts);
        Page.sectionOpen(html, "incidents", "Incidents", incidents.isEmpty() ? "No alerts, no incidents."
                : incidents.size() + " incidents: alerts from one source against one target or cell, at most "
                        + Incidents.WINDOW_NANOS / 60_000_000_000L + " minutes apart, as ordered steps; an incident's "
                        + "severity is its highest step's.");
        if (incidents.isEmpty()) {
            Page.sectionClose(html);
            return;
        }
        html.append("<div class=\"scroll\"><table class=\"incidents\"><thead><tr><th>First seen</th><th>Severity</th>")
                .append("<th>Source \u2192 targets</th><th class=\"num\">Steps</th><th>Steps in order</th></tr></thead><tbody>");
        for (Incident incident : incidents) {
            Alert first = incident.first();
            html.append("<tr class=\"incident-row\" id=\"incident-").append(Html.text(incident.id()))
                    .append("\" data-steps=\"").append(incident.steps().size()).append("\"><td class=\"time\">")
                    .append(Html.text(times.time(first.firstNanos()))).append("</td><td><span class=\"badge\" style=\"background:")
                    .append(Palette.severity(incident.severity())).append("\">").append(incident.severity().wireName())
                    .append("</span></td><td class=\"mono-cell\">").append(Html.text(first.src().isEmpty() ? "?" : first.src()))
                    .append(" \u2192 ").append(Html.text(String.join(", ", incident.targets())))
                    .append("</td><td class=\"num\">").append(incident.steps().size()).append("</td><td><ol class=\"steps\">");
            for (Alert step : incident.steps()) {
                html.append("<li><a href=\"#").append(rowId.apply(step)).append("\">")
                        .append(Html.text(Incident.stepText(step))).append("</a> <span class=\"muted\">")
                        .append(Html.text(times.time(step.firstNanos()))).append("</span></li>");
            }
            html.append("</ol></td></tr>\n");
        }
        html.append("</tbody></table></div>");
        Page.sectionClose(html);
    }
}
