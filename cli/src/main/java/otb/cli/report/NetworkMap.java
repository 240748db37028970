package otb.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import otb.baseline.model.Asset;
import otb.baseline.model.Conversation;
import otb.baseline.model.FunctionUse;
import otb.baseline.model.IpConversation;
import otb.capture.IpAddress;
import otb.cli.LayerTwoFolding;
import otb.dissect.OperationClass;

/**
 * The network map of one cell as inline SVG, laid out in Java so the same baseline always gives
 * the same picture: clients (masters, HMIs) in the left column, servers (PLCs, outstations) in the
 * right one, devices that are both or neither in the middle. Servers are ordered by address and
 * clients by the mean row of the servers they talk to, which keeps most edges short and uncrossed.
 *
 * <p>Each asset of the cell is one {@code g.asset-node} (with {@code data-address}); the far end of
 * a conversation that is not an asset of this cell (another cell's device, a broadcast address) is a
 * {@code g.peer-node}. Each industrial conversation whose server is in the cell is one
 * {@code path.conversation-edge}, coloured by protocol, thick with a red halo and a badge when its
 * requests wrote, controlled or programmed; other IP conversations are dashed {@code path.ip-edge}s.
 */
final class NetworkMap {
    /** MapNodes stacked in one column before it wraps into another column beside it. */
    static final int MAX_ROWS_PER_COLUMN = 18;
    static final int ROW_HEIGHT = 64;
    static final int NODE_RADIUS = 9;
    /** Horizontal space reserved for a label beside a node. */
    static final int LABEL_WIDTH = 210;
    /** Horizontal distance between the node columns that edges run across. */
    static final int EDGE_SPAN = 330;
    static final int TOP = 36;
    static final int BOTTOM = 28;
    /** Vertical distance between parallel edges of the same two nodes. */
    static final int PARALLEL_OFFSET = 16;
    static final int MAX_LABEL_LENGTH = 34;
    /** Distance from the near column at which edges to a far wrapped column turn into their lane. */
    private static final int GATE = 40;

    private static final int CLIENTS = 0;
    private static final int BOTH = 1;
    private static final int SERVERS = 2;

    private final String id;
    private final List<Conversation> conversations;
    private final List<IpConversation> otherTraffic;
    private final LayerTwoFolding folding;
    private final Map<IpAddress, MapNode> nodes = new LinkedHashMap<>();
    private double width;
    private double height;
    /** Top of the first row: {@link #TOP}, more when loops need room. */
    private double top;

    /**
     * @param id            unique prefix for element ids of this map (markers)
     * @param cellAssets    the assets of the cell
     * @param allAssets     every asset of the baseline, to describe peers in other cells
     * @param conversations industrial conversations whose server is in the cell
     * @param otherTraffic  non-industrial IP conversations whose server is in the cell
     * @param folding       which MAC-keyed assets are drawn as the IP-keyed asset of the same device
     */
    NetworkMap(String id, List<Asset> cellAssets, Map<IpAddress, Asset> allAssets, List<Conversation> conversations,
               List<IpConversation> otherTraffic, LayerTwoFolding folding) {
        this.id = id;
        this.conversations = conversations;
        this.otherTraffic = otherTraffic;
        this.folding = folding;
        for (Asset asset : cellAssets) {
            if (folding.owner(asset.address()).isEmpty()) {
                nodes.put(asset.address(), new MapNode(asset.address(), asset, folding.foldedInto(asset.address()),
                        false));
            }
        }
        for (Conversation conversation : conversations) {
            node(shown(conversation.key().client()), allAssets).client = true;
            node(shown(conversation.key().server()), allAssets).server = true;
        }
        for (IpConversation conversation : otherTraffic) {
            node(shown(conversation.key().client()), allAssets).client = true;
            node(shown(conversation.key().server()), allAssets).server = true;
        }
        layout();
    }

    private MapNode node(IpAddress address, Map<IpAddress, Asset> allAssets) {
        return nodes.computeIfAbsent(address, missing -> new MapNode(missing, allAssets.get(missing),
                folding.foldedInto(missing), true));
    }

    /** The node address of a conversation's end: a folded MAC-keyed asset is drawn as its IP-keyed owner. */
    private IpAddress shown(IpAddress address) {
        return folding.shown(address);
    }

