package otb.capture;

/** A live interface that cannot be captured on, with the reason so callers can choose an exit code. */
public final class LiveCaptureException extends CaptureException {
    private static final long serialVersionUID = 1L;

    /** Why capture could not start. */
    public enum Reason {
        /** No interface of that name (list them with {@code otb interfaces}). */
        NO_SUCH_INTERFACE,
        /** Neither root nor CAP_NET_RAW and CAP_NET_ADMIN. */
        PERMISSION_DENIED,
        /** The interface exists but is down. */
        INTERFACE_DOWN,
        /** The BPF filter expression does not compile. */
        BAD_FILTER,
        /** libpcap is not installed or cannot be loaded. */
        NO_LIBPCAP,
        /** Anything else libpcap reports. */
        OTHER
    }

    private final Reason reason;

    public LiveCaptureException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
