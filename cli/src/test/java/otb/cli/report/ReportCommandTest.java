package otb.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.Conversation;
import otb.baseline.store.BaselineStore;
import otb.cli.Otb;
import otb.dissect.Protocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code otb report} end to end: a database learned from real captures (Modbus/TCP, DNP3, S7comm)
 * with alerts raised on other real captures, rendered and opened in a real headless Chromium.
 */
class ReportCommandTest {
    private static final Pattern ASSET_NODE = Pattern.compile("<g class=\"asset-node\" data-address=\"([^\"]*)\"");
    private static final Pattern CONVERSATION_EDGE = Pattern.compile("<path class=\"conversation-edge[^\"]*\" d=\"[^\"]*\""
            + " fill=\"none\" stroke=\"[^\"]*\" stroke-width=\"[^\"]*\" marker-end=\"[^\"]*\" data-client=\"([^\"]*)\""
            + " data-server=\"([^\"]*)\" data-protocol=\"([^\"]*)\" data-unit=\"([^\"]*)\"");

    private static Path directory;
    private static Path database;
    private static Baseline model;

    /** cli/target/report-test, found from where the test classes were compiled (cli/target/test-classes). */
    static Path targetDirectory() throws URISyntaxException {
        return Path.of(ReportCommandTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    @BeforeAll
    static void learn() throws Exception {
        directory = targetDirectory().resolve("report-test");
        Files.createDirectories(directory);
        for (String name : List.of("otb.db", "otb.db-wal", "otb.db-shm")) {
            Files.deleteIfExists(directory.resolve(name));
        }
        database = ReportDatabase.create(directory);
        try (BaselineStore store = BaselineStore.open(database)) {
            model = store.loadLatest().baseline();
            // one triage action, with markup in its reason, for the audit trail
            String first = store.alerts(java.util.Optional.empty(), otb.baseline.alert.Severity.INFO, 1).get(0).alert().id();
            store.acknowledge(first, "operator", "<b>seen</b> on the HMI");
        }
    }

    /** Runs otb; returns exit code and stderr. */
    static Object[] otb(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Otb.run(args);
            return new Object[] {code, err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(saved);
        }
    }

    private static Path report(String name, String... extra) {
        Path html = directory.resolve(name);
        List<String> args = new ArrayList<>(List.of("report", "--db", database.toString(), "-o", html.toString()));
        args.addAll(List.of(extra));
        Object[] result = otb(args.toArray(String[]::new));
        assertEquals(0, result[0], (String) result[1]);
        return html;
    }

    private static Set<String> industrialServices() {
        Set<String> names = new TreeSet<>();
        for (Protocol protocol : otb.dissect.Protocols.all()) {
            names.add(protocol.wireName());
        }
        return names;
    }

    @Test
    void chromiumRendersTheMapWithOneNodePerAssetAndOneEdgePerConversation() throws Exception {
        assertTrue(model.assets().size() >= 15, "the learned plants have many assets: " + model.assets().size());
        assertTrue(model.conversations().size() >= 15, "and many conversations: " + model.conversations().size());
        Path html = report("report.html");
        Chromium chromium = Chromium.find();
        Chromium.Run run = chromium.dumpDom(html);
        assertEquals(List.of(), run.consoleMessages(), "console messages while rendering the report");
        String dom = run.stdout();
        assertTrue(dom.contains("otb baseline report"), "the DOM Chromium built:\n" + dom.substring(0, Math.min(500, dom.length())));

        List<String> nodes = new ArrayList<>();
        Matcher node = ASSET_NODE.matcher(dom);
        while (node.find()) {
            nodes.add(node.group(1));
        }
        // a device seen by IP and at layer 2 is one node, under its IP address (LayerTwoFolding)
        otb.cli.LayerTwoFolding folding = otb.cli.LayerTwoFolding.of(model.assets());
        List<String> assets = model.assets().stream().filter(asset -> folding.owner(asset.address()).isEmpty())
                .map(asset -> asset.address().toString()).toList();
        assertTrue(assets.size() < model.assets().size(), "the captures hold a device seen by IP and by MAC");
        assertEquals(assets.size(), nodes.size(), "one asset node per device");
        assertEquals(new TreeSet<>(assets), new TreeSet<>(nodes), "the nodes are the assets");

        List<String> edges = new ArrayList<>();
        Matcher edge = CONVERSATION_EDGE.matcher(dom);
        while (edge.find()) {
            edges.add(edge.group(1) + " " + edge.group(2) + " " + edge.group(3) + " " + edge.group(4));
        }
        List<String> conversations = new ArrayList<>();
        for (Conversation conversation : model.conversations()) {
            conversations.add(folding.shown(conversation.key().client()) + " "
                    + folding.shown(conversation.key().server()) + " "
                    + conversation.key().protocol().wireName() + " " + conversation.key().unit());
        }
        assertEquals(conversations.size(), countOf(dom, "class=\"conversation-edge"), "one edge per conversation");
        assertEquals(new TreeSet<>(conversations), new TreeSet<>(edges), "the edges are the conversations");
        assertEquals(conversations.size(), new TreeSet<>(edges).size(), "no conversation drawn twice");

        long other = model.ipConversations().stream().filter(c -> !industrialServices().contains(c.service())).count();
        assertEquals(other, countOf(dom, "class=\"ip-edge"), "one dashed edge per other IP conversation");
        long writers = model.conversations().stream().filter(Conversation::writes).count();
        assertTrue(writers > 0, "ModbusTCP.pcap writes coils, dnp3_example operates outputs");
        assertEquals(writers, countOf(dom, "class=\"conversation-edge changes\""), "edges marked where writes happen");
        assertEquals(writers, countOf(dom, "class=\"change-badge\""));

        // one map per cell that has assets or traffic (a broadcast server's cell may have no asset)
        Set<String> cells = new TreeSet<>();
        model.assets().forEach(asset -> cells.add(asset.cell()));
        model.conversations().forEach(conversation -> cells.add(conversation.serverCell()));
        model.ipConversations().forEach(conversation -> cells.add(conversation.serverCell()));
        assertEquals(cells.size(), countOf(dom, "<svg class=\"network-map\""));
        // every stored alert is on the timeline and in the table
        try (BaselineStore store = BaselineStore.open(database)) {
            int alerts = store.alerts(java.util.Optional.empty(), otb.baseline.alert.Severity.INFO, 100_000).size();
            assertTrue(alerts >= 10, "the analysed captures raise alerts: " + alerts);
            assertEquals(alerts, countOf(dom, "class=\"alert-mark\""));
            assertEquals(alerts, countOf(dom, "class=\"alert-row\""));
        }
        assertTrue(dom.contains("PROGRAM_OR_STOP"), "the S7 block download and PLC stop are in the report");
        assertTrue(countOf(dom, "class=\"cycle-histogram\"") > 20, "polling-cycle histograms drawn");
        assertEquals(model.cells().size(), countOf(dom, "class=\"learning-row\""));
        assertEquals(2, countOf(dom, "class=\"audit-row\""), "the learn and the acknowledgement in the audit trail");
        assertTrue(dom.contains("<td>learn</td>"), "the learn's entry");
        assertTrue(dom.contains("&lt;b&gt;seen&lt;/b&gt; on the HMI"), "its reason as text");
        assertTrue(Pattern.compile("[>\\s]acknowledged \u00b7 vs snapshot 1<").matcher(dom).find(), "the alert's state");
        assertTrue(dom.contains("<td>acknowledge</td><td class=\"mono-cell\">"), "the action");

        Path screenshot = targetDirectory().resolve("report-screenshot.png");
        Chromium.Run shot = chromium.screenshot(html, screenshot, 1400, 2000);
        assertEquals(List.of(), shot.consoleMessages());
        byte[] png = Files.readAllBytes(screenshot);
        assertTrue(png.length > 20_000, "a screenshot with content: " + png.length + " bytes");
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
        System.out.println("report screenshot: " + screenshot);
    }

    @Test
    void theConsoleCheckSeesErrors() throws Exception {
        // the check above must be able to fail: a page the report's policy blocks logs to the console
        Path page = directory.resolve("blocked.html");
        StringBuilder html = new StringBuilder();
        Page.open(html, "blocked");
        html.append("<script>console.log('should be blocked')</script><img src=\"http://192.0.2.1/x.png\" alt=\"\">");
        Page.close(html);
        Files.writeString(page, html);
        List<String> messages = Chromium.find().dumpDom(page).consoleMessages();
        assertEquals(2, messages.size(), String.join("\n", messages));
        assertTrue(messages.get(0).contains("Content Security Policy"), messages.get(0));
    }

    @Test
    void theFileIsSelfContainedAndTheSameDatabaseGivesTheSameBytes() throws Exception {
        Path first = report("first.html");
        Path second = report("second.html");
        byte[] bytes = Files.readAllBytes(first);
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(second)), "deterministic output");
        String html = new String(bytes, StandardCharsets.UTF_8);
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("<link"), "no linked resources");
        assertFalse(html.contains("@import") || html.contains("@font-face"), "no imported styles or fonts");
        assertFalse(Pattern.compile("\\ssrc=").matcher(html).find(), "nothing loaded from elsewhere");
        Matcher url = Pattern.compile("https?://[^\"'\\s<)]*").matcher(html);
        while (url.find()) {
            assertEquals("http://www.w3.org/2000/svg", url.group(), "the only URL is the SVG namespace");
        }
        Matcher reference = Pattern.compile("url\\(([^)]*)\\)").matcher(html);
        while (reference.find()) {
            assertTrue(reference.group(1).startsWith("#"), "only references within the page: " + reference.group());
        }
        assertTrue(html.contains("Content-Security-Policy"));
        // times in UTC ISO-8601 by default: the first learned capture time of ModbusTCP.pcap
        assertTrue(html.contains("2012-11-12T11:03:00.264Z"), "UTC capture times");
    }

    @Test
    void localTimeShowsTheZoneOffset() throws Exception {
        BaselineReport.Content content;
        try (BaselineStore store = BaselineStore.open(database)) {
            content = BaselineReport.read(store, OptionalLong.empty());
        }
        String berlin = BaselineReport.render(content, new ReportTimes(ZoneId.of("Europe/Berlin")));
        assertTrue(berlin.contains("2012-11-12T12:03:00.264+01:00"), "ModbusTCP.pcap's first packet in Berlin time");
        assertFalse(berlin.contains("2012-11-12T11:03:00.264Z"));
        assertTrue(berlin.contains("times in Europe/Berlin"));
        // the option reaches the command (the JVM's zone is whatever the machine has; UTC gives Z)
        Path local = report("local.html", "--local-time");
        String html = Files.readString(local);
        assertTrue(html.contains("times in " + ZoneId.systemDefault().getId())
                || (ZoneId.systemDefault().normalized().getId().equals("Z") && html.contains("times in UTC")), html.substring(0, 2000));
    }

    @Test
    void snapshotOptionChoosesTheSnapshot() throws Exception {
        Path copy = directory.resolve("two-snapshots.db");
        Files.deleteIfExists(copy);
        long second;
        try (BaselineStore store = BaselineStore.open(copy)) {
            ReportDatabase.learn(store, List.of("modbus/ModbusTCP.pcap"));
            second = ReportDatabase.learn(store, List.of("s7comm/s7comm_clean.pcap"));
        }
        Path first = directory.resolve("snapshot1.html");
        Object[] result = otb("report", "--db", copy.toString(), "--snapshot", "1", "-o", first.toString());
        assertEquals(0, result[0], (String) result[1]);
        String html = Files.readString(first);
        assertTrue(html.contains("snapshot 1 \u00b7"), "describes snapshot 1");
        assertTrue(html.contains("141.81.0.10") && !html.contains("192.168.0.21"), "with snapshot 1's assets only");
        Path newest = directory.resolve("newest.html");
        result = otb("report", "--db", copy.toString(), "-o", newest.toString());
        assertEquals(0, result[0], (String) result[1]);
        assertTrue(Files.readString(newest).contains("snapshot " + second + " \u00b7"), "the newest by default");

        result = otb("report", "--db", copy.toString(), "--snapshot", "9", "-o", first.toString());
        assertEquals(3, result[0]);
        assertOneLine((String) result[1], "no snapshot 9");
    }

    @Test
    void badInputGivesTheDocumentedExitCodeAndOneLine() throws Exception {
        Path out = directory.resolve("bad.html");
        Object[] result = otb("report", "--db", directory.resolve("missing.db").toString(), "-o", out.toString());
        assertEquals(3, result[0]);
        assertOneLine((String) result[1], "missing.db");

        result = otb("report", "--db", ReportDatabase.PCAPS.resolve("modbus/ModbusTCP.pcap").toString(), "-o",
                out.toString());
        assertEquals(3, result[0], "a capture is not a database");
        assertOneLine((String) result[1], "ModbusTCP.pcap");

        Path empty = directory.resolve("empty.db");
        Files.deleteIfExists(empty);
        BaselineStore.open(empty).close();
        result = otb("report", "--db", empty.toString(), "-o", out.toString());
        assertEquals(3, result[0], "a database without a baseline");
        assertOneLine((String) result[1], "otb learn");

        result = otb("report", "--db", database.toString(), "-o", directory.resolve("no/such/dir/r.html").toString());
        assertEquals(3, result[0]);
        assertOneLine((String) result[1], "cannot write");

        Path emptyDirectory = directory.resolve("an-empty-directory");
        Files.createDirectories(emptyDirectory);
        result = otb("report", "--db", database.toString(), "-o", emptyDirectory.toString());
        assertEquals(3, result[0]);
        assertOneLine((String) result[1], "is a directory");
        assertTrue(Files.isDirectory(emptyDirectory), "the directory is left alone");

        result = otb("report", "--db", database.toString());
        assertEquals(2, result[0], "missing -o");
        assertOneLine((String) result[1], "--output");

        result = otb("report", "--db", database.toString(), "--snapshot", "0", "-o", out.toString());
        assertEquals(2, result[0]);
        assertOneLine((String) result[1], "--snapshot");
        assertFalse(Files.exists(out), "nothing written on errors");
    }

    private static void assertOneLine(String stderr, String expected) {
        assertEquals(1, stderr.strip().lines().count(), "one line: " + stderr);
        assertTrue(stderr.startsWith("otb: "), stderr);
        assertTrue(stderr.contains(expected), stderr);
        assertFalse(stderr.contains("Exception"), stderr);
    }

    @Test
    void hostileDeviceIdentityFromTheWireStaysText() throws Exception {
        Path capture = SyntheticCaptures.hostile(directory.resolve("hostile.pcap"));
        Path hostileDatabase = directory.resolve("hostile.db");
        Files.deleteIfExists(hostileDatabase);
        try (BaselineStore store = BaselineStore.open(hostileDatabase)) {
            ReportDatabase.learn(store, List.of("modbus/modbus_test_data_part1.pcap",
                    capture.toString()));
            Asset server = store.loadLatest().baseline().assets().stream()
                    .filter(asset -> asset.address().toString().equals(SyntheticCaptures.SERVER)).findFirst().orElseThrow();
            // the strings came through the dissector and the learner into the database
            assertTrue(server.identity().containsValue(SyntheticCaptures.VENDOR), server.identity().toString());
            assertTrue(server.identity().containsValue(SyntheticCaptures.PRODUCT), server.identity().toString());
            assertTrue(server.identity().containsValue(SyntheticCaptures.REVISION), server.identity().toString());
        }
        Path html = directory.resolve("hostile.html");
        Object[] result = otb("report", "--db", hostileDatabase.toString(), "-o", html.toString());
        assertEquals(0, result[0], (String) result[1]);
        String text = Files.readString(html);
        for (String hostile : List.of(SyntheticCaptures.VENDOR, SyntheticCaptures.PRODUCT, SyntheticCaptures.REVISION)) {
            assertFalse(text.contains(hostile), "raw: " + hostile);
            assertTrue(text.contains(Html.text(hostile)), "escaped: " + hostile);
        }
        Chromium.Run run = Chromium.find().dumpDom(html);
        assertEquals(List.of(), run.consoleMessages());
        String dom = run.stdout();
        assertEquals(0, countOf(dom, "<script"), "no script element came from the wire");
        assertEquals(0, countOf(dom, "<img"), "no image element came from the wire");
        assertEquals(0, countOf(dom, "<svg onload"), "no handler came from the wire");
        assertTrue(dom.contains("&lt;script&gt;alert('vendor')&lt;/script&gt;"), "the identity shows as text");
        assertNotEquals(-1, dom.indexOf("data-address=\"" + SyntheticCaptures.SERVER + "\""), "the hostile server is drawn");
    }

    static int countOf(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }
}
