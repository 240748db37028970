package otb.baseline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.Test;

/** The streaming summaries agree with exact statistics and merge exactly. */
class SummariesTest {

    @Test
    void timingMedianAndMadAgreeWithExactStatistics() {
        Random random = new Random(3);
        TimingSummary timing = new TimingSummary();
        DescriptiveStatistics exact = new DescriptiveStatistics();
        for (int i = 0; i < 5000; i++) {
            long micros = 100_000 + (long) (random.nextGaussian() * 5_000);
            timing.recordNanos(micros * 1000);
            exact.addValue(micros);
        }
        double median = exact.getPercentile(50);
        DescriptiveStatistics deviations = new DescriptiveStatistics();
        for (double v : exact.getValues()) {
            deviations.addValue(Math.abs(v - median));
        }
        assertEquals(median, timing.medianMicros(), median * 0.01);
        assertEquals(deviations.getPercentile(50), timing.madMicros(), 100 + deviations.getPercentile(50) * 0.02);
    }

    /** Learning's windows (in its streams' fields) fingerprint and vary exactly as detection's {@code ValueWindow}. */
    @Property(tries = 200)
    void learningWindowsHashAsDetectionWindows(
            @ForAll @Size(max = 60) java.util.List<@IntRange(min = -3, max = 3) Integer> steps) {
        ValueSummary.Stream stream = new ValueSummary.Stream();
        ValueSummary.ValueWindow window = new ValueSummary.ValueWindow();
        double value = 0.0;
        for (int step : steps) {
            value = step == -3 ? -0.0 : value + step * 0.5;
            long fingerprint = window.push(value);
            boolean full = stream.store(value);
            assertEquals(fingerprint != 0, full);
            if (full) {
                assertEquals(fingerprint, stream.fingerprint());
                assertEquals(window.varied(), stream.varied());
            }
        }
    }

    /**
     * A timing summary grows its histogram itself, without the exception HdrHistogram's
     * auto-resize grows by: the bytes stored stay those of the library's own growth, for values
     * learned afresh, after a merge, and after a stored summary is read back.
     */
    @Property(tries = 300)
    void timingGrowsAsTheLibraryWouldAndEncodesTheSame(
            @ForAll @Size(max = 40) java.util.List<@IntRange(min = 0, max = 62) Integer> magnitudes,
            @ForAll @IntRange(min = 0, max = 40) int split, @ForAll long seed) throws Exception {
        Random random = new Random(seed);
        long[] nanos = new long[magnitudes.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = random.nextLong() >>> 1 >>> (62 - magnitudes.get(i)) >>> 9; // up to ~9e15 ns
        }
        int cut = Math.min(split, nanos.length);
        TimingSummary first = new TimingSummary();
        org.HdrHistogram.IntCountsHistogram library = new org.HdrHistogram.IntCountsHistogram(2);
        for (int i = 0; i < cut; i++) {
            first.recordNanos(nanos[i]);
            library.recordValue(Math.max(1, nanos[i] / 1000));
        }
        assertEquals(java.util.HexFormat.of().formatHex(encode(library)),
                java.util.HexFormat.of().formatHex(first.encode()));
        // read back and merged, then more values: the library grows a merged histogram by its maximum
        TimingSummary decoded = TimingSummary.decode(first.encode());
        org.HdrHistogram.IntCountsHistogram libraryDecoded = new org.HdrHistogram.IntCountsHistogram(2);
        libraryDecoded.add(library);
        for (int i = cut; i < nanos.length; i++) {
            first.recordNanos(nanos[i]);
            library.recordValue(Math.max(1, nanos[i] / 1000));
            decoded.recordNanos(nanos[i]);
            libraryDecoded.recordValue(Math.max(1, nanos[i] / 1000));
        }
        assertEquals(java.util.HexFormat.of().formatHex(encode(library)),
                java.util.HexFormat.of().formatHex(first.encode()));
        assertEquals(java.util.HexFormat.of().formatHex(encode(libraryDecoded)),
                java.util.HexFormat.of().formatHex(decoded.encode()));
        assertEquals(library.getValueAtPercentile(50), first.count() == 0 ? 0 : first.medianMicros());
    }

