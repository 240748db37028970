package otb.baseline.cells;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import otb.baseline.model.Services;
import otb.capture.IoErrors;
import otb.capture.IpAddress;
import otb.dissect.Protocols;

/**
 * The plant's zones: which cell an address belongs to, how critical cells and assets are, and
 * which conduits (cross-cell conversations) are allowed. Built from a cells file or automatic.
 *
 * <p>Cells file format (one statement per line, {@code #} starts a comment, words separated by
 * blanks, indentation ignored):
 * <pre>
 * cell NAME [criticality low|medium|high]   starts a cell; the lines below add to it
 *   cidr PREFIX                             addresses in the cell (IPv4 or IPv6 prefix or address)
 *   vlan ID                                 frames on this VLAN belong to the cell (1..4094)
 * asset ADDRESS criticality low|medium|high per-asset criticality (overrides the cell's)
 * conduit FROM -> TO [SERVICE...]           allowed conversations, clients in FROM, servers in TO;
 *                                           FROM/TO a cell name or *, SERVICE a protocol name
 *                                           (modbus, dnp3, s7comm, smb, ...) or tcp/PORT, udp/PORT
 * </pre>
 * An address belongs to the cell whose longest prefix holds it; otherwise to the cell that
 * lists the flow's VLAN; otherwise to an automatic cell: {@code vlan-N} for tagged traffic,
 * else its /24 (IPv4) or /64 (IPv6) such as {@code 10.0.1.0/24}. With no file, every cell is
 * automatic. When a file declares no conduit at all, every cross-cell conversation is outside a
 * conduit.
 */
public final class Cells {
    /** Bounds on what a cells file may declare. */
    public static final int MAX_CELLS = 4096;
    public static final int MAX_LINE_LENGTH = 4096;
    public static final int MAX_STATEMENTS = 100_000;
    /** Bytes of a cells file read at most (a plant's file is a few kilobytes; /dev/zero is not read whole). */
    public static final int MAX_FILE_BYTES = 4 << 20;

    /** One declared cell. */
    public record Cell(String name, Criticality criticality, List<Cidr> cidrs, List<Integer> vlans) {
        public Cell {
            cidrs = List.copyOf(cidrs);
            vlans = List.copyOf(vlans);
        }
    }

    /**
     * An allowed conversation between cells.
     *
     * @param from     client cell name or {@code *}
     * @param to       server cell name or {@code *}
     * @param services protocol names or {@code tcp/PORT}, {@code udp/PORT}; empty means any
     */
    public record Conduit(String from, String to, List<String> services) {
        public Conduit {
            services = List.copyOf(services);
        }

        boolean allows(String clientCell, String serverCell, String protocol, String transportPort) {
            return (from.equals("*") || from.equals(clientCell)) && (to.equals("*") || to.equals(serverCell))
                    && (services.isEmpty() || services.contains(protocol) || services.contains(transportPort));
        }
    }

    private final String text;
    private final List<Cell> cells;
    private final List<Conduit> conduits;
    private final Map<IpAddress, Criticality> assetCriticality;
    private final Map<Integer, Cell> cellByVlan = new HashMap<>();
    private final Map<String, Cell> cellByName = new HashMap<>();
    /** Prefixes, longest first. */
    private final List<Map.Entry<Cidr, Cell>> prefixes = new ArrayList<>();

    private Cells(String text, List<Cell> cells, List<Conduit> conduits, Map<IpAddress, Criticality> assetCriticality) {
        this.text = text;
        this.cells = List.copyOf(cells);
        this.conduits = List.copyOf(conduits);
        this.assetCriticality = Map.copyOf(assetCriticality);
        for (Cell cell : cells) {
            cellByName.put(cell.name(), cell);
            for (Integer vlan : cell.vlans()) {
                cellByVlan.putIfAbsent(vlan, cell);
            }
            for (Cidr cidr : cell.cidrs()) {
                prefixes.add(Map.entry(cidr, cell));
            }
        }
        prefixes.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
    }

    /** No configuration: one cell per VLAN, else per /24 (IPv4) or /64 (IPv6). */
    public static Cells automatic() {
        return new Cells("", List.of(), List.of(), Map.of());
    }

