package otb.site;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import otb.baseline.diff.BaselineDiff;
import otb.baseline.model.Baseline;
import otb.baseline.store.BaselineStore;
import otb.baseline.cells.Cells;
import otb.dissect.DissectorConfig;
import otb.runtime.OfflineLearning;

/**
 * What a hub relies on, at the level of learned facts ({@link BaselineDiff}: assets, conversations,
 * functions, ranges, timing, latency, values): merging baselines learned from parts of the demo
 * plant's real learning capture is commutative and associative, and the parts merged hold what
 * one learner of the whole capture holds. The parts split the capture by address pair, each
 * conversation wholly in one part, as sensors on different links see a plant. (A cut in time
 * instead loses the request/response pairs it cuts through: a response whose request is on the
 * other side carries values of no known point, so one value of a point can be missing. That is
 * the input, not the merge; a live sensor's checkpoints never cut its pipeline.)
 */
class BaselineMergeTest {
    private static final int PARTS = 4;
    private static Path directory;
    private static final List<Baseline> parts = new ArrayList<>();
    private static Baseline whole;

    @BeforeContainer
    static void learnParts() throws Exception {
        directory = Files.createTempDirectory("otb-merge");
        Cells cells = Cells.load(SiteSensors.CELLS);
        for (Path part : CaptureSplit.byAddressPair(SiteSensors.LEARN, PARTS, directory)) {
            Baseline learned = learn(part, cells);
            if (learned.messages() < 100) {
                throw new AssertionError(part + " holds too little traffic to test merging: " + learned.messages());
            }
            parts.add(learned);
        }
        whole = learn(SiteSensors.LEARN, cells);
    }

    @AfterContainer
    static void removeParts() throws Exception {
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

    private static Baseline merged(int... indices) {
        Baseline result = new Baseline();
        for (int index : indices) {
            result.merge(parts.get(index));
        }
        return result;
    }

    private static void sameFacts(Baseline expected, Baseline actual, String what) {
        BaselineDiff forward = BaselineDiff.compare(expected, actual);
        BaselineDiff backward = BaselineDiff.compare(actual, expected);
        assertTrue(forward.isEmpty() && backward.isEmpty(), what + ": " + forward.counts() + " "
                + forward.changes().stream().limit(5).toList());
    }

    @Provide
    Arbitrary<Integer> part() {
        return Arbitraries.integers().between(0, PARTS - 1);
    }

    @Property(tries = 16)
    void mergeIsCommutative(@ForAll("part") int a, @ForAll("part") int b) {
        sameFacts(merged(a, b), merged(b, a), "parts " + a + "+" + b + " vs " + b + "+" + a);
    }

    @Property(tries = 16)
    void mergeIsAssociative(@ForAll("part") int a, @ForAll("part") int b, @ForAll("part") int c) {
        Baseline left = merged(a, b);
        left.merge(parts.get(c));
        Baseline right = merged(b, c);
        Baseline grouped = new Baseline();
        grouped.merge(parts.get(a));
        grouped.merge(right);
        sameFacts(left, grouped, "(" + a + "+" + b + ")+" + c + " vs " + a + "+(" + b + "+" + c + ")");
    }

    @Property(tries = 8)
    void thePartsMergedInAnyOrderHoldTheFactsOfTheWhole(@ForAll("permutation") List<Integer> order) {
        sameFacts(whole, merged(order.stream().mapToInt(Integer::intValue).toArray()),
                "whole vs parts merged in order " + order);
    }

    @Provide
    Arbitrary<List<Integer>> permutation() {
        return Arbitraries.shuffle(List.of(0, 1, 2, 3));
    }
}