    private void layout() {
        List<List<MapNode>> columns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (MapNode node : nodes.values()) {
            node.column = columnOf(node);
            columns.get(node.column).add(node);
        }
        Comparator<MapNode> byAddress = Comparator.comparing(node -> node.address);
        columns.get(SERVERS).sort(byAddress);
        columns.get(BOTH).sort(byAddress);
        number(columns.get(SERVERS));
        number(columns.get(BOTH));
        // clients by the mean row of their servers, then servers by the mean row of their clients
        sortByNeighbours(columns.get(CLIENTS), false);
        number(columns.get(CLIENTS));
        sortByNeighbours(columns.get(SERVERS), true);
        number(columns.get(SERVERS));

        int rows = 1;
        for (List<MapNode> column : columns) {
            rows = Math.max(rows, Math.min(column.size(), MAX_ROWS_PER_COLUMN));
        }
        // a device talking to itself gets loops above it: make room for the tallest
        int loops = 0;
        for (Conversation conversation : conversations) {
            if (shown(conversation.key().client()).equals(shown(conversation.key().server()))) {
                loops++;
            }
        }
        top = TOP + (loops == 0 ? 0 : loopLift(loops - 1) - ROW_HEIGHT / 2 + NODE_RADIUS + 8);
        // middle nodes sit half a row lower than their neighbours, so straight client-server edges pass between them
        boolean staggered = !columns.get(BOTH).isEmpty()
                && (!columns.get(CLIENTS).isEmpty() || !columns.get(SERVERS).isEmpty());
        boolean wrapped = false;
        for (List<MapNode> column : columns) {
            wrapped |= column.size() > MAX_ROWS_PER_COLUMN;
        }
        height = top + rows * ROW_HEIGHT + (staggered || wrapped ? ROW_HEIGHT / 2 : 0) + BOTTOM;
        double x = 0;
        boolean first = true;
        for (int c = CLIENTS; c <= SERVERS; c++) {
            List<MapNode> column = columns.get(c);
            if (column.isEmpty()) {
                continue;
            }
            int subColumns = (column.size() + MAX_ROWS_PER_COLUMN - 1) / MAX_ROWS_PER_COLUMN;
            double[] subColumnX = new double[subColumns];
            for (int s = 0; s < subColumns; s++) {
                x += first ? (c == SERVERS ? 40 : LABEL_WIDTH) : (s == 0 ? EDGE_SPAN : LABEL_WIDTH + 40);
                first = false;
                subColumnX[s] = x;
                int from = s * MAX_ROWS_PER_COLUMN;
                int to = Math.min(column.size(), from + MAX_ROWS_PER_COLUMN);
                // wrapped columns: rows shift by a fraction of a row per step away from the other side,
                // so edges to the far columns run between the nodes of the near ones
                int away = c == CLIENTS ? subColumns - 1 - s : s;
                // centred on whole rows, so the middle column's half-row offset always falls between them
                double firstY = top + Math.floorDiv(rows - (to - from), 2) * ROW_HEIGHT + ROW_HEIGHT / 2.0
                        + (c == BOTH && staggered ? ROW_HEIGHT / 2.0 : 0) + (double) away * ROW_HEIGHT / subColumns;
                for (int i = from; i < to; i++) {
                    MapNode node = column.get(i);
                    node.x = x;
                    node.y = firstY + (i - from) * ROW_HEIGHT;
                    node.labelSide = c == CLIENTS ? -1 : c == SERVERS ? 1 : 0;
                }
            }
            for (int i = 0; i < column.size(); i++) {
                int s = i / MAX_ROWS_PER_COLUMN;
                if (c == CLIENTS && s < subColumns - 1) {
                    column.get(i).gateX = subColumnX[subColumns - 1] + GATE;
                } else if (c == SERVERS && s > 0) {
                    column.get(i).gateX = subColumnX[0] - GATE;
                }
            }
        }
        width = x + (columns.get(SERVERS).isEmpty() ? LABEL_WIDTH / 2.0 + 40 : LABEL_WIDTH);
        width = Math.max(width, 2 * LABEL_WIDTH);
        if (columns.get(SERVERS).isEmpty() && columns.get(CLIENTS).isEmpty()) {
            // only middle nodes: centre them
            double shift = width / 2 - LABEL_WIDTH;
            for (MapNode node : nodes.values()) {
                node.x += shift;
            }
        }
    }

    private static int columnOf(MapNode node) {
        boolean client = node.client;
        boolean server = node.server;
        if (!client && !server && node.asset != null) {
            // no edge in this map: place it by its roles
            for (String role : node.asset.roles()) {
                if (role.endsWith("_client") || role.endsWith("_master")) {
                    client = true;
                } else {
                    server = true;
                }
            }
        }
        if (client && !server) {
            return CLIENTS;
        }
        return server && !client ? SERVERS : BOTH;
    }

    private static void number(List<MapNode> column) {
        for (int i = 0; i < column.size(); i++) {
            column.get(i).row = i;
        }
    }

