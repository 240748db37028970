package otb.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Incident;
import otb.baseline.detect.Incidents;
import otb.baseline.alert.Severity;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.CellProgress;
import otb.baseline.model.Maturity;
import otb.baseline.model.Conversation;
import otb.baseline.model.FunctionUse;
import otb.baseline.model.IpConversation;
import otb.cli.MacVendors;
import otb.baseline.model.RequestSignature;
import otb.baseline.store.AuditEntry;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.baseline.store.SnapshotInfo;
import otb.baseline.store.SnapshotSignature;
import otb.baseline.store.StoreException;
import otb.baseline.store.StoredAlert;
import otb.capture.IpAddress;
import otb.dissect.Protocol;
import otb.dissect.Protocols;

/**
 * The {@code otb report} page: one self-contained HTML document (inline CSS and SVG, no script,
 * no fetch) describing a baseline snapshot and the alerts of its database. Its content depends
 * only on the database and the time zone, so the same database always gives the same bytes.
 */
public final class BaselineReport {
    /** Alerts read from the database for the timeline and the table; the summary says when more exist. */
    public static final int MAX_ALERTS = 10_000;
    /** Polling-cycle histograms drawn; the rest are counted in a note. */
    public static final int MAX_HISTOGRAMS = 400;
    /** A request signature needs this many intervals to get a histogram. */
    public static final int MIN_HISTOGRAM_INTERVALS = 2;
    /** A cell with more assets than this gets a note instead of a map (it would not be readable). */
    public static final int MAX_MAP_ASSETS = 400;
    /** A cell with more conversations than this gets a note instead of a map. */
    public static final int MAX_MAP_EDGES = 1000;
    /** Rows of the asset table and of each function matrix; {@code otb inventory} lists everything. */
    public static final int MAX_TABLE_ROWS = 5000;
    /** Evidence frame numbers listed in an alert's row; all of them are in its tooltip. */
    static final int FRAMES_SHOWN = 4;

    /**
     * What a report shows.
     *
     * @param database  the database's name as shown (file name)
     * @param snapshot  the snapshot described
     * @param snapshots every snapshot of the database, oldest first
     * @param alerts    alerts of the database, oldest first: the newest {@link #MAX_ALERTS} at most
     * @param moreAlerts true when the database held more alerts than shown
     * @param audit     triage actions
     * @param signature the signed baseline the snapshot was imported from, if it was
     * @param cellSensors in a site database, the sensors that see each cell (as of the hub's newest
     *                    merge); empty in a sensor's own database
     */
    public record Content(String database, Snapshot snapshot, List<SnapshotInfo> snapshots, List<StoredAlert> alerts,
                          boolean moreAlerts, List<AuditEntry> audit, Optional<SnapshotSignature> signature,
                          Map<String, List<String>> cellSensors) {
        public Content {
            cellSensors = Map.copyOf(cellSensors);
        }

        /** A sensor's own database: no sensors per cell. */
        public Content(String database, Snapshot snapshot, List<SnapshotInfo> snapshots, List<StoredAlert> alerts,
                       boolean moreAlerts, List<AuditEntry> audit, Optional<SnapshotSignature> signature) {
            this(database, snapshot, snapshots, alerts, moreAlerts, audit, signature, Map.of());
        }
    }

    private final Content content;
    private final ReportTimes times;
    private final Baseline baseline;
    private final StringBuilder html = new StringBuilder(1 << 16);
    private final Map<String, String> alertRowIds = new HashMap<>();
    private final Maturity maturity;

    private BaselineReport(Content content, ReportTimes times, Maturity maturity) {
        this.content = content;
        this.times = times;
        this.baseline = content.snapshot().baseline();
        this.maturity = maturity;
    }

    /** Reads the snapshot (the newest when empty), the alerts and the audit trail from the store. */
    public static Content read(BaselineStore store, OptionalLong snapshotId) throws StoreException {
        Snapshot snapshot = snapshotId.isPresent() ? store.load(snapshotId.getAsLong()) : store.loadLatest();
        List<StoredAlert> alerts = store.alerts(Optional.empty(), Severity.INFO, MAX_ALERTS + 1);
        boolean more = alerts.size() > MAX_ALERTS;
        if (more) {
            alerts = alerts.subList(1, alerts.size());
        }
        String name = store.file().getFileName() == null ? store.file().toString()
                : store.file().getFileName().toString();
        return new Content(name, snapshot, store.snapshots(), alerts, more, store.audit(),
                store.signature(snapshot.info().id()), store.siteCellSensors());
    }

