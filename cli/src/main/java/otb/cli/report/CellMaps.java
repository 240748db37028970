package otb.cli.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.CellProgress;
import otb.baseline.model.Conversation;
import otb.baseline.model.IpConversation;
import otb.capture.IpAddress;
import otb.cli.LayerTwoFolding;
import otb.dissect.Protocol;
import otb.dissect.Protocols;

/**
 * The report's "Network maps" section: a {@link NetworkMap} per cell with its legend, its learning
 * progress and, in a site database, the sensors that see the cell.
 */
final class CellMaps {
    private final Baseline baseline;
    /** Sensors per cell of a site database (see BaselineReport.Content#cellSensors); empty for a sensor's own. */
    private final Map<String, List<String>> cellSensors;

    CellMaps(Baseline baseline, Map<String, List<String>> cellSensors) {
        this.baseline = baseline;
        this.cellSensors = cellSensors;
    }

    /** Cells with assets or traffic, by name. */
    static Set<String> cellNames(Baseline baseline) {
        Set<String> names = new TreeSet<>();
        for (Asset asset : baseline.assets()) {
            names.add(asset.cell());
        }
        for (Conversation conversation : baseline.conversations()) {
            names.add(conversation.serverCell());
        }
        for (IpConversation conversation : otherTraffic(baseline)) {
            names.add(conversation.serverCell());
        }
        return names;
    }

    /** IP conversations that carried no protocol otb dissected (those are the industrial conversations). */
    static List<IpConversation> otherTraffic(Baseline baseline) {
        Set<String> industrial = new TreeSet<>();
        for (Protocol protocol : Protocols.all()) {
            industrial.add(protocol.wireName());
        }
        return baseline.ipConversations().stream().filter(c -> !industrial.contains(c.service())).toList();
    }

    void append(StringBuilder html) {
        Page.sectionOpen(html, "maps", "Network maps",
                "One map per cell: who talks to whom. Each circle is an asset, each arrow an industrial conversation "
                        + "from client to server (per protocol and unit), drawn in the map of the server's cell. "
                        + "Hover over a node or an edge for its details.");
        Map<IpAddress, Asset> allAssets = new HashMap<>();
        for (Asset asset : baseline.assets()) {
            allAssets.put(asset.address(), asset);
        }
        // grouped once, in their sorted order: per cell, filtering every list again was quadratic
        // (4,096 automatic cells of a flood of flows took a minute)
        // a device seen by IP and at layer 2 is one node, under its IP address, as in the inventory
        LayerTwoFolding folding = LayerTwoFolding.of(baseline.assets());
        Map<String, List<Asset>> assetsByCell = new HashMap<>();
        for (Asset asset : baseline.assets()) {
            if (folding.owner(asset.address()).isEmpty()) {
                assetsByCell.computeIfAbsent(asset.cell(), c -> new ArrayList<>()).add(asset);
            }
        }
        Map<String, List<Conversation>> conversationsByCell = new HashMap<>();
        for (Conversation conversation : baseline.conversations()) {
            conversationsByCell.computeIfAbsent(conversation.serverCell(), c -> new ArrayList<>()).add(conversation);
        }
        Map<String, List<IpConversation>> otherByCell = new HashMap<>();
        for (IpConversation conversation : otherTraffic(baseline)) {
            otherByCell.computeIfAbsent(conversation.serverCell(), c -> new ArrayList<>()).add(conversation);
        }
        int index = 0;
        for (String cell : cellNames(baseline)) {
            index++;
            List<Asset> assets = assetsByCell.getOrDefault(cell, List.of());
            List<Conversation> conversations = conversationsByCell.getOrDefault(cell, List.of());
            List<IpConversation> other = otherByCell.getOrDefault(cell, List.of());
            CellProgress progress = baseline.cells().get(cell);
            List<String> sensors = cellSensors.getOrDefault(cell, List.of());
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
                html.append(" \u00b7 learning ").append(BaselineReport.percent(progress.completeness())).append(" complete");
            }
            html.append("</span></h3>");
            if (!cellSensors.isEmpty()) {
                // a site database: which of its sensors see this cell (none: only a sensor's cells file names it)
                html.append("<p class=\"cell-sensors\">").append(sensors.isEmpty() ? "Seen by no sensor's traffic"
                        : (sensors.size() == 1 ? "Seen by sensor " : "Seen by sensors ")
                        + Html.text(String.join(", ", sensors))).append("</p>");
            }
            if (assets.size() > BaselineReport.MAX_MAP_ASSETS || conversations.size() + other.size() > BaselineReport.MAX_MAP_EDGES) {
                html.append("<p class=\"note map-omitted\">Too large for a readable map (more than ").append(BaselineReport.MAX_MAP_ASSETS)
                        .append(" assets or ").append(BaselineReport.MAX_MAP_EDGES).append(" conversations); see the asset table and ")
                        .append("the function codes below.</p></div>\n");
                continue;
            }
            NetworkMap map = new NetworkMap("map" + index, assets, allAssets, conversations, other, folding);
            html.append("<div class=\"map-frame\">").append(map.svg()).append("</div>");
            legend(html, map);
            html.append("</div>\n");
        }
        if (index == 0) {
            html.append("<p class=\"note\">The baseline holds no assets yet.</p>");
        }
        Page.sectionClose(html);
    }

    private static void legend(StringBuilder html, NetworkMap map) {
        html.append("<div class=\"legend\">");
        for (String protocol : map.protocols()) {
            legendLine(html, Palette.protocol(protocol), "1.8", "", Palette.protocolLabel(protocol));
        }
        if (map.hasOtherTraffic()) {
            legendLine(html, Palette.OTHER_TRAFFIC, "1.4", "5 4", "other IP traffic");
        }
        if (map.hasRemoteAccess()) {
            legendLine(html, Palette.REMOTE_ACCESS, "1.4", "5 4", "remote access (SSH, RDP, VNC, ...)");
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

    private static void legendLine(StringBuilder html, String colour, String width, String dash, String label) {
        html.append("<span><svg width=\"34\" height=\"14\" aria-hidden=\"true\"><line x1=\"2\" y1=\"7\" x2=\"32\" y2=\"7\"")
                .append(" stroke=\"").append(colour).append("\" stroke-width=\"").append(width).append("\"")
                .append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"").append("/></svg>")
                .append(Html.text(label)).append("</span>");
    }
}
