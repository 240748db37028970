package otb.baseline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import otb.capture.IpAddress;
import otb.dissect.Protocols;
import org.junit.jupiter.api.Test;

/** The bounded co-movement summary: at most PARTNERS partners, the most frequent kept, merge adds. */
class PointCorrelationTest {
    private static PointKey point(long address) {
        return new PointKey(IpAddress.parse("10.10.1.21"), Protocols.named("modbus").orElseThrow(), 1,
                "input_register", address);
    }

    @Test
    void keepsThePartnersThatMoveTogetherMostWithinItsBudget() {
        PointCorrelation correlation = new PointCorrelation();
        for (int round = 0; round < 50; round++) {
            correlation.together(point(1));
            correlation.together(point(2));
        }
        // a stream of one-off partners passes through the least counted slots only (space-saving
        // overestimates them by what they inherit: 40 of them share two slots, about 20 each)
        for (int noise = 100; noise < 140; noise++) {
            correlation.together(point(noise));
        }
        List<PointCorrelation.Partner> partners = correlation.partners();
        assertEquals(PointCorrelation.PARTNERS, partners.size());
        assertEquals(point(1), partners.get(0).point());
        assertEquals(point(2), partners.get(1).point());
        assertEquals(50, partners.get(0).together());
        assertTrue(partners.get(2).together() < 50, partners.toString());
        // merging adds the counts of the same partners
        PointCorrelation other = new PointCorrelation();
        other.together(point(2), 70);
        correlation.merge(other);
        assertEquals(new PointCorrelation.Partner(point(2), 120), correlation.partners().get(0));
    }

    @Test
    void changesWithinTheWindowOfOneServerPairUp() {
        PointCorrelations correlations = new PointCorrelations();
        long second = 1_000_000_000L;
        correlations.changed(point(1), 10 * second, 100);
        correlations.changed(point(2), 11 * second, 100);
        // 3 s after point 2: outside the 2 s window of both
        correlations.changed(point(3), 14 * second, 100);
        assertEquals(List.of(new PointCorrelation.Partner(point(2), 1)), correlations.of(point(1)).partners());
        assertEquals(List.of(new PointCorrelation.Partner(point(1), 1)), correlations.of(point(2)).partners());
        assertTrue(correlations.of(point(3)).partners().isEmpty());
        assertEquals(1, correlations.of(point(3)).changes());
        // no more servers than the budget are followed
        PointCorrelations bounded = new PointCorrelations();
        bounded.changed(point(1), second, 0);
        assertTrue(bounded.all().isEmpty());
    }

    @Test
    void aPointThatChangesAtEveryPollMovesOncePerWindow() {
        PointCorrelations correlations = new PointCorrelations();
        long ms = 1_000_000L;
        // point 1 changes every 500 ms: movements at 0 and 2,000 ms, the changes between belong to them
        for (long at = 0; at <= 2_500; at += 500) {
            correlations.changed(point(1), at * ms, 100);
            if (at == 500 || at == 2_500) {
                correlations.changed(point(2), (at + 100) * ms, 100); // point 2 moves at 600 and 2,600 ms
            }
        }
        // 600 ms pairs with 0; 2,000 with 600; 2,600 with 2,000 (0 is 2.6 s before it, outside the window)
        assertEquals(List.of(new PointCorrelation.Partner(point(2), 3)), correlations.of(point(1)).partners());
        assertEquals(List.of(new PointCorrelation.Partner(point(1), 3)), correlations.of(point(2)).partners());
        assertEquals(6, correlations.of(point(1)).changes(), "every change is counted, movements or not");
        // time running backwards (frames out of order) stays within the movement
        correlations.changed(point(2), 1_000 * ms, 100);
        assertEquals(3, correlations.of(point(2)).partners().get(0).together());
    }

    @Test
    void aStoredCorrelationLearnsOnAfterItIsReadBack() throws Exception {
        long second = 1_000_000_000L;
        Baseline learned = new Baseline();
        for (int round = 0; round < 3; round++) {
            learned.correlations.changed(point(1), 10 * round * second, 100);
            learned.correlations.changed(point(2), (10 * round + 1) * second, 100);
        }
        Baseline decoded = BaselineCodec.decode(BaselineCodec.encode(learned), BaselineLimits.defaults());
        assertEquals(List.of(new PointCorrelation.Partner(point(2), 3)), decoded.correlations.of(point(1)).partners());
        // the correlation read back is the one the point's later changes count in
        for (Baseline baseline : List.of(learned, decoded)) {
            baseline.correlations.changed(point(1), 100 * second, 100);
            baseline.correlations.changed(point(2), 101 * second, 100);
        }
        assertEquals(List.of(new PointCorrelation.Partner(point(2), 4)), decoded.correlations.of(point(1)).partners());
        assertEquals(List.of(new PointCorrelation.Partner(point(1), 4)), decoded.correlations.of(point(2)).partners());
        assertEquals(4, decoded.correlations.of(point(2)).changes());
        assertEquals(java.util.HexFormat.of().formatHex(BaselineCodec.encode(learned)),
                java.util.HexFormat.of().formatHex(BaselineCodec.encode(decoded)));
    }
}