    /** The HTML document. */
    public static String render(Content content, ReportTimes times) {
        return render(content, times, Maturity.of(content.snapshot().baseline(), Maturity.DEFAULT_MIN_COMPLETENESS,
                Maturity.DEFAULT_MIN_LEARNED_NANOS));
    }

    /** The HTML document, saying whether the snapshot is mature by {@code maturity} (judged by the caller's thresholds). */
    public static String render(Content content, ReportTimes times, Maturity maturity) {
        return new BaselineReport(content, times, maturity).render();
    }

    private String render() {
        SnapshotInfo info = content.snapshot().info();
        Page.open(html, "otb report \u2014 " + content.database() + ", snapshot " + info.id());
        html.append("<header class=\"masthead\"><h1>otb baseline report</h1><div class=\"subtitle\">")
                .append(Html.text(content.database())).append(" \u00b7 snapshot ").append(info.id())
                .append(content.signature().map(signed -> " \u00b7 signed baseline " + Html.text(signed.baselineId())
                        + " by " + Html.text(signed.signer())).orElse(""))
                .append(" \u00b7 learned from capture time ").append(Html.text(times.time(info.firstNanos())))
                .append(" to ").append(Html.text(times.time(info.lastNanos()))).append(" \u00b7 times in ")
                .append(Html.text(zoneName())).append("</div></header>\n");
        html.append("<nav class=\"sections\">");
        for (String[] link : new String[][] {{"overview", "Overview"}, {"maps", "Network maps"},
                {"alerts", "Alerts"}, {"incidents", "Incidents"}, {"assets", "Assets"}, {"functions", "Function codes"},
                {"cycles", "Polling cycles"}, {"learning", "Learning"}, {"snapshots", "Snapshots"}}) {
            html.append("<a href=\"#").append(link[0]).append("\">").append(link[1]).append("</a>");
        }
        html.append("</nav>\n<main>\n");
        overview();
        maps();
        alerts();
        incidents();
        assets();
        functions();
        cycles();
        learning();
        snapshots();
        html.append("</main>\n<footer>Generated by otb from ").append(Html.text(content.database()))
                .append(". Self-contained: no scripts, nothing fetched from the network.</footer>\n");
        Page.close(html);
        return html.toString();
    }

    private String zoneName() {
        return times.zone().getId().equals("Z") ? "UTC" : times.zone().getId();
    }

    private void sectionOpen(String id, String title, String lead) {
        html.append("<section class=\"block\" id=\"").append(id).append("\"><h2>").append(Html.text(title))
                .append("</h2>");
        if (!lead.isEmpty()) {
            html.append("<p class=\"lead\">").append(Html.text(lead)).append("</p>");
        }
    }

    private void sectionClose() {
        html.append("</section>\n");
    }

    // ---------------------------------------------------------------------------------- overview

