package otb.baseline.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.IntCountsHistogram;

/**
 * A streaming, mergeable distribution of durations (polling intervals or request→response
 * latencies) in microseconds, kept in an auto-resizing HdrHistogram with two significant
 * digits: constant memory per summary, exact merges, percentiles within 1%.
 */
public final class TimingSummary {
    /** Two significant decimal digits: values within 1% of the truth. */
    static final int SIGNIFICANT_DIGITS = 2;

    /**
     * Counts per sub-bucket of a two-digit histogram whose lowest value is 1 (HdrHistogram: 2 × 10²
     * rounded up to a power of two): the first bucket has counts for 0 to 255, each further bucket
     * doubles the range.
     */
    private static final long SUB_BUCKETS = 256;

    private IntCountsHistogram histogram;

    public TimingSummary() {
        histogram = new IntCountsHistogram(SIGNIFICANT_DIGITS);
    }

    private TimingSummary(IntCountsHistogram histogram) {
        this.histogram = histogram;
    }

    /** Records one duration given in nanoseconds (negative durations are ignored). */
    public void recordNanos(long nanos) {
        if (nanos >= 0) {
            long micros = Math.max(1, nanos / 1000);
            if (micros > covered(histogram.getHighestTrackableValue())) {
                grow(micros);
            }
            histogram.recordValue(micros);
        }
    }

    /**
     * The largest value a histogram with this highest trackable value has counts for: HdrHistogram
     * sizes its counts from it, whether set by the constructor, a merge or a resize.
     */
    static long covered(long highestTrackable) {
        long top = SUB_BUCKETS;
        while (top <= highestTrackable && top > 0) {
            top <<= 1;
        }
        return top - 1;
    }

    /**
     * Makes room for {@code micros} as the histogram's own auto-resize does when a value falls
     * outside its counts (counts up to {@link #covered}{@code (micros)}, that as its highest
     * trackable value: the same encoding), but without the exception it grows by: about 900
     * exceptions, each deoptimising the compiled learning code, took 2-4% of the CPU samples of
     * {@code otb learn} of the big plant (bench/README.md, per-value learning, flatter).
     */
    private void grow(long micros) {
        IntCountsHistogram grown = new IntCountsHistogram(1, covered(micros), SIGNIFICANT_DIGITS);
        grown.setAutoResize(true);
        grown.add(histogram);
        histogram = grown;
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** Median in microseconds, 0 when empty. */
    public long medianMicros() {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(50);
    }

    /** Percentile (0..100) in microseconds, 0 when empty. */
    public long percentileMicros(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    public long maxMicros() {
        return count() == 0 ? 0 : histogram.getMaxValue();
    }

    public long minMicros() {
        return count() == 0 ? 0 : histogram.getMinValue();
    }

    /**
     * Median absolute deviation from the median, in microseconds: the spread that single late
     * or early polls do not inflate.
     */
    public long madMicros() {
        if (count() == 0) {
            return 0;
        }
        long median = medianMicros();
        List<long[]> deviations = new ArrayList<>();
        for (HistogramIterationValue value : histogram.recordedValues()) {
            long representative = histogram.medianEquivalentValue(value.getValueIteratedTo());
            deviations.add(new long[] {Math.abs(representative - median), value.getCountAtValueIteratedTo()});
        }
        deviations.sort((a, b) -> Long.compare(a[0], b[0]));
        long half = (count() + 1) / 2;
        long seen = 0;
        for (long[] deviation : deviations) {
            seen += deviation[1];
            if (seen >= half) {
                return deviation[0];
            }
        }
        return 0;
    }

    /**
     * The distribution for drawing: {value in microseconds, count} pairs in increasing value,
     * one per histogram bucket that holds observations (values within 1%).
     */
    public List<long[]> distribution() {
        List<long[]> buckets = new ArrayList<>();
        for (HistogramIterationValue value : histogram.recordedValues()) {
            buckets.add(new long[] {histogram.medianEquivalentValue(value.getValueIteratedTo()),
                    value.getCountAtValueIteratedTo()});
        }
        return buckets;
    }

    /** Adds the other summary's observations to this one. */
    public void merge(TimingSummary other) {
        histogram.add(other.histogram);
    }

    public TimingSummary copy() {
        return new TimingSummary(histogram.copy());
    }

    /** Compressed HdrHistogram encoding. */
    byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity() + 64);
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }

    static TimingSummary decode(byte[] bytes) throws DataFormatException {
        AbstractHistogram decoded = IntCountsHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 2);
        IntCountsHistogram histogram = new IntCountsHistogram(SIGNIFICANT_DIGITS);
        histogram.add(decoded);
        return new TimingSummary(histogram);
    }

    @Override
    public String toString() {
        return "median " + medianMicros() + " us, MAD " + madMicros() + " us, n " + count();
    }
}
