package otb.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.baseline.cells.Cells;
import otb.baseline.model.TimingSummary;
import otb.baseline.store.BaselineStore;
import org.junit.jupiter.api.Test;

/** The report's parts: escaping, histogram bins, and the map layout of a cell too big for one column. */
class ReportPartsTest {

    @Test
    void escapingCoversMarkupQuotesAndControls() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", Html.text("<script>alert('x')</script>"));
        assertEquals("a &amp;amp; b &quot;c&quot;", Html.text("a &amp; b \"c\""));
        assertEquals("nul\uFFFD bell\uFFFD del\uFFFD c1\uFFFD tab\tnewline\n", Html.text("nul\0 bell\7 del\u007f c1\u0085 tab\tnewline\n"));
        assertEquals("plain", Html.text("plain"));
        assertEquals("lone \uFFFD and \uFFFD, pair \uD83D\uDE00 &lt;", Html.text("lone \uD800 and \uDC00, pair \uD83D\uDE00 <"));
        assertEquals("end \uFFFD", Html.text("end \uD800"));
        assertEquals("", Html.text(null));
    }

    @Test
    void histogramBinsHoldEveryIntervalAndTheMedianBinIsTheTallest() {
        TimingSummary timing = new TimingSummary();
        for (int i = 0; i < 90; i++) {
            timing.recordNanos(1_000_000_000L);                 // 1 s polls
        }
        for (int i = 0; i < 9; i++) {
            timing.recordNanos(1_500_000_000L);                 // a few late ones
        }
        timing.recordNanos(60_000_000_000L);                    // one gap of a minute
        CycleHistogram.Bins bins = CycleHistogram.bins(timing);
        double total = 0;
        int tallest = 0;
        for (int i = 0; i < bins.counts().length; i++) {
            total += bins.counts()[i];
            if (bins.counts()[i] > bins.counts()[tallest]) {
                tallest = i;
            }
        }
        assertEquals(99, total, 1e-9, "every interval up to the 99th percentile in a bar of the axis");
        assertEquals(0, tallest, "1 s is the axis start and the most frequent interval");
        assertEquals(90, bins.counts()[0], 1e-9);
        assertEquals(9, bins.counts()[CycleHistogram.BINS - 1], 1e-9, "1.5 s, the 99th percentile, ends the axis");
        assertEquals(1, bins.overflow(), 1e-9, "the minute-long gap lies beyond the axis, in its own bar");

        TimingSummary many = new TimingSummary();
        for (int i = 0; i < 10_000; i++) {
            many.recordNanos(2_000_000_000L + (i % 100) * 1_000_000L);
        }
        double sum = 0;
        CycleHistogram.Bins manyBins = CycleHistogram.bins(many);
        for (double count : manyBins.counts()) {
            sum += count;
        }
        sum += manyBins.overflow();
        assertEquals(10_000, sum, 1e-6, "quantile samples stand for equal shares of the intervals");
        String svg = CycleHistogram.svg(many, "cycle <of> \"x\"");
        assertTrue(svg.contains("aria-label=\"cycle &lt;of&gt; &quot;x&quot;\""), svg);
        assertEquals("", CycleHistogram.svg(new TimingSummary(), "empty"));
    }

    private static final Pattern NODE = Pattern.compile(
            "<g class=\"asset-node\" data-address=\"([^\"]*)\"><title>[^<]*</title><circle cx=\"([0-9.]+)\" cy=\"([0-9.]+)\"");

    @Test
    void aCellTooBigForOneColumnWrapsWithoutOverlappingLabels() throws Exception {
        Path directory = layoutDirectory();
        Path capture = SyntheticCaptures.manyServers(directory.resolve("forty-servers.pcap"), 40);
        Path database = freshDatabase("layout.db");
        String html;
        try (BaselineStore store = BaselineStore.open(database)) {
            ReportDatabase.learn(store, List.of(capture.toString()));
            html = BaselineReport.render(BaselineReport.read(store, OptionalLong.empty()), ReportTimes.utc());
        }
        Files.writeString(directory.resolve("layout.html"), html);
        int start = html.indexOf("data-cell=\"10.77.0.0/24\"");
        assertTrue(start > 0, "a map of the cell");
        String map = html.substring(start, html.indexOf("</svg>", start));
        Matcher size = Pattern.compile("viewBox=\"0 0 ([0-9.]+) ([0-9.]+)\"").matcher(map);
        assertTrue(size.find());
        double width = Double.parseDouble(size.group(1));
        double height = Double.parseDouble(size.group(2));

        List<double[]> nodes = new ArrayList<>();
        Set<String> addresses = new TreeSet<>();
        Matcher node = NODE.matcher(map);
        while (node.find()) {
            addresses.add(node.group(1));
            nodes.add(new double[] {Double.parseDouble(node.group(2)), Double.parseDouble(node.group(3))});
        }
        assertEquals(41, nodes.size(), "the client and forty servers");
        assertEquals(41, addresses.size());
        assertEquals(40, ReportCommandTest.countOf(map, "class=\"conversation-edge"));
        Set<Double> columns = new TreeSet<>();
        for (double[] xy : nodes) {
            columns.add(xy[0]);
            assertTrue(xy[0] - NetworkMap.NODE_RADIUS >= 0 && xy[0] + NetworkMap.NODE_RADIUS <= width, "inside: " + xy[0]);
            assertTrue(xy[1] - NetworkMap.NODE_RADIUS >= 0 && xy[1] + NetworkMap.NODE_RADIUS <= height, "inside: " + xy[1]);
        }
        int serverColumns = (40 + NetworkMap.MAX_ROWS_PER_COLUMN - 1) / NetworkMap.MAX_ROWS_PER_COLUMN;
        assertEquals(1 + serverColumns, columns.size(), "the servers wrap into " + serverColumns + " columns");
        // labels sit beside their node: two nodes closer than a label's width must be a row apart
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                double dx = Math.abs(nodes.get(i)[0] - nodes.get(j)[0]);
                double dy = Math.abs(nodes.get(i)[1] - nodes.get(j)[1]);
                assertTrue(dx >= NetworkMap.LABEL_WIDTH || dy >= NetworkMap.ROW_HEIGHT - 0.01,
                        "nodes " + i + " and " + j + " overlap: dx " + dx + ", dy " + dy);
            }
        }
        assertTrue(height <= NetworkMap.TOP + NetworkMap.MAX_ROWS_PER_COLUMN * NetworkMap.ROW_HEIGHT
                + NetworkMap.BOTTOM + NetworkMap.ROW_HEIGHT, "the map does not grow past a column's height: " + height);
    }

    @Test
    void aCellBeyondTheMapBoundGetsANoteInsteadOfAMap() throws Exception {
        Path directory = layoutDirectory();
        int servers = BaselineReport.MAX_MAP_ASSETS + 1;
        Path capture = SyntheticCaptures.manyServers(directory.resolve("many-servers.pcap"), servers);
        Path database = freshDatabase("huge.db");
        String html;
        try (BaselineStore store = BaselineStore.open(database)) {
            // one cell for the whole /16, so it holds more assets than a map may draw
            ReportDatabase.learn(store, List.of(capture.toString(), "dnp3/dnp3_example.pcap"),
                    Cells.parse("cell plant\n  cidr 10.77.0.0/16\ncell substation\n  cidr 10.10.20.0/24\n", "test"));
            html = BaselineReport.render(BaselineReport.read(store, OptionalLong.empty()), ReportTimes.utc());
        }
        assertEquals(1, ReportCommandTest.countOf(html, "class=\"note map-omitted\""), "the big cell's note");
        assertEquals(1, ReportCommandTest.countOf(html, "<svg class=\"network-map\""), "the DNP3 cell's map");
        assertEquals(2, ReportCommandTest.countOf(html, "class=\"asset-node\""), "master and outstation");
        assertEquals(servers + 3, ReportCommandTest.countOf(html, "class=\"asset-row\""), "all assets in the table");
    }

    @Test
    void anEmptyBaselineStillGivesAPage() throws Exception {
        Path database = freshDatabase("empty-baseline.db");
        String html;
        try (BaselineStore store = BaselineStore.open(database)) {
            store.saveSnapshot(new otb.baseline.model.Baseline(), Cells.automatic(), "learn", "nothing", OptionalLong.empty(), "");
            html = BaselineReport.render(BaselineReport.read(store, OptionalLong.empty()), ReportTimes.utc());
        }
        assertTrue(html.contains("The baseline holds no assets yet."));
        assertTrue(html.contains("No alerts in this database."));
        assertTrue(html.contains("No industrial conversations learned."));
        assertEquals(0, ReportCommandTest.countOf(html, "<svg class=\"network-map\""));
        assertTrue(html.endsWith("</html>\n"));
    }

    @Test
    void beyondTheBoundTheNewestAlertsAreShown() throws Exception {
        Path database = freshDatabase("many-alerts.db");
        int stored = BaselineReport.MAX_ALERTS + 2;
        try (BaselineStore store = BaselineStore.open(database)) {
            store.saveSnapshot(new otb.baseline.model.Baseline(), Cells.automatic(), "learn", "nothing", OptionalLong.empty(),
                    "");
            otb.baseline.alert.AlertSink sink = store.alertSink(OptionalLong.of(1));
            for (int i = 0; i < stored; i++) {
                long at = 1_700_000_000_000_000_000L + i * 1_000_000_000L;
                sink.accept(new otb.baseline.alert.Alert(String.format("%016x", i), otb.baseline.alert.AlertKind.NEW_ASSET,
                        otb.baseline.alert.Severity.MEDIUM, at, at, 1, "cell", "10.0.0." + (i % 250), "", "",
                        java.util.OptionalInt.empty(), "", List.of((long) i + 1), "test", "fact", "detail", "key" + i,
                        java.util.Map.of()));
            }
            sink.flush();
            BaselineReport.Content content = BaselineReport.read(store, OptionalLong.empty());
            assertTrue(content.moreAlerts());
            assertEquals(BaselineReport.MAX_ALERTS, content.alerts().size());
            assertEquals(String.format("%016x", 2), content.alerts().get(0).alert().id(), "the two oldest left out");
            assertEquals(String.format("%016x", stored - 1),
                    content.alerts().get(BaselineReport.MAX_ALERTS - 1).alert().id(), "the newest last");
            String html = BaselineReport.render(content, ReportTimes.utc());
            assertTrue(html.contains(BaselineReport.MAX_ALERTS + " alerts (the newest " + BaselineReport.MAX_ALERTS
                    + " shown)"), "the summary says so");
        }
    }

    /** This class's directory under target/, made if missing. */
    private static Path layoutDirectory() throws Exception {
        return Files.createDirectories(ReportCommandTest.targetDirectory().resolve("layout-test"));
    }

    /** A database file in {@link #layoutDirectory()} with no database there yet (nor its WAL or shm file). */
    private static Path freshDatabase(String name) throws Exception {
        Path directory = layoutDirectory();
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(directory.resolve(name + suffix));
        }
        return directory.resolve(name);
    }
}