    private void overview() {
        SnapshotInfo info = content.snapshot().info();
        sectionOpen("overview", "Overview", "");
        if (maturity.immature()) {
            html.append("<p class=\"immature\" id=\"maturity-warning\"><strong>Immature baseline.</strong> ")
                    .append(Html.text("This snapshot is " + maturity.summary()
                            + ". Alerts against it may only show what it has not learned yet."))
                    .append("</p>");
        }
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (StoredAlert alert : content.alerts()) {
            bySeverity.merge(alert.alert().severity(), 1, Integer::sum);
        }
        int highOrWorse = bySeverity.getOrDefault(Severity.HIGH, 0) + bySeverity.getOrDefault(Severity.CRITICAL, 0);
        long writers = baseline.conversations().stream().filter(Conversation::writes).count();
        html.append("<div class=\"tiles\">");
        tile(String.valueOf(cellNames().size()), "cells", false);
        tile(String.valueOf(baseline.assets().size()), "assets", false);
        tile(String.valueOf(baseline.conversations().size()), "industrial conversations", false);
        tile(String.valueOf(otherTraffic().size()), "other IP conversations", false);
        tile(String.valueOf(writers), "conversations that change", false);
        tile(String.valueOf(baseline.messages()), "messages learned", false);
        tile(content.alerts().size() + (content.moreAlerts() ? "+" : ""), "alerts", false);
        tile(String.valueOf(highOrWorse), "high or critical", highOrWorse > 0);
        html.append("</div>");
        html.append("<table class=\"meta\">");
        meta("Database", content.database());
        meta("Snapshot", info.id() + (info.parent().isPresent() ? " (extends snapshot " + info.parent().getAsLong() + ")"
                : ""));
        meta("Written", times.wallClock(info.createdAt()) + " by otb " + info.command());
        meta("Learned from", info.input());
        meta("Capture time learned", times.time(info.firstNanos()) + " \u2013 " + times.time(info.lastNanos())
                + (info.lastNanos() > info.firstNanos() ? " (" + ReportTimes.nanos(info.lastNanos() - info.firstNanos())
                + ")" : ""));
        meta("Messages", String.valueOf(info.messages()));
        meta("Maturity", maturity.summary() + String.format(Locale.ROOT,
                " (thresholds: learned over at least %s, every cell at least %.0f %% complete)",
                ReportTimes.nanos(maturity.minLearnedNanos()), 100 * maturity.minCompleteness()));
        meta("Cells", content.snapshot().cells().isAutomatic() ? "automatic (one per VLAN, else per /24)"
                : "from configuration, " + content.snapshot().cells().cells().size() + " defined");
        if (!info.note().isEmpty()) {
            meta("Note", info.note());
        }
        if (baseline.droppedObjects() > 0) {
            meta("Not learned", baseline.droppedObjects() + " objects beyond the baseline's limits");
        }
        for (StoredAlert stored : content.alerts()) {
            if (stored.alert().kind() == AlertKind.BUDGET_EXCEEDED) {
                meta("Budget reached", stored.alert().detail());
            }
        }
        html.append("</table>");
        sectionClose();
    }

    private void tile(String value, String label, boolean alarm) {
        html.append("<div class=\"tile").append(alarm ? " alarm" : "").append("\"><div class=\"value\">")
                .append(Html.text(value)).append("</div><div class=\"label\">").append(Html.text(label))
                .append("</div></div>");
    }

    private void meta(String key, String value) {
        html.append("<tr><th>").append(Html.text(key)).append("</th><td>").append(Html.text(value)).append("</td></tr>");
    }

    // -------------------------------------------------------------------------------------- maps

    /** Cells with assets or traffic, by name. */
    private Set<String> cellNames() {
        Set<String> names = new TreeSet<>();
        for (Asset asset : baseline.assets()) {
            names.add(asset.cell());
        }
        for (Conversation conversation : baseline.conversations()) {
            names.add(conversation.serverCell());
        }
        for (IpConversation conversation : otherTraffic()) {
            names.add(conversation.serverCell());
        }
        return names;
    }

    /** IP conversations that carried no protocol otb dissected (those are the industrial conversations). */
    private List<IpConversation> otherTraffic() {
        Set<String> industrial = new TreeSet<>();
        for (Protocol protocol : Protocols.all()) {
            industrial.add(protocol.wireName());
        }
        return baseline.ipConversations().stream().filter(c -> !industrial.contains(c.service())).toList();
    }

