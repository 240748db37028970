package otb.baseline.detect;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.model.Baseline;
import otb.baseline.model.Commands;
import otb.baseline.model.Conversation;
import otb.baseline.model.ConversationKey;
import otb.capture.Flow;
import otb.dissect.OtMessage;

/**
 * What the detection rules share: the cells, the baseline (read, never changed), the
 * configuration, capture time, the per-flow and per-conversation state several rules look up,
 * the memory of novelties already raised, and raising alerts through the de-duplicating windows
 * to the sinks.
 */
final class DetectionContext {
    private final Cells cells;
    private final Baseline baseline;
    private final DetectionConfig config;
    private final List<AlertSink> sinks;
    /** Groups alerts into incidents as they open. */
    private final Incidents incidents = new Incidents();
    /** Process context of the alerts that touch a point. */
    private final PointContexts pointContexts;
    private final AlertWindows windows;
    private AlertSink.AlertSinkException sinkFailure;
    private long alertsRaised;
    private long clock;

    private final Map<Flow, FlowState> flows = new IdentityHashMap<>();
    private final Map<ConversationKey, ConversationState> conversations = new HashMap<>();
    /** Novelties raised once per run, of every rule: bounded, the oldest forgotten first. */
    private final BoundedMap<Object, Boolean> noticed;
    private int conversationSlots;
    private boolean conversationsOpened;
    /** Budgets reached in this run, each said once. */
    private final EnumSet<DetectionBudget> budgetsReached = EnumSet.noneOf(DetectionBudget.class);
    /** Per kind, the alert collecting occurrences with new keys while the open-alert budget is reached. */
    private final Map<AlertKind, OverflowSummary> overflows = new EnumMap<>(AlertKind.class);