    private void sortByNeighbours(List<MapNode> column, boolean serverSide) {
        Map<IpAddress, List<IpAddress>> neighbours = new HashMap<>();
        for (Conversation conversation : conversations) {
            neighbour(neighbours, shown(conversation.key().client()), shown(conversation.key().server()),
                    serverSide);
        }
        for (IpConversation conversation : otherTraffic) {
            neighbour(neighbours, shown(conversation.key().client()), shown(conversation.key().server()),
                    serverSide);
        }
        Map<MapNode, Double> mean = new HashMap<>();
        for (MapNode node : column) {
            double sum = 0;
            List<IpAddress> others = neighbours.getOrDefault(node.address, List.of());
            for (IpAddress other : others) {
                sum += nodes.get(other).row;
            }
            mean.put(node, others.isEmpty() ? Double.MAX_VALUE : sum / others.size());
        }
        column.sort(Comparator.comparingDouble((MapNode node) -> mean.get(node)).thenComparing(node -> node.address));
    }

    private static void neighbour(Map<IpAddress, List<IpAddress>> neighbours, IpAddress client, IpAddress server,
                                  boolean serverSide) {
        neighbours.computeIfAbsent(serverSide ? server : client, key -> new ArrayList<>()).add(serverSide ? client : server);
    }

    /** Distinct protocols (wire names) drawn, in legend order, for the caller's legend. */
    Set<String> protocols() {
        Set<String> protocols = new LinkedHashSet<>();
        for (otb.dissect.Protocol protocol : otb.dissect.Protocols.all()) {
            for (Conversation conversation : conversations) {
                if (conversation.key().protocol() == protocol) {
                    protocols.add(protocol.wireName());
                }
            }
        }
        return protocols;
    }

    boolean hasOtherTraffic() {
        return !otherTraffic.isEmpty();
    }

    boolean hasRemoteAccess() {
        return otherTraffic.stream().anyMatch(c -> otb.baseline.model.Services.isRemoteAccess(c.service()));
    }

    /** True when an edge is marked for writes, control or program changes. */
    boolean hasChanges() {
        return conversations.stream().anyMatch(Conversation::writes);
    }

    boolean hasPeers() {
        return nodes.values().stream().anyMatch(node -> node.peer);
    }