    private void maps() {
        sectionOpen("maps", "Network maps",
                "One map per cell: who talks to whom. Each circle is an asset, each arrow an industrial conversation "
                        + "from client to server (per protocol and unit), drawn in the map of the server's cell. "
                        + "Hover over a node or an edge for its details.");
        Map<IpAddress, Asset> allAssets = new HashMap<>();
        for (Asset asset : baseline.assets()) {
            allAssets.put(asset.address(), asset);
        }
        // grouped once, in their sorted order: per cell, filtering every list again was quadratic
        // (4,096 automatic cells of a flood of flows took a minute)
        Map<String, List<Asset>> assetsByCell = new HashMap<>();
        for (Asset asset : baseline.assets()) {
            assetsByCell.computeIfAbsent(asset.cell(), c -> new ArrayList<>()).add(asset);
        }
        Map<String, List<Conversation>> conversationsByCell = new HashMap<>();
        for (Conversation conversation : baseline.conversations()) {
            conversationsByCell.computeIfAbsent(conversation.serverCell(), c -> new ArrayList<>()).add(conversation);
        }
        Map<String, List<IpConversation>> otherByCell = new HashMap<>();
        for (IpConversation conversation : otherTraffic()) {
            otherByCell.computeIfAbsent(conversation.serverCell(), c -> new ArrayList<>()).add(conversation);
        }
        int index = 0;
        for (String cell : cellNames()) {
            index++;
            List<Asset> assets = assetsByCell.getOrDefault(cell, List.of());
            List<Conversation> conversations = conversationsByCell.getOrDefault(cell, List.of());
            List<IpConversation> other = otherByCell.getOrDefault(cell, List.of());
            CellProgress progress = baseline.cells().get(cell);
            List<String> sensors = content.cellSensors().getOrDefault(cell, List.of());
            html.append("<div class=\"cell-map\" id=\"cell-").append(index).append("\" data-cell=\"")
                    .append(Html.text(cell)).append('"');
            if (!sensors.isEmpty()) {
                html.append(" data-sensors=\"").append(Html.text(String.join(",", sensors))).append('"');
            }
            html.append("><h3>Cell ").append(Html.text(cell))
                    .append("<span class=\"muted\">").append(assets.size()).append(assets.size() == 1 ? " asset" : " assets")
                    .append(" \u00b7 ").append(conversations.size()).append(" industrial conversation")
                    .append(conversations.size() == 1 ? "" : "s");
            if (!other.isEmpty()) {
                html.append(" \u00b7 ").append(other.size()).append(" other");
            }
            if (progress != null) {
                html.append(" \u00b7 learning ").append(percent(progress.completeness())).append(" complete");
            }
            html.append("</span></h3>");
            if (!content.cellSensors().isEmpty()) {
                // a site database: which of its sensors see this cell (none: only a sensor's cells file names it)
                html.append("<p class=\"cell-sensors\">").append(sensors.isEmpty() ? "Seen by no sensor's traffic"
                        : (sensors.size() == 1 ? "Seen by sensor " : "Seen by sensors ")
                        + Html.text(String.join(", ", sensors))).append("</p>");
            }
            if (assets.size() > MAX_MAP_ASSETS || conversations.size() + other.size() > MAX_MAP_EDGES) {
                html.append("<p class=\"note map-omitted\">Too large for a readable map (more than ").append(MAX_MAP_ASSETS)
                        .append(" assets or ").append(MAX_MAP_EDGES).append(" conversations); see the asset table and ")
                        .append("the function codes below.</p></div>\n");
                continue;
            }
            NetworkMap map = new NetworkMap("map" + index, assets, allAssets, conversations, other);
            html.append("<div class=\"map-frame\">").append(map.svg()).append("</div>");
            legend(map);
            html.append("</div>\n");
        }
        if (index == 0) {
            html.append("<p class=\"note\">The baseline holds no assets yet.</p>");
        }
        sectionClose();
    }

