package otb.baseline.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import otb.baseline.model.FingerprintSet;
import otb.baseline.model.ValueSummary;

/**
 * Detection keeps a point's recent window fingerprints in {@link RecentWindows}, laid out for one
 * cache line per lookup: it must answer every add as learning's {@link FingerprintSet} of the same
 * capacity does (which fingerprints repeat, through generations forgotten), or replays would be
 * told differently.
 */
class RecentWindowsTest {

    /**
     * Fingerprints from a pool small enough to repeat across generations, with zero, values that
     * fold to zero (high half equal to the low half) and values folding alike (1 and those).
     */
    @Provide
    Arbitrary<List<Long>> fingerprints() {
        Arbitrary<Long> pooled = Arbitraries.integers().between(0, 400).map(i -> i * 0x9E3779B97F4A7C15L);
        Arbitrary<Long> foldingToZero = Arbitraries.integers().map(i -> ((long) i << 32) | (i & 0xFFFF_FFFFL));
        Arbitrary<Long> any = Arbitraries.longs();
        Arbitrary<Long> fingerprint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, pooled), net.jqwik.api.Tuple.of(2, foldingToZero),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, 1L)), net.jqwik.api.Tuple.of(4, any));
        return fingerprint.list().ofMinSize(0).ofMaxSize(1_500);
    }

    @Property(tries = 200)
    void answersAsTheFingerprintSet(@ForAll("fingerprints") List<Long> fingerprints) {
        FingerprintSet learning = new FingerprintSet(ValueSummary.FINGERPRINTS);
        RecentWindows recent = new RecentWindows();
        for (int i = 0; i < fingerprints.size(); i++) {
            long fingerprint = fingerprints.get(i);
            assertEquals(learning.add(fingerprint), recent.add(fingerprint),
                    "add #" + i + " of " + Long.toHexString(fingerprint));
        }
    }
}
