package otb.baseline.detect;

import java.util.ArrayList;
import java.util.List;
import otb.baseline.model.Formats;
import otb.baseline.model.PointKey;
import otb.baseline.model.ValueBehaviour;
import otb.baseline.model.ValueSummary;

/** Detection state of one learned point, with the learned facts it is judged by, read once. */
final class PointState extends ValueSummary.WindowRegister {
    /** Enumerations with at most this many values accept no other value, even within their span. */
    private static final int STRICT_ENUMERATION = 4;

    /**
     * How a point's values are judged. A few states (an enumeration of at most
     * {@link #STRICT_ENUMERATION} values) and constants accept only learned values; setpoints
     * (points written), analog values and wider sets of integers must stay within the learned
     * envelope widened by the largest learned step or a share of the span; counters are not
     * judged by value.
     */
    private enum Envelope { KNOWN_VALUES, RANGE, NONE }

    final PointKey key;
    /** The learned summary, read for alert texts and learned windows only: not touched per value. */
    final ValueSummary learned;
    final ValueBehaviour behaviour;
    final boolean judged;
    final double low;
    final double high;
    final Envelope envelope;
    /**
     * The learned values for {@link Envelope#KNOWN_VALUES} (at most {@link #STRICT_ENUMERATION}),
     * NaN where there are fewer (NaN equals nothing). Copied here, with the window below, so a
     * value touches this one object and not the learned summary nor arrays of their own: on a
     * plant of 50,000 points each further object was a cache miss per value. Fields rather than
     * arrays: `otb analyze` of the big plant's 500 k frames took 11-16% less CPU than with both in
     * arrays of their own (4 alternated runs; bench/README.md, "detection per value").
     */
    private final double known0;
    private final double known1;
    private final double known2;
    private final double known3;
    /** Capture time of the last learned value: only newer traffic replays a learned window. */
    final long learnedUntilNanos;
    final boolean judgeFrozen;
    final long frozenRun;
    /** A run must also last this long: fast polling (or a flood) repeats a slow value often. */
    final long frozenNanos;
    final boolean judgeReplay;
    RecentWindows seen;
    long repeatHits;
    boolean hasLast;
    double last;
    long run;
    long runStartNanos;
    boolean frozenRaised;

    PointState(PointKey key, ValueSummary learned, DetectionConfig config) {
        this.key = key;
        this.learned = learned;
        this.behaviour = learned.behaviour();
        this.judged = learned.count() >= config.minLearnedSamples();
        double margin = Math.max(config.valueTolerance() * (learned.max() - learned.min()), learned.largestStep());
        if (learned.writes() > 0) {
            // operators move setpoints by a share of their magnitude, beyond what learning saw
            margin = Math.max(margin, config.valueTolerance() * Math.max(Math.abs(learned.min()), Math.abs(learned.max())));
        }
        this.low = learned.min() - margin;
        this.high = learned.max() + margin;
        this.envelope = envelope(learned, behaviour);
        // constants have one value, strict enumerations at most STRICT_ENUMERATION
        double[] knownValues = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        if (envelope == Envelope.KNOWN_VALUES) {
            double[] learnedValues = learned.knownValues();
            System.arraycopy(learnedValues, 0, knownValues, 0, learnedValues.length);
        }
        this.known0 = knownValues[0];
        this.known1 = knownValues[1];
        this.known2 = knownValues[2];
        this.known3 = knownValues[3];
        this.learnedUntilNanos = learned.lastSeenNanos();
        this.judgeFrozen = judged && learned.writes() == 0
                && (behaviour == ValueBehaviour.ANALOG || behaviour == ValueBehaviour.COUNTER);
        this.frozenRun = Math.max(config.frozenMinSamples(), config.frozenFactor() * learned.longestRun());
        this.frozenNanos = config.frozenFactor() * learned.longestRunNanos();
        this.judgeReplay = judged && envelope == Envelope.RANGE && learned.writes() == 0 && !learned.windowsRepeat();
    }

    /**
     * Adds a value to the window (kept in the fields of {@link ValueSummary.WindowRegister}, hashed
     * as learning hashes its windows: PointStateWindowTest); returns the fingerprint of the window
     * ending here (never 0), or 0 while the window is not full.
     */
    long pushWindow(double v) {
        return store(v) ? fingerprint() : 0;
    }

    /** Whether a value (read back or written) leaves the learned envelope. */
    boolean outside(double v) {
        if (!judged || Double.isNaN(v)) {
            return false;
        }
        return switch (envelope) {
            case RANGE -> v < low || v > high;
            case KNOWN_VALUES -> !isKnownValue(v);
            case NONE -> false;
        };
    }

    /**
     * {@link ValueSummary#isKnownValue} on the copy: the learned values are not NaN and never -0.0,
     * so {@code ==} (which takes -0.0 for 0.0) finds what its search finds.
     */
    private boolean isKnownValue(double v) {
        return v == known0 || v == known1 || v == known2 || v == known3;
    }

    private static Envelope envelope(ValueSummary learned, ValueBehaviour behaviour) {
        if (learned.writes() > 0) {
            return Envelope.RANGE;
        }
        return switch (behaviour) {
            case CONSTANT -> Envelope.KNOWN_VALUES;
            case ENUMERATION -> learned.distinctValues() <= STRICT_ENUMERATION ? Envelope.KNOWN_VALUES : Envelope.RANGE;
            case ANALOG -> Envelope.RANGE;
            case COUNTER -> Envelope.NONE;
        };
    }

    /** The learned facts of a point, e.g. {@code holding_register:3 analog envelope [0, 120], largest step 4}. */
    static String envelopeText(PointKey key, ValueSummary learned) {
        ValueBehaviour behaviour = learned.behaviour();
        String text = key.space() + ":" + key.address() + " " + behaviour.wireName() + " ";
        if (behaviour == ValueBehaviour.CONSTANT || behaviour == ValueBehaviour.ENUMERATION) {
            List<String> values = new ArrayList<>();
            for (double value : learned.knownValues()) {
                values.add(Formats.value(value));
            }
            return text + "values {" + String.join(", ", values) + "}";
        }
        return text + "envelope [" + Formats.value(learned.min()) + ", " + Formats.value(learned.max())
                + "], largest step " + Formats.value(learned.largestStep());
    }
}
