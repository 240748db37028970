package otb.site;

/** The site transport failed (broker unreachable, spool unusable); the message is one line. */
public final class SiteException extends Exception {
    private static final long serialVersionUID = 1L;

    public SiteException(String message, Throwable cause) {
        super(message, cause);
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
