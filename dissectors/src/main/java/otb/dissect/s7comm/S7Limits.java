package otb.dissect.s7comm;

/** Bounds of the S7 dissection that are fixed by the standards or chosen here; per-flow bounds live in DissectorConfig. */
final class S7Limits {
    private S7Limits() {
    }

    /** S7 header without and with the error class/code of ack and ack-data PDUs. */
    static final int S7_HEADER_BYTES = 10;
    static final int S7_ACK_HEADER_BYTES = 12;
    /** S7comm-plus header (protocol id, version, length) and trailer. */
    static final int S7_PLUS_HEADER_BYTES = 4;
    /** Values kept per message; further values of a large read or write are counted, not kept. */
    static final int MAX_VALUES_PER_MESSAGE = 256;
    /** Ranges kept per message (an S7 PDU carries at most 255 items, usually about 20). */
    static final int MAX_RANGES_PER_MESSAGE = 64;
    /** SZL records decoded per response (identity lists have about 10). */
    static final int MAX_SZL_RECORDS = 64;
    /** Characters kept of a TSAP, file or service name. */
    static final int MAX_NAME_CHARS = 64;
}