    /** Reads a cells file; a missing file or a bad line gives a one-line {@link CellsException}. */
    public static Cells load(Path file) throws CellsException {
        String content;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new CellsException(file + ": larger than " + (MAX_FILE_BYTES >> 20)
                        + " MiB; not a cells file");
            }
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CellsException(file + ": not UTF-8 text");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CellsException("cannot read cells file " + file + ": " + IoErrors.reason(e));
        }
        return parse(content, file.toString());
    }

    /** Parses cells text; {@code origin} names it in error messages. */
    public static Cells parse(String content, String origin) throws CellsException {
        List<Cell> cells = new ArrayList<>();
        List<Conduit> conduits = new ArrayList<>();
        Map<IpAddress, Criticality> assets = new LinkedHashMap<>();
        String cellName = null;
        Criticality cellCriticality = Criticality.MEDIUM;
        List<Cidr> cidrs = new ArrayList<>();
        List<Integer> vlans = new ArrayList<>();
        // where each name and prefix was declared, and each conduit's line, for errors that point at both
        Map<String, Integer> cellLines = new HashMap<>();
        Map<Cidr, String> cidrPlaces = new HashMap<>();
        List<Integer> conduitLines = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        if (lines.length > MAX_STATEMENTS) {
            throw new CellsException(origin + ": more than " + MAX_STATEMENTS + " lines");
        }
        for (int i = 0; i < lines.length; i++) {
            String where = origin + ":" + (i + 1) + ": ";
            String line = lines[i];
            if (line.length() > MAX_LINE_LENGTH) {
                throw new CellsException(where + "line longer than " + MAX_LINE_LENGTH + " characters");
            }
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            String[] words = line.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            String keyword = words[0].toLowerCase(Locale.ROOT);
            try {
                switch (keyword) {
                    case "cell" -> {
                        if (cellName != null) {
                            cells.add(new Cell(cellName, cellCriticality, cidrs, vlans));
                        }
                        if (words.length != 2 && !(words.length == 4 && words[2].equalsIgnoreCase("criticality"))) {
                            throw new CellsException(where + "expected: cell NAME [criticality low|medium|high]");
                        }
                        cellName = words[1];
                        if (!cellName.matches("[A-Za-z0-9_.:/-]+") || cellName.equals("*")) {
                            throw new CellsException(where + "cell name may hold letters, digits and _ . : / - only");
                        }
                        Integer first = cellLines.putIfAbsent(cellName, i + 1);
                        if (first != null) {
                            throw new CellsException(where + "cell " + cellName + " declared twice (first on line "
                                    + first + ")");
                        }
                        if (cells.size() >= MAX_CELLS) {
                            throw new CellsException(where + "more than " + MAX_CELLS + " cells");
                        }
                        cellCriticality = words.length == 4 ? criticality(words[3], where) : Criticality.MEDIUM;
                        cidrs = new ArrayList<>();
                        vlans = new ArrayList<>();
                    }
                    case "cidr" -> {
                        requireCell(cellName, where, keyword);
                        if (words.length < 2) {
                            throw new CellsException(where + "expected: cidr PREFIX...");
                        }
                        for (int w = 1; w < words.length; w++) {
                            Cidr cidr = Cidr.parse(words[w]);
                            String place = cidrPlaces.putIfAbsent(cidr, "cell " + cellName + " on line " + (i + 1));
                            if (place != null) {
                                throw new CellsException(where + "cidr " + cidr + " is already in " + place);
                            }
                            cidrs.add(cidr);
                        }
                    }
                    case "vlan" -> {
                        requireCell(cellName, where, keyword);
                        if (words.length < 2) {
                            throw new CellsException(where + "expected: vlan ID...");
                        }
                        for (int w = 1; w < words.length; w++) {
                            int vlan = Integer.parseInt(words[w]);
                            if (vlan < 1 || vlan > 4094) {
                                throw new CellsException(where + "VLAN id must be 1..4094: " + words[w]);
                            }
                            vlans.add(vlan);
                        }
                    }
                    case "asset" -> {
                        if (words.length != 4 || !words[2].equalsIgnoreCase("criticality")) {
                            throw new CellsException(where + "expected: asset ADDRESS criticality low|medium|high");
                        }
                        assets.put(IpAddress.parse(words[1]), criticality(words[3], where));
                    }
                    case "conduit" -> {
                        if (words.length < 4 || !words[2].equals("->")) {
                            throw new CellsException(where + "expected: conduit FROM -> TO [SERVICE...]");
                        }
                        List<String> services = new ArrayList<>();
                        for (int w = 4; w < words.length; w++) {
                            services.add(service(words[w].toLowerCase(Locale.ROOT), where));
                        }
                        conduits.add(new Conduit(words[1], words[3], services));
                        conduitLines.add(i + 1);
                    }
                    default -> throw new CellsException(where + "unknown statement '" + words[0]
                            + "' (expected cell, cidr, vlan, asset or conduit)");
                }
            } catch (IllegalArgumentException e) {
                throw new CellsException(where + e.getMessage());
            }
        }
        if (cellName != null) {
            cells.add(new Cell(cellName, cellCriticality, cidrs, vlans));
        }
        for (int i = 0; i < conduits.size(); i++) {
            Conduit conduit = conduits.get(i);
            for (String end : List.of(conduit.from(), conduit.to())) {
                if (!end.equals("*") && cells.stream().noneMatch(c -> c.name().equals(end))) {
                    throw new CellsException(origin + ":" + conduitLines.get(i) + ": conduit names unknown cell " + end);
                }
            }
        }
        return new Cells(content, cells, conduits, assets);
    }

    /** A conduit's service: a protocol otb dissects, a service name otb knows, or tcp/PORT, udp/PORT (1..65535). */
    private static String service(String word, String where) throws CellsException {
        int slash = word.indexOf('/');
        if (slash >= 0 && (word.startsWith("tcp/") || word.startsWith("udp/"))) {
            String port = word.substring(slash + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new CellsException(where + "port must be 1..65535: " + word);
            }
            return word.substring(0, slash) + "/" + Integer.parseInt(port);
        }
        if (Protocols.named(word).isEmpty() && !Services.isName(word)) {
            throw new CellsException(where + "unknown service '" + word + "' (use " + Protocols.wireNames()
                    + ", a service such as dns, ntp, snmp, syslog, smb, https, or tcp/PORT, udp/PORT)");
        }
        return word;
    }

    private static void requireCell(String cellName, String where, String keyword) throws CellsException {
        if (cellName == null) {
            throw new CellsException(where + keyword + " before any cell statement");
        }
    }

    private static Criticality criticality(String word, String where) throws CellsException {
        Criticality criticality = Criticality.parse(word);
        if (criticality == null) {
            throw new CellsException(where + "criticality must be low, medium or high: " + word);
        }
        return criticality;
    }

    /** The automatic cell of devices known only by their MAC address on untagged frames. */
    public static final String LAYER2_CELL = "layer2";

    /** The cell of an address seen on a VLAN (0 when untagged). */
    public String cellOf(IpAddress address, int vlan) {
        for (Map.Entry<Cidr, Cell> prefix : prefixes) {
            if (prefix.getKey().contains(address)) {
                return prefix.getValue().name();
            }
        }
        Cell byVlan = cellByVlan.get(vlan);
        if (byVlan != null) {
            return byVlan.name();
        }
        if (vlan != 0) {
            return "vlan-" + vlan;
        }
        if (address.isMac()) {
            // A device seen only at layer 2 on untagged frames: no prefix names its subnet.
            return LAYER2_CELL;
        }
        return Cidr.of(address, address.v6() ? 64 : 24).toString();
    }

    /** Criticality of an asset: its own, else its cell's, else medium. */
    public Criticality criticality(IpAddress address, String cell) {
        Criticality own = assetCriticality.get(address);
        if (own != null) {
            return own;
        }
        Cell declared = cellByName.get(cell);
        return declared != null ? declared.criticality() : Criticality.MEDIUM;
    }

    /**
     * Whether a conversation between two cells is allowed by a conduit. Same-cell conversations
     * always are.
     *
     * @param protocol      industrial protocol or service guess, e.g. {@code modbus}, {@code smb}
     * @param transportPort e.g. {@code tcp/502}
     */
    public boolean allowed(String clientCell, String serverCell, String protocol, String transportPort) {
        if (clientCell.equals(serverCell)) {
            return true;
        }
        for (Conduit conduit : conduits) {
            if (conduit.allows(clientCell, serverCell, protocol, transportPort)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a cells file declared this cell (false for an automatic {@code /24}, {@code /64} or {@code vlan-N}). */
    public boolean isDeclared(String cell) {
        return cellByName.containsKey(cell);
    }

    public List<Cell> cells() {
        return cells;
    }

    public List<Conduit> conduits() {
        return conduits;
    }

    public boolean isAutomatic() {
        return cells.isEmpty() && conduits.isEmpty() && assetCriticality.isEmpty();
    }

    /** The text this was parsed from ("" when automatic); stored with snapshots. */
    public String text() {
        return text;
    }
}
