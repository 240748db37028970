package otb.cli.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import otb.baseline.alert.Alert;
import otb.baseline.store.StoredAlert;

/**
 * The report's "Alerts" section: the timeline, counts per kind, and one table row per alert with
 * its context chart, its incident and its evidence. Rows have stable ids the incident list links to.
 */
final class AlertSection {
    /** Evidence frame numbers listed in an alert's row; all of them are in its tooltip. */
    static final int FRAMES_SHOWN = 4;

    private final BaselineReport.Content content;
    private final ReportTimes times;
    private final Map<String, String> rowIds = new HashMap<>();

    AlertSection(BaselineReport.Content content, ReportTimes times) {
        this.content = content;
        this.times = times;
    }

    /** The id of an alert's table row, numbered in the order alerts are first asked for. */
    String rowId(Alert alert) {
        return rowIds.computeIfAbsent(alert.id(), id -> "alert-" + (rowIds.size() + 1));
    }

    void append(StringBuilder html) {
        List<StoredAlert> stored = content.alerts();
        Page.sectionOpen(html, "alerts", "Alerts", stored.isEmpty() ? "No alerts in this database."
                : stored.size() + " alerts" + (content.moreAlerts() ? " (the newest " + BaselineReport.MAX_ALERTS + " shown)" : "")
                        + ", by capture time of their first occurrence. Larger marks were counted more often; "
                        + "click a mark to jump to its row.");
        if (stored.isEmpty()) {
            Page.sectionClose(html);
            return;
        }
        List<Alert> alerts = stored.stream().map(StoredAlert::alert).toList();
        for (Alert alert : alerts) {
            rowId(alert);
        }
        html.append("<div class=\"scroll\">").append(AlertTimeline.svg(alerts, times, this::rowId)).append("</div>");
        Map<String, Integer> byKind = new TreeMap<>();
        for (Alert alert : alerts) {
            byKind.merge(alert.kind().name(), 1, Integer::sum);
        }
        html.append("<p class=\"note\">");
        byKind.forEach((kind, count) -> html.append("<span class=\"chip\">").append(kind).append(" \u00d7")
                .append(count).append("</span> "));
        html.append("</p>");
        html.append("<div class=\"scroll\"><table class=\"alerts\"><thead><tr><th>Capture time</th><th>Severity</th>")
                .append("<th>Alert</th><th>Where</th><th>Protocol / function</th>")
                .append("<th>What was seen \u00b7 baseline fact violated</th><th>Evidence</th></tr></thead><tbody>");
        for (StoredAlert entry : stored) {
            Alert alert = entry.alert();
            html.append("<tr class=\"alert-row\" id=\"").append(rowId(alert)).append("\" data-id=\"")
                    .append(Html.text(alert.id())).append("\"><td class=\"time\">")
                    .append(Html.text(times.time(alert.firstNanos())));
            if (alert.lastNanos() != alert.firstNanos()) {
                html.append("<div class=\"muted\">to ").append(Html.text(times.time(alert.lastNanos()))).append("</div>");
            }
            html.append("</td><td><span class=\"badge\" style=\"background:").append(Palette.severity(alert.severity()))
                    .append("\">").append(alert.severity().wireName()).append("</span></td><td><div class=\"kind\">")
                    .append(alert.kind().name().replace("_", "_<wbr>")).append("</div><div class=\"muted\">")
                    .append(alert.count() > 1 ? "\u00d7" + alert.count() + " \u00b7 " : "").append(entry.state().wireName());
            if (entry.snapshot().isPresent()) {
                html.append(" \u00b7 vs snapshot ").append(entry.snapshot().getAsLong());
            }
            html.append("</div></td><td class=\"mono-cell where\"><span class=\"nowrap\">").append(Html.text(alert.src()))
                    .append("</span>").append(alert.dst().isEmpty() ? ""
                            : " <span class=\"nowrap\">\u2192 " + Html.text(alert.dst()) + "</span>")
                    .append("<div class=\"muted\">cell ").append(Html.text(alert.cell()))
                    .append("</div></td><td class=\"protocol\">")
                    .append(Html.text(alert.protocol()));
            if (alert.function().isPresent() || !alert.functionName().isEmpty()) {
                html.append("<div class=\"muted\">");
                if (alert.function().isPresent()) {
                    html.append(alert.function().getAsInt()).append(' ');
                }
                html.append(Html.text(alert.functionName())).append("</div>");
            }
            html.append("</td><td class=\"detail\">")
                    .append(Html.text(alert.detail())).append("<div class=\"muted\">")
                    .append(Html.text(alert.baselineFact())).append("</div>");
            if (!alert.context().isEmpty()) {
                html.append("<div class=\"context\">").append(ContextChart.svg(alert.context())).append("</div>");
            }
            if (!alert.incident().isEmpty()) {
                html.append("<div class=\"muted\">incident <a href=\"#incident-").append(Html.text(alert.incident()))
                        .append("\">").append(Html.text(alert.incident())).append("</a></div>");
            }
            html.append("</td><td class=\"evidence\">");
            if (!alert.frames().isEmpty()) {
                List<Long> frames = alert.frames();
                html.append("<span title=\"frames ").append(Html.text(joinFrames(frames))).append("\">frame")
                        .append(frames.size() == 1 ? " " : "s ")
                        .append(Html.text(joinFrames(frames.subList(0, Math.min(frames.size(), FRAMES_SHOWN)))));
                if (frames.size() > FRAMES_SHOWN) {
                    html.append(" \u2026 (").append(frames.size()).append(')');
                }
                html.append("</span>");
            }
            if (!alert.input().isEmpty()) {
                html.append("<div class=\"muted\" title=\"").append(Html.text(alert.input())).append("\">")
                        .append(Html.text(fileName(alert.input()))).append("</div>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</tbody></table></div>");
        Page.sectionClose(html);
    }

    /** The last segment of a path, the whole text when it has none. */
    private static String fileName(String input) {
        int slash = Math.max(input.lastIndexOf('/'), input.lastIndexOf('\\'));
        return slash >= 0 && slash + 1 < input.length() ? input.substring(slash + 1) : input;
    }

    private static String joinFrames(List<Long> frames) {
        List<String> text = new ArrayList<>();
        for (Long frame : frames) {
            text.add(String.valueOf(frame));
        }
        return String.join(", ", text);
    }
}
