package otb.baseline.detect;

import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.model.ConversationKey;
import otb.baseline.model.Formats;
import otb.baseline.model.FunctionUse;
import otb.baseline.model.RequestSignature;
import otb.dissect.OtMessage;
import otb.dissect.PointRange;

/**
 * The polling rhythm of learned request signatures: CYCLE_DEVIATION when the median of the
 * recent intervals leaves the learned cycle (1st-99th percentiles widened by the MAD or a share
 * of the median), CHANNEL_SILENT when a signature polled in this input stops for much longer
 * than its cycle.
 */
final class TimingRule {
    /** Robust standard deviation from a MAD, for normally distributed jitter. */
    private static final double MAD_TO_SIGMA = 1.4826;

    /** Cycle deviations fold per conversation, function and signature. */
    record CycleKey(ConversationKey conversation, String function, String signature) implements AlertKey {
        @Override
        public String text() {
            return "cycle|" + conversation + "|" + function + "|" + signature;
        }
    }

    /** Silences fold per conversation. */
    record SilentKey(ConversationKey conversation) implements AlertKey {
        @Override
        public String text() {
            return "silent|" + conversation;
        }
    }

    /** The recent rhythm of one learned signature in one conversation. */
    private static final class SignatureState {
        final ConversationState conversation;
        final FunctionUse function;
        final RequestSignature learned;
        final long medianNanos;
        final long madNanos;
        /** Learned 1st and 99th percentiles: a bimodal cycle (two polls close together, then a pause) stays within. */
        final long lowNanos;
        final long highNanos;
        final IntervalWindow intervals;
        long lastRequestNanos = Long.MIN_VALUE;
        long lastFrame;
        String lastInput = "";
        boolean deviating;
        boolean silent;

        SignatureState(ConversationState conversation, FunctionUse function, RequestSignature learned, int window) {
            this.conversation = conversation;
            this.function = function;
            this.learned = learned;
            this.medianNanos = learned.cycle().medianMicros() * 1000;
            this.madNanos = learned.cycle().madMicros() * 1000;
            this.lowNanos = learned.cycle().percentileMicros(1) * 1000;
            this.highNanos = learned.cycle().percentileMicros(99) * 1000;
            this.intervals = new IntervalWindow(window);
        }
    }

    /** The signatures of one conversation followed so far. */
    private static final class ConversationSignatures {
        final Map<RequestSignature, SignatureState> byLearned = new IdentityHashMap<>();
    }

    private final DetectionContext context;
    private final DetectionConfig config;
    private final ConversationState.Slot<ConversationSignatures> slot;
    /** Signatures seen in this input, checked for silence on every second of capture time. */
    private final Set<SignatureState> activeSignatures = new LinkedHashSet<>();

    TimingRule(DetectionContext context) {
        this.context = context;
        this.config = context.config();
        this.slot = context.conversationSlot(ConversationSignatures.class,
                conversation -> new ConversationSignatures());
    }

    /** A request of a learned function of a learned conversation. */
    void request(OtMessage message, ConversationState conversation, FunctionUse function) {
        List<PointRange> ranges = message.ranges();
        PointRange first = ranges.isEmpty() ? null : ranges.get(0);
        RequestSignature learned = first == null ? function.signature("", 0, 0)
                : function.signature(first.space(), first.start(), first.count());
        if (learned == null) {
            return;
        }
        Map<RequestSignature, SignatureState> signatures = conversation.state(slot).byLearned;
        SignatureState state = signatures.get(learned);
        if (state == null) {
            state = new SignatureState(conversation, function, learned, config.cycleWindow());
            signatures.put(learned, state);
            activeSignatures.add(state);
        }
        long nanos = message.timestampNanos();
        long interval = nanos - state.lastRequestNanos;
        boolean hadLast = state.lastRequestNanos != Long.MIN_VALUE;
        state.lastRequestNanos = nanos;
        state.lastFrame = message.frame();
        state.lastInput = message.source();
        if (state.silent) {
            state.silent = false;
        }
        if (!hadLast || interval <= 0 || interval > RequestSignature.MAX_CYCLE_NANOS) {
            return;
        }
        state.intervals.add(interval);
        if (!state.intervals.full() || learned.cycle().count() < config.minLearnedSamples()
                || state.medianNanos <= 0) {
            return;
        }
        long recent = state.intervals.median();
        double margin = Math.max(config.cycleSpreadFactor() * MAD_TO_SIGMA * state.madNanos,
                config.cycleMinRelative() * state.medianNanos);
        boolean deviating = recent < state.lowNanos - margin || recent > state.highNanos + margin;
        if (deviating && !state.deviating) {
            context.raise(context.conversationAlert(AlertKind.CYCLE_DEVIATION,
                            new CycleKey(conversation.key, function.label(), learned.label()), nanos, conversation)
                    .severity(AlertKind.CYCLE_DEVIATION.baseSeverity().shift(context.criticalityShift(conversation)))
                    .function(function.code(), function.name()).evidence(message.frame(), message.source())
                    .baseline("cycle " + learned.label() + " median " + Formats.seconds(state.medianNanos) + ", MAD "
                            + Formats.seconds(state.madNanos) + ", 1st-99th percentile "
                            + Formats.seconds(state.lowNanos) + " - " + Formats.seconds(state.highNanos))
                    .detail("median of the last " + state.intervals.capacity() + " intervals " + Formats.seconds(recent))
                    .context(context.pointContexts().contextOfMessage(message)));
        }
        state.deviating = deviating;
    }

    /** Once per second of capture time: signatures silent for much longer than their cycle. */
    void tick(long clock) {
        for (SignatureState signature : activeSignatures) {
            if (signature.silent || signature.medianNanos <= 0
                    || signature.learned.cycle().count() < config.minLearnedSamples()) {
                continue;
            }
            long limit = Math.max(Math.max(config.silentMinNanos(), config.silentFactor() * signature.medianNanos),
                    2 * signature.highNanos);
            if (clock - signature.lastRequestNanos > limit) {
                signature.silent = true;
                ConversationState conversation = signature.conversation;
                context.raise(context.conversationAlert(AlertKind.CHANNEL_SILENT, new SilentKey(conversation.key),
                                clock, conversation)
                        .function(signature.function.code(), signature.function.name())
                        .evidence(signature.lastFrame, signature.lastInput)
                        .baseline("polled every " + Formats.seconds(signature.medianNanos) + " ("
                                + signature.learned.label() + ")")
                        .detail("no request since " + Formats.seconds(clock - signature.lastRequestNanos)));
            }
        }
    }
}
