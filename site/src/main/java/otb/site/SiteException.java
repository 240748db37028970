package otb.site;

/** The site transport failed (broker unreachable, spool unusable); the message is one line. */
public final class SiteException extends Exception {
    private static final long serialVersionUID = 1L;

    public SiteException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the broker did not answer in time or answered "try again" (it may be restarting or
     * starved), rather than refusing: then trying again later can succeed.
     */
    public boolean noAnswer() {
        Throwable cause = getCause();
        if (cause instanceof java.util.concurrent.ExecutionException execution) {
            cause = execution.getCause();
        }
        return cause instanceof java.util.concurrent.TimeoutException
                || cause instanceof org.apache.kafka.common.errors.RetriableException;
    }

    /** The first line of a cause's message, or its class name. */
    static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }
}
