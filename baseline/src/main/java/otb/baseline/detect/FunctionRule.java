package otb.baseline.detect;

import java.util.ArrayList;
import java.util.List;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;
import otb.baseline.model.Conversation;
import otb.baseline.model.ConversationKey;
import otb.baseline.model.FunctionUse;
import otb.capture.IpAddress;
import otb.dissect.OtMessage;

/**
 * Functions a learned conversation never used: NEW_WRITER when a conversation that only read
 * sends a write, control or program command; NEW_FUNCTION_CODE otherwise (high when the new
 * function changes something). Each function is raised once per run.
 */
final class FunctionRule {
    /** A function new to a conversation, noticed once. */
    record NewFunction(ConversationKey conversation, int code, String name) {
    }

    /** NEW_WRITER alerts fold per conversation. */
    record WriterKey(ConversationKey conversation) implements AlertKey {
        @Override
        public String text() {
            return "writer|" + conversation;
        }
    }

    /** NEW_FUNCTION_CODE alerts fold per conversation. */
    record FunctionKey(ConversationKey conversation) implements AlertKey {
        @Override
        public String text() {
            return "func|" + conversation;
        }
    }

    /** What a scan of functions reaches: a function of a server. */
    private record FunctionTarget(IpAddress server, int code, String name) {
    }

    private final DetectionContext context;
    private final ScanRule scans;

    FunctionRule(DetectionContext context, ScanRule scans) {
        this.context = context;
        this.scans = scans;
    }

    /**
     * A request of a learned conversation with a function it never used.
     *
     * @param change whether the function changes data, outputs or the program
     */
    void newFunction(OtMessage message, ConversationState conversation, int code, boolean change) {
        if (!context.notice(new NewFunction(conversation.key, code, message.functionName()))) {
            return;
        }
        Conversation learned = conversation.learned;
        long nanos = message.timestampNanos();
        scans.count(message.src(), ScanRule.Category.FUNCTIONS,
                new FunctionTarget(conversation.key.server(), code, message.functionName()), code,
                nanos, message.frame(), message.source(), conversation.serverCell, conversation.key.server());
        List<String> known = new ArrayList<>();
        for (FunctionUse use : learned.functions()) {
            known.add(use.label());
        }
        if (change && !learned.writes()) {
            context.raise(context.conversationAlert(AlertKind.NEW_WRITER, new WriterKey(conversation.key), nanos,
                            conversation)
                    .severity(AlertKind.NEW_WRITER.baseSeverity().shift(context.criticalityShift(conversation)))
                    .function(code, message.functionName()).evidence(message.frame(), message.source())
                    .baseline("only ever used " + String.join(", ", known))
                    .detail(message.operation().wireName() + " " + message.functionName() + " "
                            + AlertFacts.rangesText(message))
                    .context(context.pointContexts().contextOfMessage(message))
                    .fold(AlertFacts.functionFold(conversation, message)));
            return;
        }
        AlertKind kind = AlertKind.NEW_FUNCTION_CODE;
        Severity base = change ? Severity.HIGH : kind.baseSeverity();
        context.raise(context.conversationAlert(kind, new FunctionKey(conversation.key), nanos, conversation)
                .severity(base.shift(context.criticalityShift(conversation)))
                .function(code, message.functionName()).evidence(message.frame(), message.source())
                .baseline("learned functions: " + String.join(", ", known))
                .detail(message.operation().wireName() + " " + (code >= 0 ? code + " " : "") + message.functionName())
                .context(context.pointContexts().contextOfMessage(message))
                .fold(AlertFacts.functionFold(conversation, message)));
    }
}