    /** BUDGET_EXCEEDED is raised once per budget and run. */
    record BudgetKey(DetectionBudget budget) implements AlertKey {
        @Override
        public String text() {
            return "budget|" + budget.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Alerts of one kind beyond the open-alert budget fold into one alert of that kind. */
    record OverflowKey(AlertKind kind) implements AlertKey {
        @Override
        public String text() {
            return "overflow|" + kind;
        }
    }

    DetectionContext(Cells cells, Baseline baseline, DetectionConfig config, List<? extends AlertSink> sinks) {
        this.cells = cells;
        this.baseline = baseline;
        this.pointContexts = new PointContexts(baseline);
        this.config = config;
        this.sinks = new ArrayList<>(sinks);
        this.windows = new AlertWindows(config.dedupWindowNanos(), config.maxEvidenceFrames());
        this.noticed = new BoundedMap<>(config.maxNoticed());
    }

    Cells cells() {
        return cells;
    }

    /** The process context of alerts that touch a point. */
    PointContexts pointContexts() {
        return pointContexts;
    }

    Baseline baseline() {
        return baseline;
    }

    DetectionConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- capture time

    /** The latest capture time seen, nanoseconds. */
    long clock() {
        return clock;
    }

    /** Moves capture time forward to {@code nanos}; never back. */
    void advanceClock(long nanos) {
        if (nanos > clock) {
            clock = nanos;
        }
    }

    // ---------------------------------------------------------------- flows and conversations

    /** The state of an open flow, null before its first event. */
    FlowState flow(Flow flow) {
        return flows.get(flow);
    }

    /** Starts following a flow. */
    FlowState openFlow(Flow flow) {
        FlowState state = new FlowState(cells.cellOf(flow.client(), flow.vlan()),
                cells.cellOf(flow.server(), flow.vlan()), Commands.connectionIdentity(flow));
        flows.put(flow, state);
        return state;
    }

    /** Stops following a flow; returns its state, null when it had none. */
    FlowState closeFlow(Flow flow) {
        return flows.remove(flow);
    }

    /** The conversation a message belongs to when detection already follows it, else null. */
    ConversationState conversation(FlowState flowState, OtMessage message) {
        ConversationState cached = flowState.conversation;
        if (cached != null && cached.key.unit() == message.unit() && cached.key.protocol() == message.protocol()) {
            return cached;
        }
        Flow flow = message.flow();
        ConversationState state = conversations.get(
                new ConversationKey(flow.client(), flow.server(), message.protocol(), message.unit()));
        if (state != null) {
            flowState.conversation = state;
        }
        return state;
    }

    /**
     * Starts following the conversation of a message. Conversations not in the baseline are kept
     * up to {@link DetectionConfig#maxNoticed()}; past it each flow follows its own.
     */
    ConversationState openConversation(FlowState flowState, OtMessage message) {
        Flow flow = message.flow();
        ConversationKey key = new ConversationKey(flow.client(), flow.server(), message.protocol(), message.unit());
        Conversation learned = baseline.conversation(key);
        conversationsOpened = true;
        ConversationState state = new ConversationState(key, learned, flowState.clientCell, flowState.serverCell,
                conversationSlots);
        if (learned != null || conversations.size() < config.maxNoticed()) {
            conversations.put(key, state);
        } else {
            budgetExceeded(DetectionBudget.NOTICED, message.timestampNanos(), config.maxNoticed(), message.frame(),
                    message.source());
        }
        flowState.conversation = state;
        return state;
    }

    /** A place for one rule's state in every conversation; ask before the first event. */
    <S> ConversationState.Slot<S> conversationSlot(Class<S> type, Function<ConversationState, S> create) {
        if (conversationsOpened) {
            throw new IllegalStateException("conversation slots are taken before the first conversation opens");
        }
        return new ConversationState.Slot<>(conversationSlots++, type, create);
    }

    // ---------------------------------------------------------------- alerts

    /** Records a novelty; true the first time (so it is raised once per run). */
    boolean notice(Object novelty) {
        if (noticed.containsKey(novelty)) {
            return false;
        }
        if (noticed.size() >= config.maxNoticed()) {
            budgetExceeded(DetectionBudget.NOTICED, clock, config.maxNoticed(), 0, "");
        }
        noticed.put(novelty, Boolean.TRUE);
        return true;
    }

    /** Whether an alert with this key is open: a further occurrence would fold into it, not open one. */
    boolean isOpen(AlertKey key) {
        return windows.isOpen(key);
    }

    /** An alert about a conversation: its server's cell, its ends and protocol. */
    Alert.Builder conversationAlert(AlertKind kind, AlertKey key, long nanos, ConversationState conversation) {
        return Alert.builder(kind, key, nanos).cell(conversation.serverCell)
                .endpoints(conversation.key.client().toString(), conversation.key.server().toString())
                .protocol(conversation.key.protocol().wireName());
    }

    /** Severity steps the criticality of a conversation's server (or its cell) adds. */
    int criticalityShift(ConversationState conversation) {
        return cells.criticality(conversation.key.server(), conversation.serverCell).severityShift();
    }

    /**
     * Counts an occurrence of {@code kind} with {@code key} when it folds into an alert open with
     * that key, exactly as {@link #raise} would count it; false when it would not (nothing
     * changed: raise it in full). An occurrence that only counts needs none of its texts: a day
     * of the demo plant folds 103,171 values out of range into 201 alerts.
     */
    boolean foldIntoOpen(AlertKind kind, AlertKey key, long nanos, long frame) {
        return windows.foldIntoOpen(key, kind, nanos, frame);
    }

    /** Counts an occurrence; a new alert goes to the sinks as opened. */
    void raise(Alert.Builder occurrence) {
        raise(occurrence, null);
    }

    /**
     * Counts an occurrence; a new alert goes to the sinks as opened. With the open-alert budget
     * reached, an occurrence that would open an alert folds into one alert of its kind instead.
     *
     * @param detail the alert's final detail, asked when it closes; null to keep the first occurrence's
     */
    void raise(Alert.Builder occurrence, Supplier<String> detail) {
        if (windows.openCount() >= config.maxOpenAlerts() && !windows.isOpen(occurrence.key())
                && occurrence.kind() != AlertKind.BUDGET_EXCEEDED) {
            overflow(occurrence);
            return;
        }
        open(occurrence, detail);
    }

    private void overflow(Alert.Builder occurrence) {
        long nanos = occurrence.nanos();
        budgetExceeded(DetectionBudget.OPEN_ALERTS, nanos, config.maxOpenAlerts(), occurrence.frame(), "");
        Alert alert = occurrence.build();
        OverflowSummary summary = overflows.get(alert.kind());
        if (summary == null || nanos - summary.firstNanos > config.dedupWindowNanos()) {
            summary = new OverflowSummary(alert.kind(), nanos);
            overflows.put(alert.kind(), summary);
        }
        summary.add(alert);
        open(Alert.builder(alert.kind(), new OverflowKey(alert.kind()), nanos).severity(alert.severity())
                .evidence(occurrence.frame(), alert.input())
                .baseline("at most " + config.maxOpenAlerts() + " alerts open at once (open-alert budget)")
                .detail(summary.detail()), summary::detail);
    }

    /**
     * Says once per run that a budget was reached: a BUDGET_EXCEEDED alert naming it, its size and
     * how detection goes on.
     */
    void budgetExceeded(DetectionBudget budget, long nanos, int limit, long frame, String input) {
        if (!budgetsReached.add(budget)) {
            return;
        }
        open(Alert.builder(AlertKind.BUDGET_EXCEEDED, new BudgetKey(budget), nanos)
                .severity(Severity.MEDIUM).evidence(frame, input)
                .baseline("at most " + limit + " " + budget.label)
                .detail(budget.label + " budget of " + limit + " reached: " + budget.degraded), null);
    }

    private void open(Alert.Builder occurrence, Supplier<String> detail) {
        Alert opened = windows.raise(occurrence, detail, incidents);
        if (opened != null) {
            alertsRaised++;
            for (AlertSink sink : sinks) {
                sink.opened(opened);
            }
        }
    }

    /** Alerts opened so far (before de-duplication counts). */
    long alertsRaised() {
        return alertsRaised;
    }

    /** Delivers the alerts whose window closed by the current capture time. */
    void expireAlerts() {
        pointContexts.tick(clock);
        deliver(windows.expire(clock));
    }

    /** End of input: closes every open alert and flushes the sinks; throws the first sink failure. */
    void finish() throws AlertSink.AlertSinkException {
        pointContexts.finish();
        deliver(windows.closeAll());
        for (AlertSink sink : sinks) {
            if (sinkFailure == null) {
                try {
                    sink.flush();
                } catch (AlertSink.AlertSinkException e) {
                    sinkFailure = e;
                }
            }
        }
        if (sinkFailure != null) {
            throw sinkFailure;
        }
    }

    private void deliver(List<Alert> alerts) {
        for (Alert alert : alerts) {
            for (AlertSink sink : sinks) {
                if (sinkFailure != null) {
                    return;
                }
                try {
                    sink.accept(alert);
                } catch (AlertSink.AlertSinkException e) {
                    sinkFailure = e;
                }
            }
        }
    }
}
