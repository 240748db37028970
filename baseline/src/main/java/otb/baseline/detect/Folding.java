package otb.baseline.detect;

/** An alert that new assets and conversations fold into instead of raising their own: a scan or a flood. */
interface Folding {
    /** A new asset, not raised on its own. */
    void foldAsset(long nanos, long frame);

    /** A new conversation, not raised on its own. */
    void foldConversation(long nanos, long frame);
}
