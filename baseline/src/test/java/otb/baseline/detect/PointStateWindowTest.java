package otb.baseline.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import otb.baseline.model.PointKey;
import otb.baseline.model.ValueSummary;
import otb.capture.IpAddress;
import otb.dissect.modbus.ModbusProtocol;

/**
 * Detection keeps a point's window of values and its learned values on its {@link PointState}
 * instead of asking the learned summary: it must hash windows exactly as learning's
 * {@link ValueSummary.ValueWindow} does (or a replay of a learned window goes unseen) and accept
 * exactly the values {@link ValueSummary#isKnownValue} knows.
 */
class PointStateWindowTest {
    private static final PointKey KEY = new PointKey(IpAddress.parse("10.0.0.1"), ModbusProtocol.DESCRIPTOR, 1,
            "holding_register", 7);

    /** Values with many repeats, both zeros, NaN and infinities: windows both flat and varied. */
    @Provide
    Arbitrary<List<Double>> values() {
        Arbitrary<Double> value = Arbitraries.oneOf(
                Arbitraries.of(0.0, -0.0, 1.0, 2.0, 3.0, 4.0, 5.0, Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, 1e-300, -7.5),
                Arbitraries.doubles().between(-1e9, 1e9));
        return value.list().ofMinSize(0).ofMaxSize(200);
    }

    /** A learned analog point whose windows never repeated: detection judges its replays. */
    private static PointState analogPoint() {
        ValueSummary learned = new ValueSummary();
        for (int i = 0; i < 200; i++) {
            learned.add(Math.sin(i * 0.37) * 100 + i * 0.001, i * 1_000_000_000L);
        }
        PointState state = new PointState(KEY, learned, DetectionConfig.defaults());
        assertTrue(state.judgeReplay, "the analog point's replays are judged");
        return state;
    }

    @Property(tries = 300)
    void windowFingerprintsAreLearningsFingerprints(@ForAll("values") List<Double> values) {
        PointState state = analogPoint();
        ValueSummary.ValueWindow learning = new ValueSummary.ValueWindow();
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            long expected = learning.push(v);
            assertEquals(expected, state.pushWindow(v), "fingerprint after value " + i + " of " + values);
            if (expected != 0) {
                assertEquals(learning.varied(), ValueSummary.ValueWindow.varied(state.window()), "variety after value " + i);
            }
        }
    }

    @Property(tries = 300)
    void knownValuesAreTheLearnedOnes(@ForAll("values") List<Double> learnedValues, @ForAll("values") List<Double> probes) {
        ValueSummary learned = new ValueSummary();
        // a few states, learned often enough to be judged
        for (int i = 0; i < 50; i++) {
            learned.add(learnedValues.isEmpty() ? 1.0 : learnedValues.get(i % Math.min(4, learnedValues.size())),
                    i * 1_000_000_000L);
        }
        PointState state = new PointState(KEY, learned, DetectionConfig.defaults());
        boolean knownValues = learned.distinctValues() >= 0 && learned.distinctValues() <= 4
                && learned.behaviour() != otb.baseline.model.ValueBehaviour.ANALOG
                && learned.behaviour() != otb.baseline.model.ValueBehaviour.COUNTER;
        for (double v : probes) {
            if (knownValues && state.judged && !Double.isNaN(v)) {
                assertEquals(!learned.isKnownValue(v), state.outside(v), "value " + v + " against " + learnedValues);
            }
        }
        for (double v : learned.knownValues()) {
            if (knownValues) {
                assertEquals(false, state.outside(v), "a learned value " + v);
                assertEquals(false, state.outside(v == 0 ? -0.0 : v), "a learned value " + v + " (either zero)");
            }
        }
    }
}