    /** The SVG element. */
    String svg() {
        StringBuilder svg = new StringBuilder(4096);
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"network-map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\""
                        + " viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"network map\">",
                width, height, width, height));
        svg.append("<defs>");
        Set<String> colours = new LinkedHashSet<>();
        for (Conversation conversation : conversations) {
            colours.add(Palette.protocol(conversation.key().protocol().wireName()));
        }
        colours.add(Palette.OTHER_TRAFFIC);
        colours.add(Palette.REMOTE_ACCESS);
        for (String colour : colours) {
            svg.append("<marker id=\"").append(marker(colour)).append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\"")
                    .append(" markerWidth=\"7\" markerHeight=\"7\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">")
                    .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"").append(colour).append("\"/></marker>");
        }
        svg.append("</defs>");
        svg.append(columnHeadings());
        StringBuilder badges = new StringBuilder();
        edges(svg, badges);
        svg.append(badges);
        for (MapNode node : nodes.values()) {
            node.draw(svg);
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private String marker(String colour) {
        return id + "-arrow-" + colour.substring(1);
    }

    private String columnHeadings() {
        StringBuilder text = new StringBuilder();
        double clientX = Double.NaN;
        double serverX = Double.NaN;
        for (MapNode node : nodes.values()) {
            if (node.labelSide < 0 && (Double.isNaN(clientX) || node.x < clientX)) {
                clientX = node.x;
            }
            if (node.labelSide > 0 && (Double.isNaN(serverX) || node.x < serverX)) {
                serverX = node.x;
            }
        }
        if (!Double.isNaN(clientX)) {
            text.append(String.format(Locale.ROOT,
                    "<text class=\"column-heading\" x=\"%.1f\" y=\"18\" text-anchor=\"end\">clients \u00b7 masters</text>",
                    clientX + NODE_RADIUS));
        }
        if (!Double.isNaN(serverX)) {
            text.append(String.format(Locale.ROOT,
                    "<text class=\"column-heading\" x=\"%.1f\" y=\"18\">servers \u00b7 PLCs \u00b7 outstations</text>",
                    serverX - NODE_RADIUS));
        }
        return text.toString();
    }

    private void edges(StringBuilder svg, StringBuilder badges) {
        // parallel edges between the same two nodes are fanned out around the straight line
        Map<String, List<Object>> pairs = new TreeMap<>();
        for (Conversation conversation : conversations) {
            pairs.computeIfAbsent(pairKey(shown(conversation.key().client()), shown(conversation.key().server())),
                    key -> new ArrayList<>()).add(conversation);
        }
        for (IpConversation conversation : otherTraffic) {
            pairs.computeIfAbsent(pairKey(shown(conversation.key().client()), shown(conversation.key().server())),
                    key -> new ArrayList<>()).add(conversation);
        }
        for (List<Object> pair : pairs.values()) {
            for (int k = 0; k < pair.size(); k++) {
                double offset = (k - (pair.size() - 1) / 2.0) * PARALLEL_OFFSET;
                if (pair.get(k) instanceof Conversation conversation) {
                    conversationEdge(svg, badges, conversation, offset, k);
                } else {
                    ipEdge(svg, (IpConversation) pair.get(k), offset, k);
                }
            }
        }
    }

    /** Both directions between two nodes share a key, so their edges fan out instead of overlapping. */
    private static String pairKey(IpAddress client, IpAddress server) {
        return client.compareTo(server) <= 0 ? client + " " + server : server + " " + client;
    }

    /**
     * An edge from client to server: a cubic B\u00e9zier (its four points x0 y0 .. x3 y3 in the first
     * eight places), led in from and out to straight runs along the rows of nodes in wrapped columns
     * (start x y and end x y in the last four places; equal to the curve's ends otherwise).
     */
    private double[] curve(IpAddress clientAddress, IpAddress serverAddress, double offset, int index) {
        MapNode client = nodes.get(clientAddress);
        MapNode server = nodes.get(serverAddress);
        if (client == server) {
            // a device talking to itself (loopback captures): a loop above the node
            double lift = loopLift(index);
            double spread = 26 + 12 * index;
            return withEnds(new double[] {client.x - 4, client.y - NODE_RADIUS, client.x - spread, client.y - lift,
                    client.x + spread, client.y - lift, client.x + 4, client.y - NODE_RADIUS - 2});
        }
        double dx = server.x - client.x;
        if (Math.abs(dx) < 1) {
            // same column: bulge sideways, away from the labels
            int side = client.labelSide < 0 ? 1 : client.labelSide > 0 ? -1 : 1;
            // middle-column labels sit centred below their nodes: bulge past half a label
            double base = client.labelSide == 0 ? 135 : 70;
            double bulge = side * (base + 18 * index + Math.abs(server.y - client.y) * 0.15);
            double direction = Math.signum(server.y - client.y);
            return withEnds(new double[] {client.x + side * NODE_RADIUS, client.y, client.x + bulge, client.y,
                    server.x + bulge, server.y, server.x + side * (NODE_RADIUS + 2), server.y - direction});
        }
        double sign = Math.signum(dx);
        double leaveX = client.x + sign * NODE_RADIUS;
        double arriveX = server.x - sign * (NODE_RADIUS + 2);
        double startX = Double.isNaN(client.gateX) ? leaveX : client.gateX;
        double endX = Double.isNaN(server.gateX) ? arriveX : server.gateX;
        double pull = (endX - startX) * 0.45;
        double startOffset = Double.isNaN(client.gateX) ? offset * 0.3 : 0;
        double endOffset = Double.isNaN(server.gateX) ? offset * 0.3 : 0;
        return new double[] {startX, client.y + startOffset, startX + pull, client.y + offset, endX - pull,
                server.y + offset, endX, server.y + endOffset, leaveX, client.y + startOffset, arriveX,
                server.y + endOffset};
    }

    private static double[] withEnds(double[] cubic) {
        double[] p = java.util.Arrays.copyOf(cubic, 12);
        p[8] = cubic[0];
        p[9] = cubic[1];
        p[10] = cubic[6];
        p[11] = cubic[7];
        return p;
    }

    /** Height of the {@code index}th loop of a node above its centre. */
    private static int loopLift(int index) {
        return 44 + 16 * index;
    }

    private static String path(double[] p) {
        StringBuilder path = new StringBuilder(96);
        path.append(String.format(Locale.ROOT, "M%.1f,%.1f ", p[8], p[9]));
        if (p[8] != p[0] || p[9] != p[1]) {
            path.append(String.format(Locale.ROOT, "L%.1f,%.1f ", p[0], p[1]));
        }
        path.append(String.format(Locale.ROOT, "C%.1f,%.1f %.1f,%.1f %.1f,%.1f", p[2], p[3], p[4], p[5], p[6], p[7]));
        if (p[10] != p[6] || p[11] != p[7]) {
            path.append(String.format(Locale.ROOT, " L%.1f,%.1f", p[10], p[11]));
        }
        return path.toString();
    }

    private void conversationEdge(StringBuilder svg, StringBuilder badges, Conversation conversation, double offset,
                                  int index) {
        double[] p = curve(shown(conversation.key().client()), shown(conversation.key().server()), offset, index);
        String protocol = conversation.key().protocol().wireName();
        String colour = Palette.protocol(protocol);
        Set<OperationClass> changes = new LinkedHashSet<>();
        List<String> functions = new ArrayList<>();
        for (FunctionUse use : conversation.functions()) {
            if (use.requests() > 0 && Palette.isChange(use.operation())) {
                changes.add(use.operation());
            }
            functions.add(use.label() + " \u00d7" + (use.requests() > 0 ? use.requests() : use.responses()));
        }
        String operations = String.join(" ", changes.stream().map(OperationClass::wireName).toList());
        String title = conversation.key().client() + " \u2192 " + conversation.key().server() + " " + protocol
                + " unit " + conversation.key().unit() + " (" + conversation.transport().wireName() + "/"
                + conversation.serverPort() + ")\n" + conversation.requests() + " requests, "
                + conversation.responses() + " responses" + (conversation.crossCell() ? ", cross-cell" : "")
                + (changes.isEmpty() ? "" : "\nchanges: " + operations) + "\n" + String.join("\n", functions);
        boolean marked = !changes.isEmpty();
        if (marked) {
            svg.append("<path class=\"edge-halo\" d=\"").append(path(p)).append("\" fill=\"none\" stroke=\"")
                    .append(Palette.CHANGE).append("\" stroke-opacity=\"0.28\" stroke-width=\"9\"")
                    .append(" stroke-linecap=\"round\"/>");
        }
        svg.append("<path class=\"conversation-edge").append(marked ? " changes" : "").append("\" d=\"")
                .append(path(p)).append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"")
                .append(marked ? "2.6" : "1.6").append("\" marker-end=\"url(#").append(marker(colour)).append(")\"")
                .append(" data-client=\"").append(Html.text(shown(conversation.key().client()).toString()))
                .append("\" data-server=\"").append(Html.text(shown(conversation.key().server()).toString()))
                .append("\" data-protocol=\"").append(Html.text(protocol))
                .append("\" data-unit=\"").append(conversation.key().unit())
                .append("\" data-changes=\"").append(Html.text(operations)).append("\"><title>")
                .append(Html.text(title)).append("</title></path>");
        if (marked) {
            // badge at the curve's midpoint (B\u00e9zier at t = 1/2)
            double x = (p[0] + 3 * p[2] + 3 * p[4] + p[6]) / 8;
            double y = (p[1] + 3 * p[3] + 3 * p[5] + p[7]) / 8;
            StringBuilder letters = new StringBuilder();
            for (OperationClass change : changes.stream().sorted().toList()) {
                letters.append(switch (change) {
                    case WRITE -> "W";
                    case CONTROL -> "C";
                    default -> "P";
                });
            }
            double badgeWidth = 8 + 7.5 * letters.length();
            badges.append(String.format(Locale.ROOT,
                    "<g class=\"change-badge\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" rx=\"7\""
                            + " fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text><title>%s</title></g>",
                    x - badgeWidth / 2, y - 7, badgeWidth, Palette.CHANGE, x, y + 3.6, letters,
                    Html.text(operations)));
        }
    }

    private void ipEdge(StringBuilder svg, IpConversation conversation, double offset, int index) {
        double[] p = curve(shown(conversation.key().client()), shown(conversation.key().server()), offset, index);
        boolean remote = otb.baseline.model.Services.isRemoteAccess(conversation.service());
        String colour = remote ? Palette.REMOTE_ACCESS : Palette.OTHER_TRAFFIC;
        String title = conversation.key().client() + " \u2192 " + conversation.key().server() + " "
                + conversation.service() + " (" + conversation.key().transportPort() + ")\n" + conversation.flows()
                + " flows" + (remote ? ", remote access" : "") + (conversation.crossCell() ? ", cross-cell" : "");
        svg.append("<path class=\"ip-edge").append(remote ? " remote-access" : "").append("\" d=\"").append(path(p))
                .append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.4\"")
                .append(" stroke-dasharray=\"5 4\" marker-end=\"url(#").append(marker(colour)).append(")\"")
                .append(" data-client=\"").append(Html.text(shown(conversation.key().client()).toString()))
                .append("\" data-server=\"").append(Html.text(shown(conversation.key().server()).toString()))
                .append("\" data-service=\"").append(Html.text(conversation.service())).append("\"><title>")
                .append(Html.text(title)).append("</title></path>");
    }

}
