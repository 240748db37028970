package otb.baseline.detect;

/** What detection keeps per open flow: the cells of its ends, its connection, the conversation last used. */
final class FlowState {
    final String clientCell;
    final String serverCell;
    /** {@link otb.baseline.model.Commands#connectionIdentity} of the flow. */
    final long connection;
    /** The conversation of the flow's last message, reused while protocol and unit stay the same; null before. */
    ConversationState conversation;
    /**
     * Capture time from the start of the IP conversation's previous connection to this flow's
     * start (within this input, else since the last start learned); -1 when none is known.
     */
    long sincePreviousStartNanos = -1;

    FlowState(String clientCell, String serverCell, long connection) {
        this.clientCell = clientCell;
        this.serverCell = serverCell;
        this.connection = connection;
    }
}
