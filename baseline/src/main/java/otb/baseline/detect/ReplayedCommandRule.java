package otb.baseline.detect;

import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.model.Baseline;
import otb.baseline.model.Commands;
import otb.baseline.model.ConversationKey;
import otb.baseline.model.Formats;
import otb.baseline.model.FunctionUse;
import otb.baseline.model.IpConversation;
import otb.baseline.model.IpConversationKey;
import otb.baseline.model.ReconnectHabit;
import otb.capture.Flow;
import otb.dissect.MessageRecord;
import otb.dissect.OtMessage;

/**
 * REPLAYED_COMMAND: a write, control or program command identical (same fingerprint, transaction
 * id included) to one learned on another connection, or seen earlier in this input on another
 * connection or long before on the same one. Commands a client repeats by habit are not replays,
 * nor is a command whose sequence counters keep the client's learned discipline
 * ({@link SequenceRule.Verdict#IN_SEQUENCE}) when it comes again on the same connection (the
 * counter wrapped), nor a command resent on a new connection that started within the client's
 * learned reconnect habit ({@link ReconnectHabit}: the interval since the conversation's previous
 * connection start lies in the learned range) and whose counters do not break their discipline.
 * A copy on a new connection outside the habit, or from a client that never reconnected while
 * learning, is a replay.
 */
final class ReplayedCommandRule {
    /** Conversations whose transaction ids stayed below this have a small id space. */
    private static final long SMALL_TRANSACTION_ID_SPACE = 256;

    /** Replays fold per conversation and command. */
    record ReplayKey(ConversationKey conversation, long fingerprint) implements AlertKey {
        @Override
        public String text() {
            return "replay|" + conversation + "|" + fingerprint;
        }
    }

    /** What this rule knows of a conversation, read once from what was learned. */
    private static final class ConversationHabits {
        /**
         * True when learning saw the client send the same command bytes on several connections:
         * it reconnects and repeats itself by habit.
         */
        final boolean repeatsAcrossConnections;
        /** How the client reconnected to the server's port while learning; null when it never did. */
        final ReconnectHabit reconnects;

        ConversationHabits(ConversationState conversation, Baseline baseline) {
            this.repeatsAcrossConnections = conversation.learned != null && conversation.learned.functions().stream()
                    .anyMatch(FunctionUse::repeatsCommandsAcrossConnections);
            IpConversation ip = conversation.learned == null ? null : baseline.ipConversation(new IpConversationKey(
                    conversation.key.client(), conversation.key.server(), conversation.learned.transport(),
                    conversation.learned.serverPort()));
            ReconnectHabit habit = ip == null ? null : ip.reconnects();
            this.reconnects = habit != null && habit.count() > 0 ? habit : null;
        }
    }

    private final DetectionContext context;
    private final DetectionConfig config;
    private final ConversationState.Slot<ConversationHabits> habits;
    /** Command fingerprint → {connection identity, capture time, frame} of its latest sending; bounded. */
    private final BoundedMap<Long, long[]> recentCommands;
    /** IP conversation → capture time of its latest connection start in this input; bounded. */
    private final BoundedMap<IpConversationKey, Long> lastStarts;

    ReplayedCommandRule(DetectionContext context) {
        this.context = context;
        this.config = context.config();
        this.habits = context.conversationSlot(ConversationHabits.class,
                conversation -> new ConversationHabits(conversation, context.baseline()));
        this.recentCommands = new BoundedMap<>(config.maxNoticed());
        this.lastStarts = new BoundedMap<>(config.maxNoticed());
    }

    /**
     * A flow opened at {@code nanos}: how long after the previous start of its IP conversation
     * (in this input, else the last one learned) it started, for the reconnect habit.
     */
    void flowOpened(Flow flow, FlowState state, long nanos) {
        IpConversationKey key = new IpConversationKey(flow.client(), flow.server(), flow.transport(), flow.serverPort());
        Long previous = lastStarts.put(key, nanos);
        if (previous == null) {
            IpConversation learned = context.baseline().ipConversation(key);
            ReconnectHabit habit = learned == null ? null : learned.reconnects();
            if (habit != null && habit.hasStart()) {
                previous = habit.lastStartNanos();
            }
        }
        if (previous != null && nanos >= previous) {
            state.sincePreviousStartNanos = nanos - previous;
        }
    }

