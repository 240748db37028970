package otb.runtime;

/**
 * Something the operator must fix before the pipeline can run or go on: a file that cannot be
 * written, a database with no baseline, an interface that cannot be opened. Its message is the
 * one line to show.
 */
public final class PipelineException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of fix it needs. */
    public enum Reason {
        /** Input, output or environment: a file, the database, the interface, a collector. */
        INPUT,
        /** The live capture filter does not compile (the message is libpcap's). */
        BAD_FILTER
    }

    private final Reason reason;

    public PipelineException(String message) {
        this(Reason.INPUT, message, null);
    }

    public PipelineException(String message, Throwable cause) {
        this(Reason.INPUT, message, cause);
    }

    public PipelineException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
