package otb.baseline.detect;

import java.util.Locale;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.model.Conversation;
import otb.baseline.model.ConversationKey;
import otb.baseline.model.Formats;
import otb.dissect.OtMessage;

/**
 * How a server answers: NO_RESPONSE when a server that learning saw answer nearly every request
 * leaves many unanswered for a while, EXCEPTION_BURST when its exception responses within a
 * window far exceed the learned ratio.
 */
final class ResponseRule {
    /** Unanswered requests fold per conversation. */
    record NoResponseKey(ConversationKey conversation) implements AlertKey {
        @Override
        public String text() {
            return "noresp|" + conversation;
        }
    }

    /** Exception bursts fold per conversation. */
    record ExceptionBurstKey(ConversationKey conversation) implements AlertKey {
        @Override
        public String text() {
            return "exc|" + conversation;
        }
    }

    /** Requests awaiting an answer and the current exception window of one conversation. */
    private static final class Answers {
        long unanswered;
        long firstUnansweredNanos;
        long firstUnansweredFrame;
        boolean noResponseRaised;
        long exceptionWindowStart = Long.MIN_VALUE;
        long exceptionsInWindow;
        long responsesInWindow;
        boolean exceptionBurstRaised;
    }

    private final DetectionContext context;
    private final DetectionConfig config;
    private final ConversationState.Slot<Answers> slot;

    ResponseRule(DetectionContext context) {
        this.context = context;
        this.config = context.config();
        this.slot = context.conversationSlot(Answers.class, conversation -> new Answers());
    }

    /** Any request: one more awaiting its answer. */
    void request(OtMessage message, ConversationState conversation) {
        Answers answers = conversation.state(slot);
        answers.unanswered++;
        if (answers.unanswered == 1) {
            answers.firstUnansweredNanos = message.timestampNanos();
            answers.firstUnansweredFrame = message.frame();
        }
        Conversation learned = conversation.learned;
        if (learned == null || answers.noResponseRaised || learned.requests() < config.minLearnedSamples()
                || learned.responses() * 10 < learned.requests() * 9
                || answers.unanswered < config.noResponseRequests()
                || message.timestampNanos() - answers.firstUnansweredNanos < config.noResponseMinNanos()) {
            return;
        }
        answers.noResponseRaised = true;
        context.raise(context.conversationAlert(AlertKind.NO_RESPONSE, new NoResponseKey(conversation.key),
                        answers.firstUnansweredNanos, conversation)
                .severity(AlertKind.NO_RESPONSE.baseSeverity().shift(context.criticalityShift(conversation)))
                .evidence(answers.firstUnansweredFrame, message.source())
                .baseline("learned " + learned.responses() + " responses to " + learned.requests() + " requests")
                .detail(answers.unanswered + " requests unanswered over "
                        + Formats.seconds(message.timestampNanos() - answers.firstUnansweredNanos)));
    }

    /** Any response: the server answers; exceptions are counted for a learned conversation. */
    void response(OtMessage message, ConversationState conversation) {
        Answers answers = conversation.state(slot);
        answers.unanswered = 0;
        answers.noResponseRaised = false;
        if (conversation.learned != null) {
            checkExceptions(message, conversation, answers);
        }
    }

    private void checkExceptions(OtMessage message, ConversationState conversation, Answers answers) {
        long nanos = message.timestampNanos();
        if (answers.exceptionWindowStart == Long.MIN_VALUE
                || nanos - answers.exceptionWindowStart > config.exceptionWindowNanos()) {
            if (!message.isException()) {
                return;
            }
            answers.exceptionWindowStart = nanos;
            answers.exceptionsInWindow = 0;
            answers.responsesInWindow = 0;
            answers.exceptionBurstRaised = false;
        }
        answers.responsesInWindow++;
        if (!message.isException()) {
            return;
        }
        answers.exceptionsInWindow++;
        Conversation learned = conversation.learned;
        double learnedRatio = learned.responses() == 0 ? 0 : (double) learned.exceptions() / learned.responses();
        double expected = 3 * learnedRatio * answers.responsesInWindow + 1;
        if (!answers.exceptionBurstRaised && answers.exceptionsInWindow >= config.exceptionBurst()
                && answers.exceptionsInWindow >= expected) {
            answers.exceptionBurstRaised = true;
            context.raise(context.conversationAlert(AlertKind.EXCEPTION_BURST, new ExceptionBurstKey(conversation.key),
                            nanos, conversation)
                    .severity(AlertKind.EXCEPTION_BURST.baseSeverity().shift(context.criticalityShift(conversation)))
                    .function(message.function().isPresent() ? message.function().getAsInt() : -1, message.functionName())
                    .evidence(message.frame(), message.source())
                    .baseline(String.format(Locale.ROOT, "learned %d exceptions in %d responses", learned.exceptions(),
                            learned.responses()))
                    .detail(answers.exceptionsInWindow + " exceptions in " + answers.responsesInWindow
                            + " responses within " + Formats.seconds(config.exceptionWindowNanos()) + ", last "
                            + message.exceptionName()));
        }
    }
}
