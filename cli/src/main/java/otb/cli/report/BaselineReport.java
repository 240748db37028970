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
import java.util.TreeSet;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
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
        new CellMaps(baseline, content.cellSensors()).append(html);
        AlertSection alerts = new AlertSection(content, times);
        alerts.append(html);
        IncidentList.append(html, content.alerts().stream().map(StoredAlert::alert).toList(), times, alerts::rowId);
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
        Page.sectionOpen(html, id, title, lead);
    }

    private void sectionClose() {
        Page.sectionClose(html);
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
        tile(String.valueOf(CellMaps.cellNames(baseline).size()), "cells", false);
        tile(String.valueOf(baseline.assets().size()), "assets", false);
        tile(String.valueOf(baseline.conversations().size()), "industrial conversations", false);
        tile(String.valueOf(CellMaps.otherTraffic(baseline).size()), "other IP conversations", false);
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

    static String percent(double share) {
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
