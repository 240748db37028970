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
import otb.dissect.MessageRecord;
import otb.dissect.OtMessage;

/**
 * REPLAYED_COMMAND: a write, control or program command identical (same fingerprint, transaction
 * id included) to one learned on another connection, or seen earlier in this input on another
 * connection or long before on the same one. Commands a client repeats by habit are not replays,
 * nor is a command whose sequence counters keep the client's learned discipline
 * ({@link SequenceRule.Verdict#IN_SEQUENCE}) when it comes again on the same connection (the
 * counter wrapped) or on a new one of a client that reconnects by habit (learned on several
 * connections): its numbering explains the identical transaction id, a replay's would break it.
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
        /** True when learning saw the client open several connections to the server's port. */
        final boolean reconnects;

        ConversationHabits(ConversationState conversation, Baseline baseline) {
            this.repeatsAcrossConnections = conversation.learned != null && conversation.learned.functions().stream()
                    .anyMatch(FunctionUse::repeatsCommandsAcrossConnections);
            IpConversation ip = conversation.learned == null ? null : baseline.ipConversation(new IpConversationKey(
                    conversation.key.client(), conversation.key.server(), conversation.learned.transport(),
                    conversation.learned.serverPort()));
            this.reconnects = ip != null && ip.flows() >= 2;
        }
    }

    private final DetectionContext context;
    private final DetectionConfig config;
    private final ConversationState.Slot<ConversationHabits> habits;
    /** Command fingerprint → {connection identity, capture time, frame} of its latest sending; bounded. */
    private final BoundedMap<Long, long[]> recentCommands;

    ReplayedCommandRule(DetectionContext context) {
        this.context = context;
        this.config = context.config();
        this.habits = context.conversationSlot(ConversationHabits.class,
                conversation -> new ConversationHabits(conversation, context.baseline()));
        this.recentCommands = new BoundedMap<>(config.maxNoticed());
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
        if (sequence == SequenceRule.Verdict.IN_SEQUENCE
                && (!otherConnection || conversation.state(habits).reconnects)) {
            // a resend in the client's own numbering, not a copy of old bytes
            return;
        }
        int code = message.function().isPresent() ? message.function().getAsInt() : -1;
        context.raise(context.conversationAlert(AlertKind.REPLAYED_COMMAND,
                        new ReplayKey(conversation.key, fingerprint), nanos, conversation)
                .severity(AlertKind.REPLAYED_COMMAND.baseSeverity().shift(context.criticalityShift(conversation)))
                .function(code, message.functionName()).evidence(message.frame(), message.source())
                .baseline("identical command " + earlier)
                .detail(message.functionName() + " " + AlertFacts.rangesText(message)
                        + (message.transactionId().isPresent() ? " txid " + message.transactionId().getAsLong() : ""))
                .context(context.pointContexts().contextOfMessage(message)));
    }
}
