package otb.baseline.detect;

import java.util.function.Function;
import otb.baseline.model.Conversation;
import otb.baseline.model.ConversationKey;

/**
 * One industrial conversation as detection follows it: its key, what was learned about it (null
 * when nothing), the cells of its ends, and one state object per rule that needs one. A rule
 * owns its state: it asks the context for a {@link Slot} once and finds its object there, made on
 * first use.
 */
final class ConversationState {
    final ConversationKey key;
    final Conversation learned;
    final String clientCell;
    final String serverCell;
    private final Object[] ruleStates;

    ConversationState(ConversationKey key, Conversation learned, String clientCell, String serverCell, int slots) {
        this.key = key;
        this.learned = learned;
        this.clientCell = clientCell;
        this.serverCell = serverCell;
        this.ruleStates = new Object[slots];
    }

    /** What was learned about this conversation, null when it is not in the baseline. */
    Conversation learned() {
        return learned;
    }

    /** The rule state in this slot, made on first use. */
    <S> S state(Slot<S> slot) {
        Object state = ruleStates[slot.index];
        if (state == null) {
            state = slot.create.apply(this);
            ruleStates[slot.index] = state;
        }
        return slot.type.cast(state);
    }

    /** Where one rule keeps its state in every conversation. */
    static final class Slot<S> {
        private final int index;
        private final Class<S> type;
        private final Function<ConversationState, S> create;

        Slot(int index, Class<S> type, Function<ConversationState, S> create) {
            this.index = index;
            this.type = type;
            this.create = create;
        }
    }
}
