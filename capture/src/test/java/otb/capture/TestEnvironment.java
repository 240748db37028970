package otb.capture;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What happens to a test when the machine lacks something it needs (root, tcpreplay, Chromium):
 * on CI (the {@code CI} variable set, as {@code .ci/run} sets it) every test must run, so the test
 * fails; elsewhere it is skipped, with the reason in the Surefire report and on stderr. Call it
 * from the test or a {@code @BeforeEach}, never from a {@code @BeforeAll}: Surefire counts a class
 * aborted there as zero tests run and zero skipped, with no reason anywhere in its report.
 */
public final class TestEnvironment {
    private TestEnvironment() {
    }

    /** True where CI runs the suite and nothing may be skipped. */
    public static boolean isCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** Returns when {@code missing} is null; otherwise skips the running test with it, or fails on CI. */
    public static void requireOrSkip(String missing) {
        if (missing == null) {
            return;
        }
        if (isCi()) {
            fail(missing + " (CI runs every test; ./install-test-deps.sh installs what tests need)");
        }
        System.err.println("SKIPPED: " + missing);
        Assumptions.abort(missing + " (./install-test-deps.sh installs what tests need)");
    }
}