    /**
     * A change request; {@code function} is its learned use, null when never learned;
     * {@code sequence} how its counters stood against their learned discipline.
     */
    void check(OtMessage message, FlowState flowState, ConversationState conversation, FunctionUse function,
               SequenceRule.Verdict sequence) {
        long fingerprint = Commands.fingerprint(message);
        long nanos = message.timestampNanos();
        String earlier = null;
        boolean otherConnection = false;
        // with a small id space (a 4-bit application sequence) identical commands recur by chance:
        // then only a copy on another connection within this input counts
        boolean smallIdSpace = conversation.learned != null
                && conversation.learned.largestTransactionId() < SMALL_TRANSACTION_ID_SPACE;
        long[] learned = function == null ? null : function.learnedCommand(fingerprint);
        if (learned != null && learned[0] == FunctionUse.SEVERAL_CONNECTIONS) {
            // learned as a habit: the client sent these very bytes on several connections
            recentCommands.put(fingerprint, new long[] {flowState.connection, nanos, message.frame()});
            return;
        }
        if (smallIdSpace) {
            learned = null;
        }
        if (learned != null && learned[0] != flowState.connection) {
            earlier = "learned at " + MessageRecord.timestamp(learned[1]) + " on another connection";
            otherConnection = true;
        }
        long[] recent = recentCommands.get(fingerprint);
        if (earlier == null && recent != null) {
            if (recent[0] != flowState.connection
                    && !(smallIdSpace && conversation.state(habits).repeatsAcrossConnections)) {
                // with a small id space and a client that reconnects and repeats by habit, a copy on
                // another connection cannot be told from the habit: claim no replay
                earlier = "seen at " + MessageRecord.timestamp(recent[1]) + " (frame " + recent[2]
                        + ") on another connection";
                otherConnection = true;
            } else if (!smallIdSpace && nanos - recent[1] > config.replayMinGapNanos()) {
                earlier = "seen " + Formats.seconds(nanos - recent[1]) + " earlier (frame " + recent[2]
                        + ") on this connection";
            }
        }
        recentCommands.put(fingerprint, new long[] {flowState.connection, nanos, message.frame()});
        if (earlier == null) {
            return;
        }
        if (sequence == SequenceRule.Verdict.IN_SEQUENCE && !otherConnection) {
            // a resend in the client's own numbering, not a copy of old bytes
            return;
        }
        ReconnectHabit reconnects = conversation.state(habits).reconnects;
        String habitText = "";
        if (otherConnection) {
            if (sequence != SequenceRule.Verdict.BROKEN && reconnects != null
                    && reconnects.allows(flowState.sincePreviousStartNanos)) {
                // a new connection when the client would open one anyway, numbered as it numbers:
                // the client resent its command
                return;
            }
            habitText = "; this connection started "
                    + (flowState.sincePreviousStartNanos < 0 ? "with no earlier start known"
                            : Formats.seconds(flowState.sincePreviousStartNanos) + " after the previous one")
                    + ", the client " + (reconnects == null ? "never reconnected while learning" : reconnects.describe());
        }
        int code = message.function().isPresent() ? message.function().getAsInt() : -1;
        context.raise(context.conversationAlert(AlertKind.REPLAYED_COMMAND,
                        new ReplayKey(conversation.key, fingerprint), nanos, conversation)
                .severity(AlertKind.REPLAYED_COMMAND.baseSeverity().shift(context.criticalityShift(conversation)))
                .function(code, message.functionName()).evidence(message.frame(), message.source())
                .baseline("identical command " + earlier + habitText)
                .detail(message.functionName() + " " + AlertFacts.rangesText(message)
                        + (message.transactionId().isPresent() ? " txid " + message.transactionId().getAsLong() : ""))
                .context(context.pointContexts().contextOfMessage(message)));
    }
}
