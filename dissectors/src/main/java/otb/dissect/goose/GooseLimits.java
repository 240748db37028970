package otb.dissect.goose;

/** Every bound the GOOSE parser and session apply to wire data, in one place. */
final class GooseLimits {
    private GooseLimits() {
    }

    /** Longest visible string kept (gocbRef, datSet, goID are at most 129 characters by IEC 61850-7-2). */
    static final int MAX_TEXT_CHARS = 129;
    /** Data set entries whose values are read into a record; the rest are counted only. */
    static final int MAX_VALUES = 64;
    /** Nesting of structures and arrays in allData walked before the rest is skipped. */
    static final int MAX_DEPTH = 8;
    /** Control blocks per flow whose counters a session remembers (one publisher usually has a few). */
    static final int MAX_CONTROL_BLOCKS_PER_FLOW = 64;
}
