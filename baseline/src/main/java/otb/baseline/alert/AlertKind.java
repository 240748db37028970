package otb.baseline.alert;

/** What an alert says departed from the baseline, with the severity it starts from. */
public enum AlertKind {
    /** An address the baseline never saw. */
    NEW_ASSET(Severity.MEDIUM),
    /** A conversation (industrial or any IP service) the baseline never saw. */
    NEW_CONVERSATION(Severity.MEDIUM),
    /** A new conversation between cells that no conduit allows. */
    CROSS_CELL_CONVERSATION(Severity.HIGH),
    /** A function a known conversation never used. */
    NEW_FUNCTION_CODE(Severity.MEDIUM),
    /** A conversation that only ever read now writes, controls or programs. */
    NEW_WRITER(Severity.HIGH),
    /** A write to points never written, or a written value outside the point's envelope. */
    WRITE_OUTSIDE_LEARNED_RANGE(Severity.HIGH),
    /** Program download/upload, CPU stop/start, restart, firmware: always raised. */
    PROGRAM_OR_STOP(Severity.CRITICAL),
    /** A point value outside its learned envelope or set of values. */
    VALUE_OUT_OF_RANGE(Severity.MEDIUM),
    /** A write/control command identical to an earlier one on another connection or long after. */
    REPLAYED_COMMAND(Severity.HIGH),
    /**
     * A sender broke the sequence discipline it kept while learning: a counter (transaction id,
     * application or transport sequence, PDU reference, N(S)) repeated, jumped, started a
     * connection where none started, or a second sender interleaved on it.
     */
    SEQUENCE_ANOMALY(Severity.MEDIUM),
    /** A window of a varying point's values repeats an earlier window exactly. */
    REPLAYED_VALUES(Severity.HIGH),
    /** A point that normally varies keeps one value far longer than ever learned. */
    FROZEN_VALUE(Severity.MEDIUM),
    /** A polling cycle departs from its learned median beyond its spread. */
    CYCLE_DEVIATION(Severity.LOW),
    /** A polling channel seen in this input stopped while the rest of the traffic went on. */
    CHANNEL_SILENT(Severity.MEDIUM),
    /** Requests of a conversation that used to be answered stopped being answered. */
    NO_RESPONSE(Severity.MEDIUM),
    /** Far more requests per second than the conversation's learned peak. */
    FLOOD(Severity.HIGH),
    /** A sweep of unit ids, function codes, addresses, hosts or ports. */
    SCAN(Severity.HIGH),
    /** Many exception responses in a short time, more than learned. */
    EXCEPTION_BURST(Severity.MEDIUM),
    /** Bytes that do not frame as the flow's protocol. */
    MALFORMED(Severity.LOW),
    /** Live capture lost packets (kernel, interface or queue drops); raised by the live source. */
    CAPTURE_LOSS(Severity.MEDIUM),
    /** A live interface stopped delivering traffic; raised by the live source. */
    NO_TRAFFIC(Severity.HIGH),
    /**
     * A budget on what grows with the traffic (automatic cells, learned points, open alerts, ...)
     * was reached; otb goes on in a documented, degraded way. Raised once per budget and run.
     */
    BUDGET_EXCEEDED(Severity.MEDIUM);

    private final Severity baseSeverity;

    AlertKind(Severity baseSeverity) {
        this.baseSeverity = baseSeverity;
    }

    public Severity baseSeverity() {
        return baseSeverity;
    }
}
