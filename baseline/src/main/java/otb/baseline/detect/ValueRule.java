package otb.baseline.detect;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.model.ConversationKey;
import otb.baseline.model.Formats;
import otb.baseline.model.PointKey;
import otb.baseline.model.PointShapes;
import otb.baseline.model.ValueSummary;
import otb.dissect.OtMessage;
import otb.dissect.PointValues;

/**
 * The values a learned conversation's server reports, point by point: VALUE_OUT_OF_RANGE outside
 * the learned envelope, FROZEN_VALUE for a varying point stuck far longer than ever learned,
 * REPLAYED_VALUES when windows of values repeat earlier ones (or learned ones) exactly.
 */
final class ValueRule {
    /** Values out of range fold per conversation and address space: a changed data block raises one. */
    record OutOfRangeKey(ConversationKey conversation, String space) implements AlertKey {
        @Override
        public String text() {
            return "value|" + conversation + "|" + space;
        }
    }

    /** Frozen values fold per point. */
    record FrozenKey(PointKey point) implements AlertKey {
        @Override
        public String text() {
            return "frozen|" + point;
        }
    }

    /** Replayed values fold per conversation and address space: a replay plays back a whole block. */
    record ReplayedValuesKey(ConversationKey conversation, String space) implements AlertKey {
        @Override
        public String text() {
            return "replayv|" + conversation + "|" + space;
        }
    }

    /**
     * The points of one conversation. A point's sequence of values is followed per conversation:
     * a replay towards one client must not be hidden by another client reading the real values.
     */
    private static final class ConversationPoints {
        final PointShapes shapes = new PointShapes();
        final Map<PointKey, PointState> points = new HashMap<>();
    }

    private final DetectionContext context;
    private final ConversationState.Slot<ConversationPoints> slot;

    ValueRule(DetectionContext context) {
        this.context = context;
        this.slot = context.conversationSlot(ConversationPoints.class, conversation -> new ConversationPoints());
    }

    /** A response of a learned conversation. */
    void response(OtMessage message, ConversationState conversation) {
        PointValues values = message.pointValues();
        if (values.isEmpty()) {
            return;
        }
        ConversationPoints points = conversation.state(slot);
        Object[] states = points.shapes.find(values);
        if (states == null) {
            states = new Object[values.size()];
            for (int i = 0; i < states.length; i++) {
                states[i] = pointState(conversation, points, values.space(i), values.address(i));
            }
            points.shapes.put(values, states);
        }
        for (int i = 0; i < states.length; i++) {
            if (states[i] != null) {
                checkValue(message, conversation, values.value(i), (PointState) states[i]);
            }
        }
    }

    /** Runtime state of a learned point; null for points the baseline does not know. */
    private PointState pointState(ConversationState conversation, ConversationPoints points, String space,
                                  long address) {
        PointKey key = new PointKey(conversation.key.server(), conversation.key.protocol(), conversation.key.unit(),
                space, address);
        PointState state = points.points.get(key);
        if (state == null) {
            ValueSummary learned = context.baseline().point(key);
            if (learned == null) {
                return null;
            }
            state = new PointState(key, learned, context.config());
            points.points.put(key, state);
            context.pointContexts().follow(key, state);
        }
        return state;
    }

