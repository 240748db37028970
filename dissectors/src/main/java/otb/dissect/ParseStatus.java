package otb.dissect;

/** What a session's parse call made of the bytes it was given. */
public enum ParseStatus {
    /** Consumed one or more whole frames (or resynchronised past bad bytes); call again if bytes remain. */
    OK,
    /** The bytes left start a frame that is not complete yet; nothing of it was consumed. */
    NEED_MORE,
    /** The bytes are not this protocol at all; nothing was consumed. */
    NOT_THIS_PROTOCOL
}
