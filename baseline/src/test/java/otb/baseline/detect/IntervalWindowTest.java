package otb.baseline.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The timing rule compares the median of a signature's last intervals with its learned cycle;
 * {@link IntervalWindow} keeps them sorted as they come and go instead of sorting them per request.
 * Its median must be, after every interval, the middle of the last {@code capacity} intervals
 * sorted afresh: the cycle-deviation alerts depend on it.
 */
class IntervalWindowTest {

    /** Intervals from a small pool (so many are equal, as a steady poll's are) mixed with any. */
    @Provide
    Arbitrary<List<Long>> intervals() {
        Arbitrary<Long> pooled = Arbitraries.integers().between(1, 6).map(i -> i * 100_000_000L);
        Arbitrary<Long> any = Arbitraries.longs().between(1, 60_000_000_000L);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, pooled), net.jqwik.api.Tuple.of(1, any))
                .list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 500)
    void theMedianIsTheMiddleOfTheLastIntervalsSorted(@ForAll("intervals") List<Long> intervals,
                                                     @ForAll @IntRange(min = 1, max = 17) int capacity) {
        IntervalWindow window = new IntervalWindow(capacity);
        for (int i = 0; i < intervals.size(); i++) {
            window.add(intervals.get(i));
            long[] last = intervals.subList(Math.max(0, i + 1 - capacity), i + 1).stream()
                    .mapToLong(Long::longValue).toArray();
            Arrays.sort(last);
            assertEquals(last.length, window.count(), "count after " + (i + 1) + " intervals");
            assertEquals(last.length == capacity, window.full());
            assertEquals(last[last.length / 2], window.median(), "median after " + (i + 1) + " intervals");
        }
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new IntervalWindow(0));
    }
}