    private void checkValue(OtMessage message, ConversationState conversation, double v, PointState state) {
        PointKey key = state.key;
        long nanos = message.timestampNanos();
        ValueSummary learned = state.learned;
        OutOfRangeKey outOfRange;
        if (state.outside(v) && !context.foldIntoOpen(AlertKind.VALUE_OUT_OF_RANGE,
                outOfRange = new OutOfRangeKey(conversation.key, key.space()), nanos, message.frame())) {
            // one alert per device and address space: a device whose data block changes raises one, counted
            context.raise(context.conversationAlert(AlertKind.VALUE_OUT_OF_RANGE, outOfRange, nanos, conversation)
                    .severity(AlertKind.VALUE_OUT_OF_RANGE.baseSeverity().shift(context.criticalityShift(conversation)))
                    .evidence(message.frame(), message.source())
                    .baseline(PointState.envelopeText(key, learned))
                    .detail(key.space() + ":" + key.address() + " = " + Formats.value(v))
                    .context(context.pointContexts().contextOf(key, state.hasLast ? OptionalDouble.of(state.last)
                            : OptionalDouble.empty(), OptionalDouble.of(v), nanos))
                    .fold(AlertFacts.valueFold(key, v, nanos)));
        }
        // frozen: a varying point repeating one value far longer than ever learned
        if (state.hasLast && state.last == v) {
            state.run++;
        } else {
            state.run = 1;
            state.runStartNanos = nanos;
            state.frozenRaised = false;
        }
        state.hasLast = true;
        state.last = v;
        if (!state.frozenRaised && state.judgeFrozen && state.run >= state.frozenRun
                && nanos - state.runStartNanos >= state.frozenNanos) {
            state.frozenRaised = true;
            context.raise(context.conversationAlert(AlertKind.FROZEN_VALUE, new FrozenKey(key), nanos, conversation)
                    .severity(AlertKind.FROZEN_VALUE.baseSeverity().shift(context.criticalityShift(conversation)))
                    .evidence(message.frame(), message.source())
                    .baseline(state.behaviour.wireName() + " point, longest learned run of one value "
                            + learned.longestRun())
                    .detail(key.space() + ":" + key.address() + " stuck at " + Formats.value(v) + " for "
                            + state.run + " updates over " + Formats.seconds(nanos - state.runStartNanos))
                    .context(context.pointContexts().contextOf(key, OptionalDouble.of(v), OptionalDouble.of(v), nanos)));
        }
        // replayed: a window of a varying point equal to an earlier window
        if (!state.judgeReplay) {
            return;
        }
        long fingerprint = state.pushWindow(v);
        if (fingerprint == 0) {
            return;
        }
        state.repeatHits <<= 1;
        // windows are sampled by hash, as in learning: only a sampled window can match a kept one
        // (a power of two: the low bits are the unsigned remainder, without Long.remainderUnsigned's
        // division, 1.4% of the demo's samples)
        if ((fingerprint & (ValueSummary.FINGERPRINT_SAMPLING - 1)) != 0) {
            return;
        }
        if (state.seen == null) {
            state.seen = new RecentWindows();
        }
        boolean seenBefore = !state.seen.add(fingerprint);
        // a flat window (fewer than 4 distinct values) repeating proves nothing; asked only on a match
        // a learned window is replayed only by traffic newer than the learning (analysing the
        // learned capture again is not a replay of itself)
        boolean replaysLearned = nanos > state.learnedUntilNanos && learned.knowsWindow(fingerprint);
        if ((seenBefore || replaysLearned) && state.varied()) {
            state.repeatHits |= 1;
        }
        // one repeated window may be chance; several within the last 64 values are a replay
        if (Long.bitCount(state.repeatHits) >= ValueSummary.REPLAY_MIN_HITS) {
            state.repeatHits = 0;
            context.raise(context.conversationAlert(AlertKind.REPLAYED_VALUES,
                            new ReplayedValuesKey(conversation.key, key.space()), nanos, conversation)
                    .severity(AlertKind.REPLAYED_VALUES.baseSeverity().shift(context.criticalityShift(conversation)))
                    .evidence(message.frame(), message.source())
                    .baseline("analog point whose windows of " + ValueSummary.WINDOW + " values did not repeat")
                    .detail(key.space() + ":" + key.address() + ": the last " + ValueSummary.WINDOW
                            + " values repeat an earlier window exactly")
                    .context(context.pointContexts().contextOf(key, OptionalDouble.empty(), OptionalDouble.of(v),
                            nanos)));
        }
    }
}
