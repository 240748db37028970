package otb.baseline.alert;

/**
 * Where alerts go: a database, a JSON-lines file, syslog, a message bus. Implementations may
 * buffer; {@link #flush} is called at the end of input and at checkpoints.
 */
public interface AlertSink extends AutoCloseable {

    /**
     * An alert's first occurrence, as soon as it is seen (for live display). Its count may grow;
     * the final form arrives through {@link #accept}. Default: ignored.
     */
    default void opened(Alert first) {
    }

    /** An alert whose de-duplication window closed (or the input ended): its final form. */
    void accept(Alert alert) throws AlertSinkException;

    default void flush() throws AlertSinkException {
    }

    @Override
    default void close() throws AlertSinkException {
        flush();
    }

    /** A sink failed to store or send an alert; the message is one line. */
    final class AlertSinkException extends Exception {
        private static final long serialVersionUID = 1L;

        public AlertSinkException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
