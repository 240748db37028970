package otb.baseline.sign;

/** A key file that cannot be made, read or used; the message is one line naming the file. */
public final class KeyException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
