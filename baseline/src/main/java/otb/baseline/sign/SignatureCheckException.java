package otb.baseline.sign;

/**
 * A signed baseline or signed entry that must be refused: unsigned, altered, malformed, or signed
 * by a key that is not trusted. The message is one line saying which.
 */
public final class SignatureCheckException extends Exception {
    private static final long serialVersionUID = 1L;

    public SignatureCheckException(String message) {
        super(message);
    }

    public SignatureCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
