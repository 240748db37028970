package otb.baseline.model;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Learning one value into a point's summary, the baseline's innermost step: nanoseconds per
 * value for a plant of {@code points} points (1 fits in cache, 50,000 does not), values as the
 * simulator's registers move (noisy analog, constant, a 3-state enumeration) or as floats.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValueSummaryBench {
    private static final int VALUES = 4096;

    @Param({"1", "50000"})
    int points;

    @Param({"analog", "constant", "enumeration", "float"})
    String values;

    private ValueSummary[] summaries;
    private ValueSummary.Stream[] streams;
    private final double[] sequence = new double[VALUES];
    private long nanos;
    private int point;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(21);
        for (int i = 0; i < VALUES; i++) {
            sequence[i] = switch (values) {
                case "analog" -> Math.round(1000 + 80 * Math.sin(i / 50.0) + 6 * (2 * random.nextDouble() - 1));
                case "constant" -> 730;
                case "enumeration" -> (i / 40) % 3;
                default -> 230.0 + random.nextGaussian();
            };
        }
        summaries = new ValueSummary[points];
        streams = new ValueSummary.Stream[points];
        for (int p = 0; p < points; p++) {
            summaries[p] = new ValueSummary();
            streams[p] = new ValueSummary.Stream();
        }
    }

    /** One value into each of 125 consecutive points (one Modbus read response). */
    @Benchmark
    @OperationsPerInvocation(125)
    public void addResponse() {
        int first = point;
        long now = nanos += 1_000_000L;
        double[] s = sequence;
        int at = (int) (now / 1_000_000L) & (VALUES - 1);
        for (int k = 0; k < 125; k++) {
            int p = first + k;
            if (p >= points) {
                p -= points;
                if (p >= points) {
                    p %= points;
                }
            }
            summaries[p].add(s[(at + k) & (VALUES - 1)], now, false, streams[p], asking -> true);
        }
        point = (first + 125) % points;
    }

    /** Merging two learned summaries (a hub combining sensors' baselines). */
    @Benchmark
    public ValueSummary merge() {
        ValueSummary merged = summaries[0].copy();
        merged.merge(summaries[points - 1]);
        return merged;
    }
}