    private void legend(NetworkMap map) {
        html.append("<div class=\"legend\">");
        for (String protocol : map.protocols()) {
            legendLine(Palette.protocol(protocol), "1.8", "", Palette.protocolLabel(protocol));
        }
        if (map.hasOtherTraffic()) {
            legendLine(Palette.OTHER_TRAFFIC, "1.4", "5 4", "other IP traffic");
        }
        if (map.hasRemoteAccess()) {
            legendLine(Palette.REMOTE_ACCESS, "1.4", "5 4", "remote access (SSH, RDP, VNC, ...)");
        }
        if (map.hasChanges()) {
            html.append("<span><svg width=\"34\" height=\"14\" aria-hidden=\"true\"><line x1=\"2\" y1=\"7\" x2=\"32\"")
                    .append(" y2=\"7\" stroke=\"").append(Palette.CHANGE).append("\" stroke-opacity=\"0.28\"")
                    .append(" stroke-width=\"9\" stroke-linecap=\"round\"/><line x1=\"2\" y1=\"7\" x2=\"32\" y2=\"7\"")
                    .append(" stroke=\"#334155\" stroke-width=\"2.6\"/></svg>writes (W), control (C) or program changes (P)")
                    .append("</span>");
        }
        html.append("<span><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><circle cx=\"7\" cy=\"7\" r=\"5.5\"")
                .append(" fill=\"#1e3a8a\"/></svg>client</span>");
        html.append("<span><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><circle cx=\"7\" cy=\"7\" r=\"5.5\"")
                .append(" fill=\"#0f172a\"/></svg>server</span>");
        if (map.hasPeers()) {
            html.append("<span><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><circle cx=\"7\" cy=\"7\" r=\"5\"")
                    .append(" fill=\"#fff\" stroke=\"#64748b\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/></svg>")
                    .append("peer outside this cell</span>");
        }
        html.append("</div>");
    }

