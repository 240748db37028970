package otb.capture;

/**
 * Input that cannot be read on: damaged or unknown file format, I/O error, missing interface.
 * The message is one line meant for the operator and names the file and byte offset where
 * that is known.
 */
public class CaptureException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
