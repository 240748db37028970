package otb.cli;

/** Exit codes of every otb command, as documented in --help and the README. */
public final class ExitCode {
    /** Success; for diff: nothing changed. */
    public static final int OK = 0;
    /** Alerts at or above --fail-on were raised; for diff: something changed. */
    public static final int FINDINGS = 1;
    /** Bad command line: unknown option, bad value, missing argument. */
    public static final int USAGE = 2;
    /** Bad input: missing or damaged capture, wrong database, missing interface. */
    public static final int INPUT = 3;
    /** A bug in otb (run again with --debug and report the stack trace), or the JVM out of memory. */
    public static final int INTERNAL = 4;

    static final String HELP_SECTION = "%nExit codes:%n"
            + "  0  success (diff: no change)%n"
            + "  1  alerts at or above --fail-on (diff: changes found)%n"
            + "  2  usage error%n"
            + "  3  input error (missing or damaged capture, wrong database, missing interface) or output that cannot be written%n"
            + "  4  internal error (re-run with --debug) or out of memory%n";

    private ExitCode() {
    }
}
