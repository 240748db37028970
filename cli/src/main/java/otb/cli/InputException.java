package otb.cli;

/** Input the operator must fix; its message is the one line shown, exit code {@link ExitCode#INPUT}. */
public final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
