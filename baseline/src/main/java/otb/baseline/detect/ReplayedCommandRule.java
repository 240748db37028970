package otb.baseline.detect;

import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.model.Commands;
import otb.baseline.model.ConversationKey;
import otb.baseline.model.Formats;
import otb.baseline.model.FunctionUse;
import otb.dissect.MessageRecord;
import otb.dissect.OtMessage;

/**
 * REPLAYED_COMMAND: a write, control or program command identical (same fingerprint, transaction
 * id included) to one learned on another connection, or seen earlier in this input on another
 * connection or long before on the same one. Commands a client repeats by habit are not replays.
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

        ConversationHabits(ConversationState conversation) {
            this.repeatsAcrossConnections = conversation.learned != null && conversation.learned.functions().stream()
                    .anyMatch(FunctionUse::repeatsCommandsAcrossConnections);
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
        this.habits = context.conversationSlot(ConversationHabits.class, ConversationHabits::new);
        this.recentCommands = new BoundedMap<>(config.maxNoticed());
    }

    /** A change request; {@code function} is its learned use, null when never learned. */
    void check(OtMessage message, FlowState flowState, ConversationState conversation, FunctionUse function) {
        long fingerprint = Commands.fingerprint(message);
        long nanos = message.timestampNanos();
        String earlier = null;
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
        }
        long[] recent = recentCommands.get(fingerprint);
        if (earlier == null && recent != null) {
            if (recent[0] != flowState.connection
                    && !(smallIdSpace && conversation.state(habits).repeatsAcrossConnections)) {
                // with a small id space and a client that reconnects and repeats by habit, a copy on
                // another connection cannot be told from the habit: claim no replay
                earlier = "seen at " + MessageRecord.timestamp(recent[1]) + " (frame " + recent[2]
                        + ") on another connection";
            } else if (!smallIdSpace && nanos - recent[1] > config.replayMinGapNanos()) {
                earlier = "seen " + Formats.seconds(nanos - recent[1]) + " earlier (frame " + recent[2]
                        + ") on this connection";
            }
        }
        recentCommands.put(fingerprint, new long[] {flowState.connection, nanos, message.frame()});
        if (earlier == null) {
            return;
        }
        int code = message.function().isPresent() ? message.function().getAsInt() : -1;
        context.raise(context.conversationAlert(AlertKind.REPLAYED_COMMAND,
                        new ReplayKey(conversation.key, fingerprint), nanos, conversation)
                .severity(AlertKind.REPLAYED_COMMAND.baseSeverity().shift(context.criticalityShift(conversation)))
                .function(code, message.functionName()).evidence(message.frame(), message.source())
                .baseline("identical command " + earlier)
                .detail(message.functionName() + " " + AlertFacts.rangesText(message)
                        + (message.transactionId().isPresent() ? " txid " + message.transactionId().getAsLong() : "")));
    }
}