    private void legendLine(String colour, String width, String dash, String label) {
        html.append("<span><svg width=\"34\" height=\"14\" aria-hidden=\"true\"><line x1=\"2\" y1=\"7\" x2=\"32\" y2=\"7\"")
                .append(" stroke=\"").append(colour).append("\" stroke-width=\"").append(width).append("\"")
                .append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"").append("/></svg>")
                .append(Html.text(label)).append("</span>");
    }

    // ------------------------------------------------------------------------------------ alerts

    private String alertRowId(Alert alert) {
        return alertRowIds.computeIfAbsent(alert.id(), id -> "alert-" + (alertRowIds.size() + 1));
    }

    private void alerts() {
        List<StoredAlert> stored = content.alerts();
        sectionOpen("alerts", "Alerts", stored.isEmpty() ? "No alerts in this database."
                : stored.size() + " alerts" + (content.moreAlerts() ? " (the newest " + MAX_ALERTS + " shown)" : "")
                        + ", by capture time of their first occurrence. Larger marks were counted more often; "
                        + "click a mark to jump to its row.");
        if (stored.isEmpty()) {
            sectionClose();
            return;
        }
        List<Alert> alerts = stored.stream().map(StoredAlert::alert).toList();
        for (Alert alert : alerts) {
            alertRowId(alert);
        }
        html.append("<div class=\"scroll\">").append(AlertTimeline.svg(alerts, times, this::alertRowId)).append("</div>");
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
            html.append("<tr class=\"alert-row\" id=\"").append(alertRowId(alert)).append("\" data-id=\"")
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
        sectionClose();
    }

    // --------------------------------------------------------------------------------- incidents

    private void incidents() {
        List<Incident> incidents = Incident.of(content.alerts().stream().map(StoredAlert::alert).toList());
        sectionOpen("incidents", "Incidents", incidents.isEmpty() ? "No alerts, no incidents."
                : incidents.size() + " incidents: alerts from one source against one target or cell, at most "
                        + Incidents.WINDOW_NANOS / 60_000_000_000L + " minutes apart, as ordered steps; an incident's "
                        + "severity is its highest step's.");
        if (incidents.isEmpty()) {
            sectionClose();
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
                html.append("<li><a href=\"#").append(alertRowId(step)).append("\">")
                        .append(Html.text(Incident.stepText(step))).append("</a> <span class=\"muted\">")
                        .append(Html.text(times.time(step.firstNanos()))).append("</span></li>");
            }
            html.append("</ol></td></tr>\n");
        }
        html.append("</tbody></table></div>");
        sectionClose();
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

    // ------------------------------------------------------------------------------------ assets

    private void assets() {
        List<Asset> assets = baseline.assets();
        sectionOpen("assets", "Assets", assets.size() + " assets, by cell and address. Identity is what the traffic "
                + "revealed (such as Modbus device identification, S7 SZL, DNP3 device attributes).");
        Map<IpAddress, Set<String>> protocols = new HashMap<>();
        for (Conversation conversation : baseline.conversations()) {
            String protocol = conversation.key().protocol().wireName();
            protocols.computeIfAbsent(conversation.key().client(), a -> new TreeSet<>()).add(protocol);
            protocols.computeIfAbsent(conversation.key().server(), a -> new TreeSet<>()).add(protocol);
        }
        for (IpConversation conversation : baseline.ipConversations()) {
            protocols.computeIfAbsent(conversation.key().client(), a -> new TreeSet<>()).add(conversation.service());
            protocols.computeIfAbsent(conversation.key().server(), a -> new TreeSet<>()).add(conversation.service());
        }
        List<Asset> sorted = new ArrayList<>(assets);
        sorted.sort(Comparator.comparing(Asset::cell).thenComparing(Asset::address));
        html.append("<div class=\"scroll\"><table class=\"inventory\"><thead><tr><th>Cell</th><th>Address</th><th>Roles</th>")
                .append("<th>Identity</th><th>MACs and vendors</th><th>Protocols</th><th>First seen</th><th>Last seen</th></tr>")
                .append("</thead><tbody>");
        for (Asset asset : sorted.subList(0, Math.min(sorted.size(), MAX_TABLE_ROWS))) {
            html.append("<tr class=\"asset-row\" data-address=\"").append(Html.text(asset.address().toString()))
                    .append("\"><td class=\"mono-cell\">").append(Html.text(asset.cell()))
                    .append("</td><td class=\"address\">")
                    .append(Html.text(asset.address().toString())).append("</td><td>");
            for (String role : asset.roles()) {
                html.append("<span class=\"chip\">").append(Html.text(role)).append("</span>");
            }
            html.append("</td><td class=\"identity\">");
            asset.identity().forEach((key, value) -> html.append("<div><span class=\"muted\">").append(Html.text(key))
                    .append(":</span> ").append(Html.text(value)).append("</div>"));
            html.append("</td><td class=\"mono-cell\">");
            List<String> macs = new ArrayList<>();
            asset.macs().forEach(mac -> macs.add(Asset.macText(mac)));
            html.append(Html.text(String.join(" ", macs)));
            for (String vendor : MacVendors.vendors(asset.macs())) {
                html.append("<div class=\"muted\">").append(Html.text(vendor)).append("</div>");
            }
            html.append("</td><td>")
                    .append(Html.text(String.join(", ", protocols.getOrDefault(asset.address(), Set.of()))))
                    .append("</td><td class=\"time\">").append(Html.text(times.time(asset.firstSeenNanos())))
                    .append("</td><td class=\"time\">").append(Html.text(times.time(asset.lastSeenNanos())))
                    .append("</td></tr>\n");
        }
        html.append("</tbody></table></div>");
        omitted(sorted.size(), "assets", "otb inventory");
        sectionClose();
    }

    private void omitted(int total, String what, String command) {
        if (total > MAX_TABLE_ROWS) {
            html.append("<p class=\"note\">").append(total - MAX_TABLE_ROWS).append(" more ").append(what)
                    .append(" not listed (at most ").append(MAX_TABLE_ROWS).append(" rows); ").append(command)
                    .append(" lists them all.</p>");
        }
    }

    // --------------------------------------------------------------------------------- functions

    private void functions() {
        sectionOpen("functions", "Function codes",
                "Requests per conversation and function, one matrix per protocol. Cells where requests wrote, "
                        + "controlled or changed the program are highlighted; hover a count for its address ranges.");
        Map<Protocol, List<Conversation>> byProtocol = new LinkedHashMap<>();
        for (Protocol protocol : Protocols.all()) {
            for (Conversation conversation : baseline.conversations()) {
                if (conversation.key().protocol() == protocol) {
                    byProtocol.computeIfAbsent(protocol, p -> new ArrayList<>()).add(conversation);
                }
            }
        }
        if (byProtocol.isEmpty()) {
            html.append("<p class=\"note\">No industrial conversations learned.</p>");
        }
        byProtocol.forEach((protocol, conversations) -> {
            FunctionMatrix.append(html, protocol, conversations, MAX_TABLE_ROWS);
            omitted(conversations.size(), "conversations", "otb diff against an empty baseline");
        });
        html.append("<div class=\"legend\">");
        for (String[] op : new String[][] {{"op-write", "#fee2e2", "write"}, {"op-control", "#fecaca", "control"},
                {"op-program", "#dc2626", "program"}}) {
            html.append("<span><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><rect width=\"14\" height=\"14\" rx=\"3\"")
                    .append(" fill=\"").append(op[1]).append("\" stroke=\"#fca5a5\"/></svg>").append(op[2]).append("</span>");
        }
        html.append("<span class=\"muted\"><i>italic</i>: responses only (no request of that function seen)</span></div>");
        sectionClose();
    }

    // ------------------------------------------------------------------------------------ cycles

    private void cycles() {
        sectionOpen("cycles", "Polling cycles",
                "Intervals between consecutive requests of the same kind (function and first address range), per "
                        + "conversation, as learned. The dashed red line marks the median; the axis ends at the "
                        + "99th percentile, and longer intervals (gaps in polling) get one pale bar after it.");
        int drawn = 0;
        int skipped = 0;
        for (Conversation conversation : baseline.conversations()) {
            List<String[]> cards = new ArrayList<>();
            for (FunctionUse use : conversation.functions()) {
                for (RequestSignature signature : use.signatures()) {
                    if (signature.cycle().count() < MIN_HISTOGRAM_INTERVALS) {
                        continue;
                    }
                    if (drawn >= MAX_HISTOGRAMS) {
                        skipped++;
                        continue;
                    }
                    drawn++;
                    var cycle = signature.cycle();
                    String label = use.label() + " " + signature.label();
                    String stats = "median " + ReportTimes.micros(cycle.medianMicros()) + " \u00b7 MAD "
                            + ReportTimes.micros(cycle.madMicros()) + " \u00b7 p99 "
                            + ReportTimes.micros(cycle.percentileMicros(99)) + " \u00b7 n " + cycle.count();
                    String kind = signature.space().isEmpty() ? "(no address range)" : signature.label();
                    cards.add(new String[] {use.label(), kind, stats,
                            CycleHistogram.svg(cycle, "polling cycle of " + label)});
                }
            }
            if (cards.isEmpty()) {
                continue;
            }
            html.append("<h4>").append(Html.text(conversation.key().client().toString())).append(" \u2192 ")
                    .append(Html.text(conversation.key().server().toString())).append(" <span class=\"muted\">")
                    .append(Html.text(conversation.key().protocol().wireName())).append(" unit ")
                    .append(conversation.key().unit()).append(" \u00b7 cell ").append(Html.text(conversation.serverCell()))
                    .append("</span></h4><div class=\"histograms\">");
            for (String[] card : cards) {
                html.append("<div class=\"histogram\"><div class=\"title\">").append(Html.text(card[0]))
                        .append(" <span class=\"muted mono\">").append(Html.text(card[1])).append("</span></div>")
                        .append(card[3]).append("<div class=\"stats\">").append(Html.text(card[2])).append("</div></div>");
            }
            html.append("</div>");
        }
        if (drawn == 0) {
            html.append("<p class=\"note\">No request kind was seen often enough to have a polling cycle.</p>");
        }
        if (skipped > 0) {
            html.append("<p class=\"note\">").append(skipped).append(" more request kinds not drawn (at most ")
                    .append(MAX_HISTOGRAMS).append(" histograms per report).</p>");
        }
        sectionClose();
    }

    // ---------------------------------------------------------------------------------- learning

    private void learning() {
        sectionOpen("learning", "Learning completeness",
                "Per cell: the share of the learned capture time that brought no new baseline object (asset, "
                        + "conversation, function, request kind, point, range). Near 100 % learning has converged; "
                        + "low values mean new behaviour was still appearing when learning stopped.");
        html.append("<div class=\"scroll\"><table class=\"learning\"><thead><tr><th>Cell</th><th>Completeness</th>")
                .append("<th class=\"num\">Objects</th><th>Learned from</th><th>Learned to</th>")
                .append("<th>Last new object</th><th class=\"num\">Stable for</th></tr></thead><tbody>");
        for (CellProgress progress : baseline.cells().values()) {
            double completeness = progress.completeness();
            String grade = completeness >= 0.8 ? "" : completeness >= 0.4 ? " low" : " poor";
            html.append("<tr class=\"learning-row\" data-cell=\"").append(Html.text(progress.cell()))
                    .append("\"><td class=\"mono-cell\">").append(Html.text(progress.cell()))
                    .append("</td><td><span class=\"bar-track\"><span class=\"bar-fill").append(grade)
                    .append("\" style=\"width:").append(String.format(Locale.ROOT, "%.1f", completeness * 100))
                    .append("%;display:block\"></span></span>").append(percent(completeness))
                    .append("</td><td class=\"num\">").append(progress.objects()).append("</td><td class=\"time\">")
                    .append(Html.text(times.time(progress.firstSeenNanos()))).append("</td><td class=\"time\">")
                    .append(Html.text(times.time(progress.lastSeenNanos()))).append("</td><td class=\"time\">")
                    .append(Html.text(times.time(progress.lastNewObjectNanos()))).append("</td><td class=\"num\">")
                    .append(Html.text(ReportTimes.nanos(progress.stableForNanos()))).append("</td></tr>\n");
        }
        html.append("</tbody></table></div>");
        sectionClose();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    // --------------------------------------------------------------------------------- snapshots

    private void snapshots() {
        sectionOpen("snapshots", "Snapshots and triage",
                "Every baseline snapshot of the database; the one this report describes is highlighted.");
        html.append("<div class=\"scroll\"><table class=\"snapshots\"><thead><tr><th class=\"num\">#</th><th>Written</th>")
                .append("<th>Command</th><th>Input</th><th class=\"num\">Parent</th><th class=\"num\">Messages</th>")
                .append("<th>Capture time</th><th>Note</th></tr></thead><tbody>");
        long shown = content.snapshot().info().id();
        for (SnapshotInfo info : content.snapshots()) {
            html.append("<tr").append(info.id() == shown ? " style=\"font-weight:600;background:#eff6ff\"" : "")
                    .append("><td class=\"num\">").append(info.id()).append("</td><td class=\"time\">")
                    .append(Html.text(times.wallClock(info.createdAt()))).append("</td><td>")
                    .append(Html.text(info.command()))
                    .append("</td><td class=\"detail\">").append(Html.text(info.input())).append("</td><td class=\"num\">")
                    .append(info.parent().isPresent() ? String.valueOf(info.parent().getAsLong()) : "")
                    .append("</td><td class=\"num\">").append(info.messages()).append("</td><td class=\"time\">")
                    .append(Html.text(times.time(info.firstNanos()))).append(" \u2013<br>")
                    .append(Html.text(times.time(info.lastNanos()))).append("</td><td class=\"detail\">")
                    .append(Html.text(info.note())).append("</td></tr>\n");
        }
        html.append("</tbody></table></div>");
        html.append("<h3>Triage audit trail</h3>");
        if (content.audit().isEmpty()) {
            html.append("<p class=\"note\">No alert was acknowledged, approved or muted yet.</p>");
        } else {
            html.append("<div class=\"scroll\"><table class=\"audit\"><thead><tr><th>When</th><th>Who</th><th>Action</th>")
                    .append("<th>Alert</th><th>Reason</th><th class=\"num\">New snapshot</th></tr></thead><tbody>");
            for (AuditEntry entry : content.audit()) {
                html.append("<tr class=\"audit-row\"><td class=\"time\">").append(Html.text(times.wallClock(entry.at())))
                        .append("</td><td>")
                        .append(Html.text(entry.who())).append("</td><td>").append(Html.text(entry.action()))
                        .append("</td><td class=\"mono-cell\">").append(Html.text(entry.alertId()))
                        .append("</td><td class=\"detail\">").append(Html.text(entry.reason()))
                        .append("</td><td class=\"num\">")
                        // snapshots count from 1: 0 means none, however the store reports it
                        .append(entry.snapshot().orElse(0) > 0 ? String.valueOf(entry.snapshot().getAsLong()) : "")
                        .append("</td></tr>\n");
            }
            html.append("</tbody></table></div>");
        }
        sectionClose();
    }
}
