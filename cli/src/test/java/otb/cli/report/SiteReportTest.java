package otb.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SiteBatch;
import otb.baseline.store.StoredModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otb report} on a site database: each cell's map says which sensors see it. Three sensors
 * learn real captures with {@code otb learn} (two of them the same capture: overlapping mirror
 * ports); their baselines are merged into a site database as the hub does; the cells each sensor
 * learned, read from its own database, must be the cells the report attributes to it.
 */
class SiteReportTest {
    private static final Pattern CELL = Pattern.compile("<div class=\"cell-map\" id=\"cell-\\d+\" data-cell=\"([^\"]*)\""
            + "(?: data-sensors=\"([^\"]*)\")?>");

    @TempDir
    Path dir;

    private Set<String> learn(String sensor, String capture, List<SiteBatch.SensorBaseline> into) throws Exception {
        Path db = dir.resolve(sensor + ".db");
        Object[] learned = ReportCommandTest.otb("learn", capture, "--db", db.toString());
        assertEquals(0, learned[0], (String) learned[1]);
        try (BaselineStore store = BaselineStore.open(db)) {
            StoredModel model = store.storedModel(store.latestSnapshotId().getAsLong());
            into.add(new SiteBatch.SensorBaseline(sensor, 1, 1, model.cellsText(), model.modelFormat(), model.model()));
            return new TreeSet<>(model.snapshot().baseline().cells().keySet());
        }
    }

    private static Map<String, String> cells(String html) {
        Map<String, String> cells = new TreeMap<>();
        Matcher matcher = CELL.matcher(html);
        while (matcher.find()) {
            cells.put(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2));
        }
        return cells;
    }

    private String report(Path db) throws Exception {
        Path html = dir.resolve(db.getFileName() + ".html");
        Object[] report = ReportCommandTest.otb("report", "--db", db.toString(), "-o", html.toString());
        assertEquals(0, report[0], (String) report[1]);
        return Files.readString(html, StandardCharsets.UTF_8);
    }

    @Test
    void eachCellsMapNamesTheSensorsThatSeeIt() throws Exception {
        List<SiteBatch.SensorBaseline> baselines = new ArrayList<>();
        Set<String> modbusCells = learn("line1", "fixtures/pcaps/modbus/ModbusTCP.pcap", baselines);
        Set<String> mirrorCells = learn("line1-mirror", "fixtures/pcaps/modbus/ModbusTCP.pcap", baselines);
        Set<String> s7Cells = learn("press", "fixtures/pcaps/s7comm/s7comm_clean.pcap", baselines);
        assertEquals(modbusCells, mirrorCells);
        assertTrue(!modbusCells.isEmpty() && !s7Cells.isEmpty());
        assertFalse(modbusCells.containsAll(s7Cells), "the captures are of other cells: " + modbusCells + " " + s7Cells);
        Path site = dir.resolve("site.db");
        try (BaselineStore store = BaselineStore.open(site)) {
            assertTrue(store.applySite(new SiteBatch(List.of(), baselines, List.of()), "test").snapshot() > 0);
        }

        String html = report(site);
        Map<String, String> shown = cells(html);
        assertFalse(shown.isEmpty(), "the report has cell maps");
        for (Map.Entry<String, String> cell : shown.entrySet()) {
            List<String> expected = new ArrayList<>();
            if (modbusCells.contains(cell.getKey())) {
                expected.add("line1");
                expected.add("line1-mirror");
            }
            if (s7Cells.contains(cell.getKey())) {
                expected.add("press");
            }
            assertEquals(String.join(",", new TreeSet<>(expected)), cell.getValue(), "sensors of cell " + cell.getKey());
        }
        assertTrue(shown.keySet().containsAll(modbusCells) && shown.keySet().containsAll(s7Cells), shown.toString());
        assertTrue(html.contains("Seen by sensors line1, line1-mirror"), "a cell two mirror ports see lists both");

        // a sensor's own database: no sensors line, no attribution
        String own = report(dir.resolve("press.db"));
        assertFalse(own.contains("class=\"cell-sensors\"") || own.contains("data-sensors="), "no sensors on a sensor's report");
        assertFalse(cells(own).isEmpty());
    }
}
