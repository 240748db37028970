package otb.baseline.cells;

/** A cells file that cannot be read or parsed; the message is one line naming file and line. */
public final class CellsException extends Exception {
    private static final long serialVersionUID = 1L;

    public CellsException(String message) {
        super(message);
    }
}
