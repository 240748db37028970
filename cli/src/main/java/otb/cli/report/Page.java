package otb.cli.report;

/**
 * The frame every otb HTML page shares: document head with a content security policy that
 * forbids scripts and every network fetch (the page is self-contained and must stay so), and
 * one inline style sheet with system fonts only.
 */
final class Page {
    /** No scripts, no fetches of any kind; inline styles and data: images only. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

    private Page() {
    }

    static void open(StringBuilder html, String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY)
                .append("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"otb\">\n<title>").append(Html.text(title))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    }

    static void close(StringBuilder html) {
        html.append("</body>\n</html>\n");
    }

    /** Opens a report section with its heading and, unless empty, a lead paragraph. */
    static void sectionOpen(StringBuilder html, String id, String title, String lead) {
        html.append("<section class=\"block\" id=\"").append(id).append("\"><h2>").append(Html.text(title))
                .append("</h2>");
        if (!lead.isEmpty()) {
            html.append("<p class=\"lead\">").append(Html.text(lead)).append("</p>");
        }
    }

    static void sectionClose(StringBuilder html) {
        html.append("</section>\n");
    }

    static final String STYLE = """
            :root { --ink: #0f172a; --muted: #64748b; --line: #e2e8f0; --soft: #f8fafc; --accent: #1e3a8a;
              --change: #dc2626; }
            * { box-sizing: border-box; }
            html { -webkit-text-size-adjust: 100%; }
            body { margin: 0; color: var(--ink); background: #f1f5f9;
              font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans",
                "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
            code, .mono, td.address, .mono-cell { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas,
              "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 12.5px; }
            header.masthead { background: #0f172a; color: #f8fafc; padding: 22px 32px 18px; }
            header.masthead h1 { margin: 0 0 4px; font-size: 22px; font-weight: 650; letter-spacing: .2px; }
            header.masthead .subtitle { color: #cbd5e1; font-size: 13px; }
            nav.sections { position: sticky; top: 0; z-index: 5; background: #1e293b; padding: 0 32px;
              display: flex; flex-wrap: wrap; gap: 2px; }
            nav.sections a { color: #e2e8f0; text-decoration: none; padding: 9px 12px; font-size: 13px; }
            nav.sections a:hover { background: #334155; }
            main { max-width: 1480px; margin: 0 auto; padding: 20px 32px 48px; }
            section.block { background: #fff; border: 1px solid var(--line); border-radius: 8px;
              padding: 18px 22px 20px; margin: 0 0 22px; box-shadow: 0 1px 2px rgba(15,23,42,.04); }
            h2 { font-size: 18px; margin: 0 0 4px; font-weight: 650; }
            h3 { font-size: 15px; margin: 18px 0 6px; font-weight: 620; }
            h4 { font-size: 13px; margin: 12px 0 4px; font-weight: 600; color: #334155; }
            p.lead, p.note { color: var(--muted); margin: 0 0 12px; font-size: 13px; }
            .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px;
              margin: 4px 0 16px; }
            .tile { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--soft); }
            .tile .value { font-size: 24px; font-weight: 650; line-height: 1.2; }
            .tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .5px; }
            .tile.alarm .value { color: #b91c1c; }
            table { border-collapse: collapse; width: 100%; font-size: 13px; }
            th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
            th { background: var(--soft); font-weight: 600; color: #334155; white-space: nowrap; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
            tr:hover td { background: #f8fafc; }
            p.immature { border: 1px solid #b45309; background: #fffbeb; color: #78350f; border-radius: 8px;
                padding: 8px 12px; margin: 0 0 12px; }
            table.meta { width: auto; }
            svg.context-chart { display: block; margin-top: 6px; font-size: 11px; }
            svg.context-chart .axis { fill: var(--muted); }
            ol.steps { margin: 0; padding-left: 20px; }
            table.meta th { background: none; padding-right: 24px; }
            .scroll { overflow-x: auto; }
            .muted { color: var(--muted); }
            .badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 11.5px; font-weight: 600;
              color: #fff; white-space: nowrap; }
            .chip { display: inline-block; padding: 0 6px; margin: 1px 2px 1px 0; border-radius: 4px; font-size: 12px;
              background: #eef2ff; color: #3730a3; white-space: nowrap; }
            .chip.change { background: #fee2e2; color: #991b1b; }
            .cell-map { margin: 8px 0 24px; }
            .cell-map h3 { display: flex; align-items: baseline; gap: 12px; }
            .cell-map h3 .muted { font-weight: 400; font-size: 13px; }
            .map-frame { border: 1px solid var(--line); border-radius: 6px; background: #fcfdfe; overflow-x: auto;
              padding: 6px; }
            svg.network-map { display: block; max-width: 100%; height: auto; margin: 0 auto; }
            svg.network-map text { font-size: 12px; fill: #0f172a; paint-order: stroke; stroke: #fcfdfe;
              stroke-width: 4px; stroke-linejoin: round; }
            svg.network-map tspan.address { font-weight: 650; font-family: ui-monospace, Menlo, Consolas,
              "DejaVu Sans Mono", monospace; font-size: 12px; }
            svg.network-map tspan.detail { fill: #475569; font-size: 11px; }
            svg.network-map text.column-heading { fill: #94a3b8; font-size: 11px; text-transform: uppercase;
              letter-spacing: .6px; }
            svg.network-map circle.client { fill: #1e3a8a; }
            svg.network-map circle.server { fill: #0f172a; }
            svg.network-map circle.both { fill: #475569; }
            svg.network-map circle.peer { fill: #fff; stroke: #64748b; stroke-width: 1.6; stroke-dasharray: 3 2; }
            svg.network-map .change-badge text { fill: #fff; stroke: none; font-size: 10px; font-weight: 700; }
            .cell-sensors { margin: 2px 2px 8px; font-size: 13px; color: #444; }
            .legend { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 8px 2px 0; font-size: 12.5px;
              color: #334155; }
            .legend span { display: inline-flex; align-items: center; gap: 6px; }
            .legend svg { flex: none; }
            table.matrix { width: auto; min-width: 50%; }
            table.matrix th { vertical-align: bottom; }
            table.matrix td.mono-cell { white-space: nowrap; padding-right: 18px; }
            table.matrix th.fn { vertical-align: bottom; padding: 6px 4px; min-width: 34px; }
            table.matrix th.fn span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
              font-weight: 500; font-size: 12px; }
            table.matrix td.count { text-align: right; font-variant-numeric: tabular-nums; min-width: 34px; }
            table.matrix td.op-write { background: #fee2e2; color: #991b1b; font-weight: 600; }
            table.matrix td.op-control { background: #fecaca; color: #7f1d1d; font-weight: 700; }
            table.matrix td.op-program { background: #dc2626; color: #fff; font-weight: 700; }
            table.matrix td.responses-only { color: var(--muted); font-style: italic; }
            table.matrix th .op { display: inline-block; width: 8px; height: 8px; border-radius: 2px;
              margin-bottom: 4px; }
            .histograms { display: grid; grid-template-columns: repeat(auto-fill, minmax(318px, 1fr)); gap: 10px; }
            .histogram { border: 1px solid var(--line); border-radius: 6px; padding: 8px 8px 6px; background: #fff; }
            .histogram .title { font-size: 12.5px; font-weight: 600; }
            .histogram .stats { font-size: 11.5px; color: var(--muted); font-variant-numeric: tabular-nums; }
            svg.cycle-histogram { display: block; width: 100%; height: auto; }
            svg.cycle-histogram rect.bar { fill: #3b82f6; }
            svg.cycle-histogram rect.bar.overflow { fill: #93c5fd; }
            svg.cycle-histogram line.axis { stroke: #94a3b8; }
            svg.cycle-histogram line.median { stroke: #dc2626; stroke-dasharray: 3 2; stroke-width: 1.4; }
            svg.cycle-histogram text.tick { font-size: 10px; fill: #64748b; }
            svg.alert-timeline { display: block; max-width: 100%; height: auto; }
            svg.alert-timeline line.lane { stroke: #eef2f7; }
            svg.alert-timeline text.lane-label { font-size: 11.5px; font-weight: 600; }
            svg.alert-timeline line.axis { stroke: #94a3b8; stroke-width: 1.2; }
            svg.alert-timeline text.tick { font-size: 11px; fill: #334155; }
            svg.alert-timeline text.tick.muted { fill: #94a3b8; }
            svg.alert-timeline .axis-break path { stroke: #64748b; stroke-width: 1.4; fill: none; }
            svg.alert-timeline circle.alert-mark { fill-opacity: .85; stroke: #fff; stroke-width: 1.2; }
            .bar-track { width: 160px; height: 10px; background: #e2e8f0; border-radius: 5px; overflow: hidden;
              display: inline-block; vertical-align: middle; margin-right: 8px; }
            .bar-fill { height: 100%; background: #16a34a; }
            .bar-fill.low { background: #f59e0b; }
            .bar-fill.poor { background: #dc2626; }
            td.detail { min-width: 220px; max-width: 380px; }
            .nowrap { white-space: nowrap; }
            table.alerts td.protocol { max-width: 150px; overflow-wrap: anywhere; }
            td.evidence { font-size: 12px; min-width: 130px; max-width: 240px; overflow-wrap: anywhere; }
            table.alerts .kind { font-weight: 600; font-size: 12.5px; }
            table.alerts td .muted, table.inventory td .muted { font-size: 12px; }
            tr.alert-row:target td { background: #fef9c3; }
            .change-added { background: #16a34a; }
            .change-removed { background: #dc2626; }
            .change-changed { background: #d97706; }
            footer { color: var(--muted); font-size: 12px; text-align: center; padding: 8px 0 24px; }
            @media print { nav.sections { display: none; } body { background: #fff; }
              section.block { box-shadow: none; break-inside: avoid-page; } }
            """;
}
