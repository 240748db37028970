package otb.baseline.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import otb.baseline.alert.AlertContext;
import otb.baseline.model.Baseline;
import otb.baseline.model.PointCorrelation;
import otb.baseline.model.PointKey;
import otb.baseline.model.ValueSummary;
import otb.baseline.model.Commands;
import otb.dissect.OtMessage;
import otb.dissect.PointRange;
import otb.dissect.PointValue;

/**
 * The process context of alerts that touch a point ({@link AlertContext}): the latest value of
 * each learned point as detection follows it (the {@link PointState} of the conversation that
 * last started following it), and the contexts still waiting for their values
 * {@link AlertContext#AFTER_SECONDS} seconds after the alert. Follows no more points than the
 * baseline learned; waits for at most {@link #MAX_PENDING} contexts at once (past it, a context
 * gets no later values).
 */
final class PointContexts {
    /** Budget: contexts waiting for their values after the alert. */
    static final int MAX_PENDING = 1_000;
    private static final long AFTER_NANOS = AlertContext.AFTER_SECONDS * 1_000_000_000L;

    private final Baseline baseline;
    private final Map<PointKey, PointState> latest = new HashMap<>();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    PointContexts(Baseline baseline) {
        this.baseline = baseline;
    }

    /** Detection follows a learned point's values in {@code state} from now on. */
    void follow(PointKey key, PointState state) {
        latest.put(key, state);
    }

    /**
     * The context of an alert at capture time {@code nanos} on {@code key}: {@code before} when the
     * rule knows it (else the point's latest value), {@code value} written or reported. Lazy: an
     * occurrence folded into an open alert never asks it, and costs nothing more.
     */
    Supplier<AlertContext> contextOf(PointKey key, OptionalDouble before, OptionalDouble value, long nanos) {
        return new Pending(key, before, value, nanos);
    }

    /**
     * The context of an alert raised on a whole message (a replayed command, a sequence break, a
     * new writer or function, a program or stop request, a new conversation's opening request, a
     * request whose cadence deviates),
     * on its flow's server and unit: the first point value it carries (written by a request,
     * reported by a response), else, for a write, control or program request, the first point it
     * writes (the value written unknown). Null when the message touches no point: such an alert
     * has no process context.
     */
    Supplier<AlertContext> contextOfMessage(OtMessage message) {
        List<PointValue> values = message.values();
        if (!values.isEmpty()) {
            PointValue first = values.get(0);
            return contextOf(new PointKey(message.flow().server(), message.protocol(), message.unit(), first.space(),
                    first.address()), OptionalDouble.empty(), OptionalDouble.of(first.value()),
                    message.timestampNanos());
        }
        List<PointRange> ranges = message.ranges();
        if (ranges.isEmpty() || !Commands.isChange(message.operation())) {
            return null;
        }
        PointRange first = ranges.get(0);
        return contextOf(new PointKey(message.flow().server(), message.protocol(), message.unit(), first.space(),
                first.start()), OptionalDouble.empty(), OptionalDouble.empty(), message.timestampNanos());
    }

    /** Capture time is now {@code nanos}: contexts whose moment after the alert came read their values. */
    void tick(long nanos) {
        while (!pending.isEmpty() && pending.peekFirst().deadlineNanos <= nanos) {
            pending.pollFirst().freeze(true);
        }
    }

    /** End of input: every waiting context reads its values now. */
    void finish() {
        while (!pending.isEmpty()) {
            pending.pollFirst().freeze(true);
        }
    }

    private OptionalDouble valueOf(PointKey key) {
        PointState state = latest.get(key);
        return state != null && state.hasLast ? OptionalDouble.of(state.last) : OptionalDouble.empty();
    }

    private static String name(PointKey key) {
        return key.space() + ":" + key.address();
    }

    /**
     * A related point's name: space and address, after its unit when that differs from the
     * alert's point, and its protocol too when that does (points of one server pair across units
     * and protocols, and "input_register:1" three times for three units told an operator nothing).
     */
    static String relatedName(PointKey related, PointKey of) {
        if (related.protocol() != of.protocol()) {
            return related.protocol().wireName() + " unit " + related.unit() + " " + name(related);
        }
        return related.unit() != of.unit() ? "unit " + related.unit() + " " + name(related) : name(related);
    }

    /** One alert's context: read when the alert opens, partial (no values after) until frozen. */
    private final class Pending implements Supplier<AlertContext> {
        final PointKey key;
        final OptionalDouble value;
        final long nanos;
        OptionalDouble before;
        String learned;
        List<PointCorrelation.Partner> partners;
        OptionalDouble[] atAlert;
        long deadlineNanos;
        AlertContext frozen;

        Pending(PointKey key, OptionalDouble before, OptionalDouble value, long nanos) {
            this.key = key;
            this.before = before;
            this.value = value;
            this.nanos = nanos;
        }

        /** Reads the values at the alert (asked as it opens) and waits for the values after it. */
        private void start() {
            ValueSummary summary = baseline.point(key);
            // the envelope without the point's name, which the context names already
            learned = summary == null ? "not learned"
                    : PointState.envelopeText(key, summary).substring(name(key).length() + 1);
            PointCorrelation correlation = baseline.correlations().of(key);
            partners = correlation == null ? List.of() : correlation.partners();
            atAlert = new OptionalDouble[partners.size()];
            for (int i = 0; i < atAlert.length; i++) {
                atAlert[i] = valueOf(partners.get(i).point());
            }
            before = before.isPresent() ? before : valueOf(key);
            deadlineNanos = nanos + AFTER_NANOS;
            if (pending.size() < MAX_PENDING) {
                pending.add(this);
            } else {
                freeze(false);
            }
        }

        void freeze(boolean readAfter) {
            frozen = build(readAfter);
        }

        private AlertContext build(boolean readAfter) {
            List<AlertContext.Related> related = new ArrayList<>(partners.size());
            for (int i = 0; i < partners.size(); i++) {
                PointCorrelation.Partner partner = partners.get(i);
                related.add(new AlertContext.Related(relatedName(partner.point(), key), partner.together(), atAlert[i],
                        readAfter ? valueOf(partner.point()) : OptionalDouble.empty()));
            }
            return new AlertContext(name(key), before, value, learned, related);
        }

        @Override
        public AlertContext get() {
            if (learned == null) {
                start();
            }
            return frozen != null ? frozen : build(false);
        }
    }
}
