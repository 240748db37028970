package otb.dissect;

/** A content probe's verdict on the first bytes of a stream. */
public enum Probe {
    MATCH, NO_MATCH, NEED_MORE
}
