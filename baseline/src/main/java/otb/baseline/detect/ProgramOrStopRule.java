package otb.baseline.detect;

import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;
import otb.baseline.model.ConversationKey;
import otb.baseline.model.FunctionUse;
import otb.dissect.FunctionEffect;
import otb.dissect.OperationClass;
import otb.dissect.OtMessage;

/**
 * PROGRAM_OR_STOP: program transfer, CPU start/stop, restarts and firmware, always raised (only
 * the parts of one sequence fold); medium when learning saw the conversation do it before.
 */
final class ProgramOrStopRule {
    /** Folds per conversation and function. */
    record ProgramKey(ConversationKey conversation, int code, String name) implements AlertKey {
        @Override
        public String text() {
            return "prog|" + conversation + "|" + code + "|" + name;
        }
    }

    private final DetectionContext context;

    ProgramOrStopRule(DetectionContext context) {
        this.context = context;
    }

    /**
     * Program transfer or change, CPU start/stop, restarts, memory resets and firmware: the
     * program class, or a function its protocol's descriptor gives an effect (the dissector that
     * knows the protocol decides which; see {@link otb.dissect.FunctionEffect}).
     */
    static boolean isProgramOrStop(OtMessage message) {
        return message.operation() == OperationClass.PROGRAM
                || message.protocol().effect(message.functionName()) != FunctionEffect.NONE;
    }

    /** Raises a program/stop request; {@code function} is its learned use, null when never learned. */
    void programOrStop(OtMessage message, ConversationState conversation, FunctionUse function) {
        boolean learnedBefore = function != null && function.requests() > 0;
        Severity severity = learnedBefore ? Severity.MEDIUM : AlertKind.PROGRAM_OR_STOP.baseSeverity();
        int code = message.function().isPresent() ? message.function().getAsInt() : -1;
        context.raise(context.conversationAlert(AlertKind.PROGRAM_OR_STOP,
                        new ProgramKey(conversation.key, code, message.functionName()), message.timestampNanos(),
                        conversation)
                .severity(severity.shift(context.criticalityShift(conversation)))
                .function(code, message.functionName()).evidence(message.frame(), message.source())
                .baseline(learnedBefore ? "learned: " + function.requests() + " " + message.functionName()
                        + " requests in this conversation" : "never seen in this conversation")
                .detail(message.operation().wireName() + " " + message.functionName())
                .context(context.pointContexts().contextOfMessage(message))
                .fold(AlertFacts.functionFold(conversation, message)));
    }
}
