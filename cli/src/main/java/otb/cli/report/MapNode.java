package otb.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import otb.baseline.model.Asset;
import otb.capture.IpAddress;
import otb.cli.LayerTwoFolding;
import otb.cli.MacVendors;

/**
 * A node of a {@link NetworkMap}: an asset of the cell, or a peer outside it (another cell's
 * device, a group or broadcast address). Holds where the layout put it and draws itself.
 */
final class MapNode {
    final IpAddress address;
    final Asset asset;
    /** MAC-keyed assets of the same device, drawn as this node (see {@link LayerTwoFolding}). */
    final List<Asset> folded;
    final boolean peer;
    boolean client;
    boolean server;
    int column;
    int row;
    /**
     * In a column wrapped into several, the x where this node's edges leave the line of its own
     * row to run between the nodes of the columns nearer the other side; NaN when none lie between.
     */
    double gateX = Double.NaN;
    double x;
    double y;
    /** Label side: -1 left of the node, 1 right of it, 0 below it. */
    int labelSide;

    MapNode(IpAddress address, Asset asset, List<Asset> folded, boolean peer) {
        this.address = address;
        this.asset = asset;
        this.folded = folded;
        this.peer = peer;
    }

    /** Appends this node: its circle, its label and its tooltip. */
    void draw(StringBuilder svg) {
        List<String> lines = new ArrayList<>();
        lines.add(address.toString());
        String title;
        if (asset != null) {
            Set<String> roles = new LinkedHashSet<>();
            for (String role : asset.roles()) {
                roles.add(role.replace('_', ' '));
            }
            Map<String, String> identities = new LinkedHashMap<>(asset.identity());
            for (Asset part : folded) {
                part.roles().forEach(role -> roles.add(role.replace('_', ' ')));
                part.identity().forEach(identities::putIfAbsent);
            }
            if (!roles.isEmpty()) {
                lines.add(String.join(", ", roles));
            }
            String identity = identitySummary(identities);
            if (!identity.isEmpty()) {
                lines.add(identity);
            }
            if (peer) {
                lines.add("in cell " + asset.cell());
            }
            List<String> macs = new ArrayList<>();
            asset.macs().forEach(mac -> macs.add(Asset.macText(mac)));
            title = address + (roles.isEmpty() ? "" : "\n" + String.join(", ", roles))
                    + (macs.isEmpty() ? "" : "\nMAC " + String.join(" ", macs))
                    + vendorText(asset.macs()) + identityText(identities);
        } else {
            lines.add("group or broadcast address");
            title = address.toString();
        }
        svg.append("<g class=\"").append(peer ? "peer-node" : "asset-node").append("\" data-address=\"")
                .append(Html.text(address.toString())).append("\"><title>").append(Html.text(title)).append("</title>");
        if (peer) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" class=\"peer\"/>", x,
                    y, NetworkMap.NODE_RADIUS));
        } else {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" class=\"%s\"/>", x,
                    y, NetworkMap.NODE_RADIUS, labelSide < 0 ? "client" : labelSide > 0 ? "server" : "both"));
        }
        double labelX;
        double labelY;
        String anchor;
        if (labelSide == 0) {
            labelX = x;
            labelY = y + NetworkMap.NODE_RADIUS + 13;
            anchor = "middle";
        } else {
            labelX = x + labelSide * (NetworkMap.NODE_RADIUS + 7);
            labelY = y + 4 - (lines.size() - 1) * 6.5;
            anchor = labelSide < 0 ? "end" : "start";
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", labelX, labelY,
                anchor));
        for (int i = 0; i < lines.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<tspan x=\"%.1f\" dy=\"%s\" class=\"%s\">", labelX,
                    i == 0 ? "0" : "13", i == 0 ? "address" : "detail"));
            svg.append(Html.text(Html.shorten(lines.get(i), NetworkMap.MAX_LABEL_LENGTH))).append("</tspan>");
        }
        svg.append("</text></g>");
    }

    /** Vendor, product and version from whatever identity keys the protocol revealed. */
    static String identitySummary(Map<String, String> identity) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> entry : identity.entrySet()) {
            String key = entry.getKey().toLowerCase(Locale.ROOT);
            if ((key.contains("vendor") || key.contains("product") || key.contains("module")
                    || key.contains("revision") || key.contains("version") || key.contains("model"))
                    && !entry.getValue().isBlank() && parts.size() < 3) {
                parts.add(entry.getValue().strip());
            }
        }
        if (parts.isEmpty() && !identity.isEmpty()) {
            parts.add(identity.values().iterator().next().strip());
        }
        return String.join(" ", parts);
    }

    private static String identityText(Map<String, String> identity) {
        StringBuilder text = new StringBuilder();
        identity.forEach((key, value) -> text.append('\n').append(key).append(": ").append(value));
        return text.toString();
    }

    /** "\nvendor NAME" for the MACs' IEEE-registered organisations, "" when none is known. */
    private static String vendorText(List<Long> macs) {
        List<String> vendors = MacVendors.vendors(macs);
        return vendors.isEmpty() ? "" : "\nvendor " + String.join("; ", vendors);
    }
}
