package otb.baseline.model;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The exact sum's cost per value and its square, against a plain double sum. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExactSumBench {
    @Param({"register", "float"})
    String values;

    private final double[] sequence = new double[1024];
    private ExactSum sum;
    private ExactSum squares;
    private double plain;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < sequence.length; i++) {
            sequence[i] = values.equals("register") ? random.nextInt(65536) : 230.0 + random.nextGaussian();
        }
        sum = new ExactSum();
        squares = new ExactSum();
    }

    @Benchmark
    @OperationsPerInvocation(1024)
    public void exactValueAndSquare() {
        for (double v : sequence) {
            sum.add(v);
            squares.addSquare(v);
        }
    }

    @Benchmark
    @OperationsPerInvocation(1024)
    public double plainDoubleSums() {
        double s = plain;
        double q = 0;
        for (double v : sequence) {
            s += v;
            q += v * v;
        }
        plain = s;
        return s + q;
    }
}