    private static byte[] encode(org.HdrHistogram.IntCountsHistogram histogram) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(histogram.getNeededByteBufferCapacity() + 64);
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return java.util.Arrays.copyOf(buffer.array(), length);
    }

    @Test
    void timingMergeEqualsOneSummaryOfBoth() throws Exception {
        TimingSummary a = new TimingSummary();
        TimingSummary b = new TimingSummary();
        TimingSummary both = new TimingSummary();
        for (int i = 1; i <= 1000; i++) {
            (i % 3 == 0 ? a : b).recordNanos(i * 1_000_000L);
            both.recordNanos(i * 1_000_000L);
        }
        a.merge(b);
        assertEquals(both.count(), a.count());
        assertEquals(both.medianMicros(), a.medianMicros());
        assertEquals(both.madMicros(), a.madMicros());
        long total = 0;
        long previous = -1;
        for (long[] bucket : a.distribution()) {
            assertTrue(bucket[0] > previous, "increasing values");
            previous = bucket[0];
            total += bucket[1];
        }
        assertEquals(1000, total);
        TimingSummary decoded = TimingSummary.decode(a.encode());
        assertEquals(a.percentileMicros(99), decoded.percentileMicros(99));
    }

    @Property(tries = 200)
    void valueMergeEqualsOneSummaryOfBoth(@ForAll @Size(min = 2, max = 200) double[] values,
                                          @ForAll @IntRange(min = 0, max = 200) int split) {
        int cut = Math.min(split, values.length);
        ValueSummary first = new ValueSummary();
        ValueSummary second = new ValueSummary();
        ValueSummary whole = new ValueSummary();
        for (int i = 0; i < values.length; i++) {
            double v = Double.isFinite(values[i]) ? values[i] % 1e6 : 0;
            (i < cut ? first : second).add(v, i + 1);
            whole.add(v, i + 1);
        }
        first.merge(second);
        assertEquals(whole.count(), first.count());
        assertEquals(whole.min(), first.min());
        assertEquals(whole.max(), first.max());
        assertEquals(whole.mean(), first.mean(), 1e-6 * (1 + Math.abs(whole.mean())));
        assertEquals(whole.variance(), first.variance(), 1e-6 * (1 + whole.variance()));
        assertEquals(whole.distinctValues(), first.distinctValues());
    }

    @Test
    void behaviourClassification() {
        ValueSummary counter = new ValueSummary();
        ValueSummary analog = new ValueSummary();
        ValueSummary states = new ValueSummary();
        ValueSummary constant = new ValueSummary();
        ValueSummary sawtooth = new ValueSummary();
        Random random = new Random(1);
        for (int i = 0; i < 500; i++) {
            counter.add(i * 3, i);
            analog.add(20 + random.nextGaussian(), i);
            states.add(i % 3, i);
            constant.add(7, i);
            sawtooth.add(i % 10 * 1.5, i);
        }
        assertEquals(ValueBehaviour.COUNTER, counter.behaviour());
        assertEquals(ValueBehaviour.ANALOG, analog.behaviour());
        assertEquals(ValueBehaviour.ENUMERATION, states.behaviour());
        assertEquals(ValueBehaviour.CONSTANT, constant.behaviour());
        assertEquals(500, constant.longestRun());
        assertTrue(sawtooth.windowsRepeat(), "a periodic point repeats its windows");
        assertFalse(analog.windowsRepeat());
    }

    @Test
    void rangeSetMergesAndStaysBounded() {
        RangeSet set = new RangeSet();
        set.add(10, 5);
        set.add(15, 5);
        set.add(0, 2);
        assertEquals("0-1,10-19", set.toString());
        assertTrue(set.contains(12, 8));
        assertFalse(set.contains(12, 9));
        assertFalse(set.contains(2, 1));
        for (int i = 0; i < 1000; i++) {
            set.add(100 + i * 10L, 1);
        }
        assertEquals(RangeSet.MAX_INTERVALS, set.intervals().size());
        assertTrue(set.contains(100, 1) && set.contains(10_090, 1));
    }

    @Property(tries = 100)
    void fingerprintSetKeepsTheNewestAndForgetsTheOldest(@ForAll @IntRange(min = 1, max = 3000) int inserts) {
        FingerprintSet set = new FingerprintSet(256);
        for (long i = 1; i <= inserts; i++) {
            set.add(i * 0x9E3779B97F4A7C15L);
        }
        assertTrue(set.size() <= 256 && set.size() >= Math.min(inserts, 128), "size " + set.size());
        long[] kept = set.toArray();
        assertEquals(set.size(), kept.length);
        for (int k = 0; k < kept.length; k++) {
            // oldest first, and exactly the newest ones
            long expected = (inserts - kept.length + 1 + k) * 0x9E3779B97F4A7C15L;
            assertEquals((expected ^ (expected >>> 32)) & 0xFFFF_FFFFL, kept[k]);
        }
        for (long i = 1; i <= inserts; i++) {
            assertEquals(i > inserts - kept.length, set.contains(i * 0x9E3779B97F4A7C15L), "entry " + i);
        }
    }
}
