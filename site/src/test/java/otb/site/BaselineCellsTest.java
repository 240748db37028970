package otb.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import otb.baseline.cells.Cells;
import otb.baseline.diff.BaselineDiff;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCells;
import otb.baseline.model.BaselineCodec;
import otb.baseline.model.BaselineLimits;
import otb.baseline.model.Conversation;
import otb.baseline.model.PointKey;
import otb.baseline.store.BaselineStore;
import otb.dissect.DissectorConfig;
import otb.runtime.OfflineLearning;

/**
 * The per-cell cut a sensor publishes its baseline in ({@link BaselineCells}): on baselines learned
 * from real captures (the demo plant with its cells file, and captures of other protocols with
 * automatic cells), the parts merged in any order, each through the snapshot codec as the hub
 * receives them, are exactly the whole: the same encoded model byte for byte as the whole merged
 * whole, and no learned fact different from the whole as learned ({@link BaselineDiff}). Each part holds only its own cell's objects.
 */
class BaselineCellsTest {
    private static Path directory;
    /** Learned baselines by capture. */
    private static final Map<String, Baseline> learned = new LinkedHashMap<>();

    @BeforeContainer
    static void learnCaptures() throws Exception {
        directory = Files.createTempDirectory("otb-cells");
        learned.put("demo", learn(SiteSensors.LEARN, Cells.load(SiteSensors.CELLS)));
        learned.put("modbus", learn(Path.of("fixtures/pcaps/modbus/ModbusTCP.pcap"), Cells.automatic()));
        learned.put("s7comm", learn(Path.of("fixtures/pcaps/s7comm/s7comm_clean.pcap"), Cells.automatic()));
        learned.put("dnp3", learn(Path.of("fixtures/pcaps/dnp3/dnp3_test_data_part1.pcap"), Cells.automatic()));
        learned.put("enip", learn(Path.of("fixtures/pcaps/enip/cip-multiple-1.pcap"), Cells.automatic()));
        for (Map.Entry<String, Baseline> entry : learned.entrySet()) {
            if (entry.getValue().messages() == 0 || entry.getValue().assets().isEmpty()) {
                throw new AssertionError(entry.getKey() + " learned nothing");
            }
        }
    }

    @AfterContainer
    static void removeDatabases() throws Exception {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Baseline learn(Path capture, Cells cells) throws Exception {
        Path database = Files.createTempFile(directory, "learn", ".db");
        Files.delete(database);
        try (BaselineStore store = BaselineStore.open(database)) {
            OfflineLearning learning = OfflineLearning.start(store, cells, true);
            learning.read(List.of(capture), DissectorConfig.defaults(), null);
            return learning.baseline();
        }
    }

    @Provide
    Arbitrary<String> capture() {
        return Arbitraries.of(List.copyOf(learned.keySet()));
    }

    @Property(tries = 20)
    void thePartsMergedInAnyOrderAreExactlyTheWhole(@ForAll("capture") String capture, @ForAll long seed)
            throws Exception {
        Baseline whole = learned.get(capture);
        List<byte[]> encoded = new ArrayList<>();
        for (Baseline part : BaselineCells.cut(whole).values()) {
            encoded.add(BaselineCodec.encode(part));
        }
        java.util.Collections.shuffle(encoded, new java.util.Random(seed));
        Baseline merged = new Baseline();
        for (byte[] part : encoded) {
            merged.merge(BaselineCodec.decode(part, BaselineLimits.defaults()));
        }
        // byte for byte as the whole merged once, what a hub held of a sensor that sent its
        // baseline whole (merging a value summary into an empty one can re-encode its exact sums
        // differently, a few bytes; the learned facts compared next are the whole's)
        assertArrayEquals(BaselineCodec.encode(whole.copy()), BaselineCodec.encode(merged), capture + ": encoded model");
        BaselineDiff forward = BaselineDiff.compare(whole, merged);
        BaselineDiff backward = BaselineDiff.compare(merged, whole);
        assertTrue(forward.isEmpty() && backward.isEmpty(), capture + ": " + forward.counts() + " " + backward.counts());
        assertEquals(whole.messages(), merged.messages(), capture);
    }

    @Property(tries = 10)
    void eachPartHoldsOnlyItsCell(@ForAll("capture") String capture) {
        Baseline whole = learned.get(capture);
        SortedMap<String, Baseline> parts = BaselineCells.cut(whole);
        assertEquals(new java.util.TreeSet<>(whole.cells().keySet()),
                new java.util.TreeSet<>(parts.keySet().stream().filter(c -> !c.isEmpty()).toList()),
                capture + ": a part per cell");
        long messages = 0;
        int assets = 0;
        int conversations = 0;
        int points = 0;
        for (Map.Entry<String, Baseline> part : parts.entrySet()) {
            String cell = part.getKey();
            messages += part.getValue().messages();
            for (Asset asset : part.getValue().assets()) {
                assertEquals(cell, asset.cell(), capture + ": asset " + asset.address());
            }
            assets += part.getValue().assets().size();
            for (Conversation conversation : part.getValue().conversations()) {
                assertEquals(cell, conversation.serverCell(), capture + ": conversation " + conversation.key());
            }
            conversations += part.getValue().conversations().size();
            for (PointKey point : part.getValue().points().keySet()) {
                Asset server = whole.asset(point.server());
                assertTrue(server == null || cell.equals(server.cell()), capture + ": point " + point + " in " + cell);
            }
            points += part.getValue().points().size();
            if (!cell.isEmpty()) {
                assertEquals(List.of(cell), List.copyOf(part.getValue().cells().keySet()), capture);
                assertEquals(0, part.getValue().messages(), capture + ": messages are sensor-wide");
            }
        }
        assertEquals(whole.messages(), messages, capture);
        assertEquals(whole.assets().size(), assets, capture);
        assertEquals(whole.conversations().size(), conversations, capture);
        assertEquals(whole.points().size(), points, capture);
    }

    @Example
    void theDemoPlantIsCutInItsFourCells() {
        SortedMap<String, Baseline> parts = BaselineCells.cut(learned.get("demo"));
        assertEquals(List.of("", "eng", "line1", "line2", "substation"), List.copyOf(parts.keySet()));
    }
}
