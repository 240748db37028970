package otb.baseline.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Value summaries merge exactly: in any order and grouping, and learning the conversations of a
 * point in two summaries then merging them gives, bit for bit, what learning them all in one
 * summary gives (what a hub merging sensors' baselines relies on).
 */
class ValueSummaryMergeTest {

    /** One observed value: which conversation's view of the point (0..3) and the value. */
    record Event(int stream, double value) {
    }

    @Provide
    Arbitrary<List<Event>> events() {
        Arbitrary<Double> values = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 6).map(Integer::doubleValue),
                Arbitraries.integers().between(-70_000, 70_000).map(Integer::doubleValue),
                Arbitraries.doubles().between(-1e6, 1e6).ofScale(9),
                Arbitraries.doubles().between(-1e-3, 1e-3).ofScale(12),
                Arbitraries.of(0.1, 0.2, 0.3, 1e300, -1e300, 1e-300, -0.0, 0.0, Double.MIN_VALUE,
                        Double.MAX_VALUE, -Double.MAX_VALUE, 9007199254740993.0));
        Arbitrary<Event> event = Combinators.combine(Arbitraries.integers().between(0, 3), values).as(Event::new);
        return event.list().ofMinSize(0).ofMaxSize(300);
    }

    /** Learns the events of the streams in {@code mask} (bit per stream), in order, into one summary. */
    private static ValueSummary learn(List<Event> events, int mask) {
        ValueSummary summary = new ValueSummary();
        ValueSummary.Stream[] streams = new ValueSummary.Stream[4];
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if ((mask & (1 << e.stream())) == 0) {
                continue;
            }
            if (streams[e.stream()] == null) {
                streams[e.stream()] = new ValueSummary.Stream();
            }
            summary.add(e.value(), 1_000_000L * (i + 1), e.stream() == 3 && i % 5 == 0, streams[e.stream()], asking -> true);
        }
        return summary;
    }

    @Property(tries = 300)
    void learningTwoHalvesAndMergingEqualsLearningTheWhole(@ForAll("events") List<Event> events,
                                                           @ForAll @IntRange(min = 0, max = 15) int firstHalf) {
        ValueSummary whole = learn(events, 0xF);
        ValueSummary merged = learn(events, firstHalf);
        merged.merge(learn(events, ~firstHalf & 0xF));
        assertSame(whole, merged);
    }

    @Property(tries = 200)
    void mergeIsCommutative(@ForAll("events") List<Event> a, @ForAll("events") List<Event> b) {
        ValueSummary ab = learn(a, 0xF);
        ab.merge(learn(b, 0xF));
        ValueSummary ba = learn(b, 0xF);
        ba.merge(learn(a, 0xF));
        assertSame(ab, ba);
    }

    @Property(tries = 200)
    void mergeIsAssociative(@ForAll("events") List<Event> a, @ForAll("events") List<Event> b,
                            @ForAll("events") List<Event> c) {
        ValueSummary left = learn(a, 0xF);
        left.merge(learn(b, 0xF));
        left.merge(learn(c, 0xF));
        ValueSummary bc = learn(b, 0xF);
        bc.merge(learn(c, 0xF));
        ValueSummary right = learn(a, 0xF);
        right.merge(bc);
        assertSame(left, right);
    }

    @Property(tries = 100)
    void storedAndReadBackIsTheSame(@ForAll("events") List<Event> events) throws Exception {
        Baseline baseline = new Baseline();
        ValueSummary learned = learn(events, 0xF);
        PointKey key = new PointKey(otb.capture.IpAddress.ipv4(0x0A00_0001), otb.dissect.modbus.ModbusProtocol.DESCRIPTOR, 1,
                "holding_register", 7);
        baseline.points.put(key, learned);
        Baseline decoded = BaselineCodec.decode(BaselineCodec.encode(baseline), BaselineLimits.defaults());
        assertSame(learned, decoded.points().get(key));
    }

    @Test
    void theMeanOfAMergeNoLongerDependsOnTheOrder() {
        // with Welford's running mean these three orders gave three different last bits
        double[] values = {0.1, 0.2, 0.3, 1e16, -1e16, 0.7};
        List<Double> means = new ArrayList<>();
        for (int rotation = 0; rotation < values.length; rotation++) {
            ValueSummary summary = new ValueSummary();
            for (int i = 0; i < values.length; i++) {
                summary.add(values[(i + rotation) % values.length], i);
            }
            means.add(summary.mean());
        }
        for (double mean : means) {
            assertEquals(Double.doubleToLongBits(means.get(0)), Double.doubleToLongBits(mean), means.toString());
        }
        assertEquals(1.3 / 6, means.get(0), 1e-15);
    }

    @Test
    void distinctValuesAreASetUntilThereAreTooMany() {
        ValueSummary a = new ValueSummary();
        for (int i = 20; i >= 0; i--) {
            a.add(i, i);
        }
        a.add(-0.0, 30);
        assertEquals(21, a.distinctValues());
        assertEquals(0.0, a.knownValues()[0]);
        assertEquals(20.0, a.knownValues()[20]);
        ValueSummary b = new ValueSummary();
        for (int i = 100; i < 112; i++) {
            b.add(i, i);
        }
        a.merge(b);
        assertEquals(-1, a.distinctValues(), "33 distinct values are too many");
        assertEquals(0, a.knownValues().length);
    }

    static void assertSame(ValueSummary expected, ValueSummary actual) {
        assertEquals(expected.count(), actual.count(), "count");
        assertEquals(bits(expected.min()), bits(actual.min()), "min");
        assertEquals(bits(expected.max()), bits(actual.max()), "max");
        assertEquals(bits(expected.largestStep()), bits(actual.largestStep()), "largest step");
        assertEquals(expected.sum().units(), actual.sum().units(), "exact sum");
        assertEquals(bits(expected.sum().infinite()), bits(actual.sum().infinite()), "infinite sum");
        assertEquals(expected.sumOfSquares().units(), actual.sumOfSquares().units(), "exact sum of squares");
        assertEquals(bits(expected.mean()), bits(actual.mean()), "mean");
        assertEquals(bits(expected.variance()), bits(actual.variance()), "variance");
        assertEquals(expected.distinctValues(), actual.distinctValues(), "distinct values");
        assertArrayEquals(expected.knownValues(), actual.knownValues(), "known values");
        assertEquals(expected.behaviour(), actual.behaviour(), "behaviour");
        assertEquals(expected.increases, actual.increases, "increases");
        assertEquals(expected.decreases, actual.decreases, "decreases");
        assertEquals(expected.longestRun(), actual.longestRun(), "longest run");
        assertEquals(expected.longestRunNanos(), actual.longestRunNanos(), "longest run time");
        assertEquals(expected.writes(), actual.writes(), "writes");
        assertEquals(expected.integral, actual.integral, "integral");
        assertEquals(expected.firstSeenNanos(), actual.firstSeenNanos(), "first seen");
        assertEquals(expected.lastSeenNanos(), actual.lastSeenNanos(), "last seen");
        // below the set's capacity (as here: at most 300 values) the fingerprints are the union
        assertArrayEquals(fingerprints(expected), fingerprints(actual), "window fingerprints");
    }

    private static long bits(double value) {
        return Double.doubleToLongBits(value);
    }

    private static long[] fingerprints(ValueSummary summary) {
        long[] all = summary.fingerprints == null ? new long[0] : summary.fingerprints.toArray();
        Arrays.sort(all);
        return all;
    }
}
