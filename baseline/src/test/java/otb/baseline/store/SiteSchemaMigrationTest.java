package otb.baseline.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import otb.baseline.diff.BaselineDiff;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCells;
import otb.baseline.model.BaselineCodec;
import otb.baseline.model.BaselineLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site database of schema 4 (fixtures/site/site-schema4.db, written by the hub of that schema:
 * each sensor's whole baseline in one row) opens as schema 5: each whole baseline is the
 * sensor's sensor-wide part, the site merges as before, and a sensor that then publishes per
 * cell replaces it without counting anything twice. A merge decodes only the parts that changed.
 */
class SiteSchemaMigrationTest {
    private static final Path FIXTURE = Path.of("fixtures/site/site-schema4.db");

    @TempDir
    Path dir;

    private static Map<String, Object[]> rows(Path file) throws Exception {
        Map<String, Object[]> rows = new TreeMap<>();
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = sql.createStatement()) {
            boolean perCell;
            try (ResultSet columns = statement.executeQuery("SELECT count(*) FROM pragma_table_info('site_sensors')"
                    + " WHERE name = 'cell'")) {
                perCell = columns.next() && columns.getInt(1) == 1;
            }
            try (ResultSet result = statement.executeQuery("SELECT sensor, " + (perCell ? "cell" : "''")
                    + ", epoch, seq, cells, model_format, model FROM site_sensors")) {
                while (result.next()) {
                    rows.put(result.getString(1) + "/" + result.getString(2), new Object[] {result.getLong(3),
                            result.getLong(4), result.getString(5), result.getInt(6), result.getBytes(7)});
                }
            }
        }
        return rows;
    }

    private static int userVersion(Path file) throws Exception {
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = sql.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA user_version")) {
            return result.getInt(1);
        }
    }

    private static void sameFacts(Baseline expected, Baseline actual, String what) {
        BaselineDiff forward = BaselineDiff.compare(expected, actual);
        BaselineDiff backward = BaselineDiff.compare(actual, expected);
        assertTrue(forward.isEmpty() && backward.isEmpty(), what + ": " + forward.counts() + " " + backward.counts());
    }

    @Test
    void aSchema4SiteDatabaseMigratesAndMergesPerCellFromThere() throws Exception {
        Path file = dir.resolve("site.db");
        Files.copy(FIXTURE, file);
        assertEquals(4, userVersion(file));
        Map<String, Object[]> before = rows(file);
        assertEquals(List.of("line1/", "press/"), List.copyOf(before.keySet()));

        Baseline siteBefore;
        Map<String, List<String>> cellSensors;
        try (BaselineStore store = BaselineStore.open(file)) {
            siteBefore = store.loadLatest().baseline();
            cellSensors = store.siteCellSensors();
            assertEquals(List.of("line1", "press"), List.copyOf(store.siteSensors().keySet()));
        }
        assertEquals(5, userVersion(file));
        Map<String, Object[]> after = rows(file);
        assertEquals(before.keySet(), after.keySet(), "each whole baseline is its sensor's sensor-wide part");
        for (String key : before.keySet()) {
            for (int i = 0; i < 4; i++) {
                assertEquals(before.get(key)[i], after.get(key)[i], key + " column " + i);
            }
            assertArrayEquals((byte[]) before.get(key)[4], (byte[]) after.get(key)[4], key + " model");
        }
        assertEquals(List.of("line1"), cellSensors.get("line2"));

        // line1 publishes its baseline per cell, as a sensor of this otb does: the cells first, the
        // sensor-wide part (holding the cell list) last
        Object[] line1 = before.get("line1/");
        Baseline whole = BaselineCodec.decode((byte[]) line1[4], BaselineLimits.defaults());
        long epoch = (Long) line1[0];
        long seq = (Long) line1[1] + 1;
        List<SiteBatch.SensorBaseline> parts = new ArrayList<>();
        List<String> held = new ArrayList<>();
        SiteBatch.SensorBaseline sensorWide = null;
        for (Map.Entry<String, Baseline> part : BaselineCells.cut(whole).entrySet()) {
            if (part.getKey().isEmpty()) {
                continue;
            }
            held.add(part.getKey());
            parts.add(new SiteBatch.SensorBaseline("line1", part.getKey(), epoch, seq++, (String) line1[2],
                    BaselineCodec.FORMAT_VERSION, BaselineCodec.encode(part.getValue()), List.of()));
        }
        sensorWide = new SiteBatch.SensorBaseline("line1", "", epoch, seq++, (String) line1[2],
                BaselineCodec.FORMAT_VERSION, BaselineCodec.encode(BaselineCells.cut(whole).get("")), held);
        parts.add(sensorWide);
        assertEquals(List.of("eng", "line1", "line2", "substation"), held);
        try (BaselineStore store = BaselineStore.open(file)) {
            long decodedBefore = store.sitePartsDecoded();
            SiteBatch.Result result = store.applySite(new SiteBatch(List.of(), parts, List.of()), "t");
            assertEquals(0, result.staleBaselines());
            Baseline siteAfter = store.loadLatest().baseline();
            sameFacts(siteBefore, siteAfter, "the site before and after line1 published per cell");
            assertEquals(siteBefore.messages(), siteAfter.messages(), "nothing counted twice");
            assertEquals(cellSensors, store.siteCellSensors());
            assertEquals(parts.size() + 1, store.sitePartsDecoded() - decodedBefore, "line1's parts and press");

            // one cell changes: only it is decoded again
            SiteBatch.SensorBaseline again = parts.get(1);
            SiteBatch.SensorBaseline newer = new SiteBatch.SensorBaseline("line1", again.cell(), epoch, seq++,
                    again.cells(), again.modelFormat(), again.model(), List.of());
            long decoded = store.sitePartsDecoded();
            store.applySite(new SiteBatch(List.of(), List.of(newer), List.of()), "t");
            assertEquals(1, store.sitePartsDecoded() - decoded);
            sameFacts(siteBefore, store.loadLatest().baseline(), "after one cell again");

            // a sensor-wide part that no longer lists a cell drops the older part of that cell
            SiteBatch.SensorBaseline fewer = new SiteBatch.SensorBaseline("line1", "", epoch, seq++,
                    sensorWide.cells(), sensorWide.modelFormat(), sensorWide.model(), held.subList(0, 3));
            store.applySite(new SiteBatch(List.of(), List.of(fewer), List.of()), "t");
            assertTrue(store.siteCellSensors().get("substation") == null, store.siteCellSensors().toString());
        }
        Map<String, Object[]> perCell = rows(file);
        assertEquals(List.of("line1/", "line1/eng", "line1/line1", "line1/line2", "press/"),
                List.copyOf(perCell.keySet()));
    }
}
