package otb.baseline.detect;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;
import otb.baseline.model.ConversationKey;
import otb.baseline.model.Formats;
import otb.baseline.model.FunctionUse;
import otb.baseline.model.PointKey;
import otb.baseline.model.RangeSet;
import otb.baseline.model.ValueSummary;
import otb.dissect.OtMessage;
import otb.dissect.PointRange;
import otb.dissect.PointValue;

/**
 * Where and what a learned function writes: WRITE_OUTSIDE_LEARNED_RANGE for a write, control or
 * program request on an address range its function never touched (low when the function wrote
 * other points of that kind on the device: a new point; high when it never wrote that kind), or
 * carrying a value outside the point's learned envelope. Novel ranges of any request count
 * towards address scans.
 */
final class WriteRule {
    /** An address range new to a function of a conversation, noticed once. */
    record NewRange(ConversationKey conversation, int code, String name, String space, long start, long count) {
    }

    /** Writes outside the learned ranges fold per conversation, function and address space. */
    record RangeKey(ConversationKey conversation, int code, String space) implements AlertKey {
        @Override
        public String text() {
            return "wrange|" + conversation + "|" + code + "|" + space;
        }
    }

    /** Written values outside the envelope fold per point. */
    record WrittenValueKey(PointKey point) implements AlertKey {
        @Override
        public String text() {
            return "wvalue|" + point;
        }
    }

    private final DetectionContext context;
    private final ScanRule scans;

    WriteRule(DetectionContext context, ScanRule scans) {
        this.context = context;
        this.scans = scans;
    }

    /**
     * The ranges of a request of a learned function.
     *
     * @param change whether the request changes data, outputs or the program (only those are raised)
     */
    void checkRanges(OtMessage message, ConversationState conversation, FunctionUse function, boolean change) {
        List<PointRange> ranges = message.ranges();
        // a sweep probes address after address, request after request; one request reading many
        // new items (an HMI opening a new screen) counts once
        boolean countedForScan = false;
        for (int i = 0; i < ranges.size(); i++) {
            PointRange range = ranges.get(i);
            RangeSet learned = function.ranges().get(range.space());
            if (learned != null && learned.contains(range.start(), range.count())) {
                continue;
            }
            NewRange novel = new NewRange(conversation.key, function.code(), function.name(), range.space(),
                    range.start(), range.count());
            if (!context.notice(novel)) {
                continue;
            }
            if (!countedForScan) {
                countedForScan = true;
                scans.count(message.src(), ScanRule.Category.ADDRESSES, novel, range.start(), message.timestampNanos(),
                        message.frame(), message.source(), conversation.serverCell, conversation.key.server());
            }
            if (!change) {
                continue;
            }
            Map<String, String> fold = AlertFacts.functionFold(conversation, message);
            fold.put("type", "range");
            fold.put("space", range.space());
            fold.put("start", Long.toString(range.start()));
            fold.put("count", Long.toString(range.count()));
            String written = range.space() + ":" + range.start() + "-" + (range.start() + range.count() - 1);
            // a writer writing one more point of a kind it writes, on a device it writes, is routine
            // (low); a kind of point its function never wrote there is not (the kind's base, high)
            boolean kindItWrites = learned != null;
            Severity base = kindItWrites ? Severity.LOW : AlertKind.WRITE_OUTSIDE_LEARNED_RANGE.baseSeverity();
            context.raise(context.conversationAlert(AlertKind.WRITE_OUTSIDE_LEARNED_RANGE,
                            new RangeKey(conversation.key, function.code(), range.space()), message.timestampNanos(),
                            conversation)
                    .severity(base.shift(context.criticalityShift(conversation)))
                    .function(function.code(), function.name()).evidence(message.frame(), message.source())
                    .baseline(function.name() + " learned on " + (learned == null ? "no " + range.space() + " points"
                            : range.space() + ":" + learned))
                    .detail(kindItWrites ? "writes a new point " + written + ", of a kind it writes on this device"
                            : "writes " + written + ", a kind of point " + function.name() + " never wrote on this device")
                    .context(rangeContext(message, conversation, range))
                    .fold(fold));
        }
    }

    /**
     * The context of a write outside the learned ranges: its first point, with the value written
     * to it when the request carries one.
     */
    private java.util.function.Supplier<otb.baseline.alert.AlertContext> rangeContext(OtMessage message,
            ConversationState conversation, PointRange range) {
        OptionalDouble written = OptionalDouble.empty();
        for (PointValue value : message.values()) {
            if (value.space().equals(range.space()) && value.address() == range.start()) {
                written = OptionalDouble.of(value.value());
                break;
            }
        }
        PointKey key = new PointKey(conversation.key.server(), conversation.key.protocol(), conversation.key.unit(),
                range.space(), range.start());
        return context.pointContexts().contextOf(key, OptionalDouble.empty(), written, message.timestampNanos());
    }

    /** The values a change request of a learned function writes, against the points' envelopes. */
    void checkWrittenValues(OtMessage message, ConversationState conversation) {
        List<PointValue> values = message.values();
        for (int i = 0; i < values.size(); i++) {
            PointValue value = values.get(i);
            PointKey key = new PointKey(conversation.key.server(), conversation.key.protocol(), conversation.key.unit(),
                    value.space(), value.address());
            ValueSummary learned = context.baseline().point(key);
            if (learned == null || !new PointState(key, learned, context.config()).outside(value.value())) {
                continue;
            }
            context.raise(context.conversationAlert(AlertKind.WRITE_OUTSIDE_LEARNED_RANGE, new WrittenValueKey(key),
                            message.timestampNanos(), conversation)
                    .severity(AlertKind.WRITE_OUTSIDE_LEARNED_RANGE.baseSeverity()
                            .shift(context.criticalityShift(conversation)))
                    .function(message.function().isPresent() ? message.function().getAsInt() : -1, message.functionName())
                    .evidence(message.frame(), message.source())
                    .baseline(PointState.envelopeText(key, learned))
                    .detail("writes " + Formats.value(value.value()) + " to " + value.space() + ":" + value.address())
                    .context(context.pointContexts().contextOf(key, OptionalDouble.empty(),
                            OptionalDouble.of(value.value()), message.timestampNanos()))
                    .fold(AlertFacts.valueFold(key, value.value(), message.timestampNanos())));
        }
    }
}
