package otb.baseline.detect;

import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.model.ConversationKey;
import otb.dissect.OtMessage;

/**
 * FLOOD: more requests within one second of capture time than a multiple of the conversation's
 * learned peak (at least a floor), or than a fixed rate for a conversation not in the baseline.
 */
final class FloodRule {
    private static final long SECOND = 1_000_000_000L;

    /** Floods fold per conversation. */
    record FloodKey(ConversationKey conversation) implements AlertKey {
        @Override
        public String text() {
            return "flood|" + conversation;
        }
    }

    /** Requests of one conversation in the current second. */
    private static final class Rate {
        long second = Long.MIN_VALUE;
        long requestsThisSecond;
    }

    private final DetectionContext context;
    private final DetectionConfig config;
    private final ConversationState.Slot<Rate> slot;

    FloodRule(DetectionContext context) {
        this.context = context;
        this.config = context.config();
        this.slot = context.conversationSlot(Rate.class, conversation -> new Rate());
    }

    /** Any request. */
    void request(OtMessage message, ConversationState conversation) {
        Rate rate = conversation.state(slot);
        long second = Math.floorDiv(message.timestampNanos(), SECOND);
        if (second != rate.second) {
            rate.second = second;
            rate.requestsThisSecond = 0;
        }
        rate.requestsThisSecond++;
        long limit = conversation.learned == null ? config.floodUnknownRate()
                : Math.max(config.floodMinRate(), config.floodFactor() * conversation.learned.peakRequestsPerSecond());
        if (rate.requestsThisSecond == limit + 1) {
            context.raise(context.conversationAlert(AlertKind.FLOOD, new FloodKey(conversation.key),
                            message.timestampNanos(), conversation)
                    .severity(AlertKind.FLOOD.baseSeverity().shift(context.criticalityShift(conversation)))
                    .evidence(message.frame(), message.source())
                    .baseline(conversation.learned == null ? "not in the baseline; flood above " + limit + " requests/s"
                            : "learned peak " + conversation.learned.peakRequestsPerSecond() + " requests/s")
                    .detail("more than " + limit + " requests within one second"));
        }
    }
}
