package otb.cli.report;

import java.util.List;
import java.util.Map;
import otb.baseline.diff.BaselineDiff;
import otb.baseline.store.SnapshotInfo;

/**
 * The baseline diff ({@code otb diff --format html}) as one self-contained HTML page: the two
 * snapshots compared, change counts per section, and a table per section with what was added,
 * removed or changed. Every string from the databases is escaped.
 */
public final class DiffHtml {
    private static final Map<String, String> SECTION_TITLES = Map.of(
            "assets", "Assets",
            "ip_conversations", "IP conversations",
            "conversations", "Industrial conversations",
            "functions", "Function codes",
            "ranges", "Point and register ranges",
            "timing", "Polling cycles (shifts beyond their spread)",
            "latency", "Response latency (shifts beyond its spread)",
            "values", "Value envelopes");

    private DiffHtml() {
    }

    /** The page, with times in UTC. */
    public static String render(BaselineDiff diff, SnapshotInfo from, SnapshotInfo to) {
        return render(diff, from, to, ReportTimes.utc());
    }

    /**
     * The page.
     *
     * @param from  the earlier snapshot (its database may differ from {@code to}'s)
     * @param to    the later snapshot
     * @param times how times are shown
     */
    public static String render(BaselineDiff diff, SnapshotInfo from, SnapshotInfo to, ReportTimes times) {
        return render(diff, from, to, times, null);
    }

    /**
     * As {@link #render(BaselineDiff, SnapshotInfo, SnapshotInfo, ReportTimes)}, with an
     * "Approved by" column: who approved each change ("" for a learned one); null for none.
     */
    public static String render(BaselineDiff diff, SnapshotInfo from, SnapshotInfo to, ReportTimes times,
                                Map<BaselineDiff.Change, String> approvedBy) {
        StringBuilder html = new StringBuilder(8192);
        Page.open(html, "otb baseline diff \u2014 snapshot " + from.id() + " \u2192 " + to.id());
        html.append("<header class=\"masthead\"><h1>otb baseline diff</h1><div class=\"subtitle\">snapshot ")
                .append(from.id()).append(" \u2192 snapshot ").append(to.id()).append(" \u00b7 ")
                .append(diff.isEmpty() ? "no change" : diff.changes().size() + " changes").append(" \u00b7 times in ")
                .append(Html.text(times.zone().getId().equals("Z") ? "UTC" : times.zone().getId()))
                .append("</div></header>\n<main>\n");
        html.append("<section class=\"block\" id=\"summary\"><h2>Compared snapshots</h2>");
        html.append("<div class=\"scroll\"><table class=\"snapshots\"><thead><tr><th></th><th class=\"num\">#</th>")
                .append("<th>Written</th><th>Command</th><th>Input</th><th class=\"num\">Messages</th>")
                .append("<th>Capture time</th><th>Note</th></tr></thead><tbody>");
        snapshotRow(html, "from", from, times);
        snapshotRow(html, "to", to, times);
        html.append("</tbody></table></div><div class=\"tiles\" style=\"margin-top:16px\">");
        for (Map.Entry<String, Integer> count : diff.counts().entrySet()) {
            html.append("<div class=\"tile").append(count.getValue() > 0 ? " alarm" : "").append("\" data-section=\"")
                    .append(Html.text(count.getKey())).append("\"><div class=\"value\">").append(count.getValue())
                    .append("</div><div class=\"label\">").append(Html.text(title(count.getKey()))).append("</div></div>");
        }
        html.append("</div>");
        if (diff.isEmpty()) {
            html.append("<p class=\"lead\">Nothing changed between the two baselines.</p>");
        }
        html.append("</section>\n");
        for (String section : BaselineDiff.SECTIONS) {
            List<BaselineDiff.Change> changes = diff.section(section);
            if (changes.isEmpty()) {
                continue;
            }
            html.append("<section class=\"block\" id=\"").append(Html.text(section)).append("\"><h2>")
                    .append(Html.text(title(section))).append("</h2><p class=\"lead\">").append(changes.size())
                    .append(changes.size() == 1 ? " change" : " changes").append("</p>")
                    .append("<div class=\"scroll\"><table class=\"changes\"><thead><tr><th>Change</th><th>Subject</th>")
                    .append("<th>Cell</th><th>Before</th><th>After</th>")
                    .append(approvedBy == null ? "" : "<th>Approved by</th>").append("</tr></thead><tbody>");
            for (BaselineDiff.Change change : changes) {
                html.append("<tr class=\"change-row\" data-change=\"").append(Html.text(change.change()))
                        .append("\"><td><span class=\"badge change-").append(badgeClass(change.change())).append("\">")
                        .append(Html.text(change.change())).append("</span></td><td class=\"mono-cell\">")
                        .append(Html.text(change.subject())).append("</td><td class=\"mono-cell\">")
                        .append(Html.text(change.cell())).append("</td><td class=\"detail\">")
                        .append(Html.text(change.before())).append("</td><td class=\"detail\">")
                        .append(Html.text(change.after())).append("</td>");
                if (approvedBy != null) {
                    html.append("<td class=\"detail\">").append(Html.text(approvedBy.getOrDefault(change, "")))
                            .append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</tbody></table></div></section>\n");
        }
        html.append("</main>\n<footer>Generated by otb. Self-contained: no scripts, nothing fetched from the network.")
                .append("</footer>\n");
        Page.close(html);
        return html.toString();
    }

    private static String title(String section) {
        return SECTION_TITLES.getOrDefault(section, section);
    }

    private static String badgeClass(String change) {
        return switch (change) {
            case "added" -> "added";
            case "removed" -> "removed";
            default -> "changed";
        };
    }

    private static void snapshotRow(StringBuilder html, String label, SnapshotInfo info, ReportTimes times) {
        html.append("<tr><th>").append(label).append("</th><td class=\"num\">").append(info.id())
                .append("</td><td class=\"time\">").append(Html.text(times.wallClock(info.createdAt())))
                .append("</td><td>").append(Html.text(info.command())).append("</td><td class=\"detail\">")
                .append(Html.text(info.input())).append("</td><td class=\"num\">").append(info.messages())
                .append("</td><td class=\"time\">").append(Html.text(times.time(info.firstNanos()))).append(" \u2013 ")
                .append(Html.text(times.time(info.lastNanos()))).append("</td><td class=\"detail\">")
                .append(Html.text(info.note())).append("</td></tr>");
    }
}
