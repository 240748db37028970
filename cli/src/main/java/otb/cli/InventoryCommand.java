package otb.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.Conversation;
import otb.baseline.model.IpConversation;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.baseline.store.StoreException;
import otb.capture.IpAddress;
import otb.dissect.Json;
import otb.dissect.PlainText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code otb inventory}: the assets of a baseline. */
@Command(name = "inventory", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the assets of the newest (or a named) baseline snapshot: cell, roles, identity the traffic "
                + "revealed, MAC addresses and their vendors (IEEE OUI registry), protocols, first and last seen. A device "
                + "seen only at layer 2 (GOOSE, PROFINET DCP, LLDP) is listed by its MAC address.",
        footer = {"%nExamples:",
                "  otb inventory --db otb-work/otb.db",
                "  otb inventory --db plant.db --format csv > assets.csv",
                ExitCode.HELP_SECTION})
final class InventoryCommand implements Callable<Integer> {

    enum Format { table, csv, json }

    @Mixin
    DatabaseOptions database;

    @Option(names = "--snapshot", paramLabel = "N", description = "Snapshot to list (default: newest).")
    Long snapshot;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    CommonOptions common;

    /** One asset's row. */
    record Row(String address, String cell, String roles, String identity, String macs, String vendor,
               String protocols, String firstSeen, String lastSeen) {
        List<String> cells() {
            return List.of(address, cell, roles, identity, macs, vendor, protocols, firstSeen, lastSeen);
        }
    }

    static final List<String> HEADER = List.of("address", "cell", "roles", "identity", "macs", "vendor", "protocols",
            "first_seen", "last_seen");

    @Override
    public Integer call() throws Exception {
        try (BaselineStore store = database.openReadOnly()) {
            Snapshot chosen = snapshot == null ? AnalyzeCommand.latest(store) : AnalyzeCommand.load(store, snapshot);
            List<Row> rows = rows(chosen.baseline(), new TimeFormat(common.localTime));
            List<String> header = HEADER;
            List<List<String>> lines = new ArrayList<>();
            rows.forEach(row -> lines.add(row.cells()));
            // a site database (kept by 'otb hub'): which sensors see each asset
            Map<String, List<String>> sensors = store.siteAssetSensors();
            if (!sensors.isEmpty()) {
                header = new ArrayList<>(HEADER);
                header.add("sensors");
                for (int i = 0; i < lines.size(); i++) {
                    List<String> line = new ArrayList<>(lines.get(i));
                    line.add(String.join(",", sensors.getOrDefault(rows.get(i).address(), List.of())));
                    lines.set(i, line);
                }
            }
            PrintStream out = System.out;
            switch (format) {
                case table -> table(out, header, lines);
                case csv -> csv(out, header, lines);
                case json -> json(out, header, lines);
            }
            return ExitCode.OK;
        } catch (StoreException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    static List<Row> rows(Baseline baseline, TimeFormat time) {
        Map<IpAddress, TreeSet<String>> protocols = new TreeMap<>();
        for (Conversation conversation : baseline.conversations()) {
            String protocol = conversation.key().protocol().wireName();
            protocols.computeIfAbsent(conversation.key().client(), a -> new TreeSet<>()).add(protocol);
            protocols.computeIfAbsent(conversation.key().server(), a -> new TreeSet<>()).add(protocol);
        }
        for (IpConversation conversation : baseline.ipConversations()) {
            String service = conversation.service();
            protocols.computeIfAbsent(conversation.key().client(), a -> new TreeSet<>()).add(service);
            protocols.computeIfAbsent(conversation.key().server(), a -> new TreeSet<>()).add(service);
        }
        List<Asset> assets = new ArrayList<>(baseline.assets());
        assets.sort((a, b) -> a.address().compareTo(b.address()));
        // a device seen both by IP address and at layer 2 (LLDP, GOOSE, DCP from its own MAC) is one
        // row: its IP row takes the MAC-keyed asset's protocols, identity and times
        LayerTwoFolding folding = LayerTwoFolding.of(assets);
        List<Row> rows = new ArrayList<>(assets.size());
        for (Asset asset : assets) {
            if (folding.owner(asset.address()).isPresent()) {
                continue;
            }
            List<Asset> parts = new ArrayList<>(List.of(asset));
            parts.addAll(folding.foldedInto(asset.address()));
            TreeMap<String, String> identities = new TreeMap<>();
            TreeSet<String> spoken = new TreeSet<>();
            java.util.LinkedHashSet<String> roles = new java.util.LinkedHashSet<>();
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (Asset part : parts) {
                part.identity().forEach(identities::putIfAbsent);
                spoken.addAll(protocols.getOrDefault(part.address(), new TreeSet<>()));
                roles.addAll(part.roles());
                first = Math.min(first, part.firstSeenNanos());
                last = Math.max(last, part.lastSeenNanos());
            }
            StringBuilder identity = new StringBuilder();
            for (Map.Entry<String, String> entry : identities.entrySet()) {
                identity.append(identity.length() > 0 ? "; " : "").append(entry.getKey()).append('=').append(entry.getValue());
            }
            List<String> macs = asset.macs().stream().map(Asset::macText).toList();
            rows.add(new Row(asset.address().toString(), asset.cell(), String.join(",", roles),
                    identity.toString(), String.join(",", macs), String.join("; ", MacVendors.vendors(asset.macs())),
                    String.join(",", spoken), time.format(first), time.format(last)));
        }
        return rows;
    }

    /** A row's cells for the terminal and CSV: control characters shown as {@code \xNN} ({@link PlainText}). */
    private static List<String> plain(List<String> row) {
        return row.stream().map(PlainText::escape).toList();
    }

    private static void table(PrintStream out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
        }
        for (List<String> row : rows) {
            List<String> cells = plain(row);
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.min(60, Math.max(widths[i], cells.get(i).length()));
            }
        }
        line(out, header.stream().map(h -> h.toUpperCase(java.util.Locale.ROOT)).toList(), widths);
        for (List<String> row : rows) {
            line(out, plain(row), widths);
        }
        out.printf("%d assets%n", rows.size());
    }

    private static void line(PrintStream out, List<String> cells, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i).isEmpty() ? "-" : cells.get(i);
            if (cell.length() > widths[i]) {
                cell = cell.substring(0, widths[i] - 1) + "…";
            }
            text.append(i == cells.size() - 1 ? cell : String.format("%-" + widths[i] + "s  ", cell));
        }
        out.println(text.toString().stripTrailing());
    }

    /** RFC 4180 through the one CSV escaping point ({@link Csv}): no field can be taken for a formula. */
    private static void csv(PrintStream out, List<String> header, List<List<String>> rows) {
        out.print(Csv.record(header));
        for (List<String> row : rows) {
            out.print(Csv.record(row));
        }
    }

    private static void json(PrintStream out, List<String> header, List<List<String>> rows) {
        List<Object> list = new ArrayList<>();
        for (List<String> cells : rows) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                fields.put(header.get(i), cells.get(i));
            }
            list.add(fields);
        }
        out.println(Json.write(list));
    }
}
