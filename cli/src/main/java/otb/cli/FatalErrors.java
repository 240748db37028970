package otb.cli;

import java.io.PrintStream;

/**
 * What otb says when the JVM itself fails — {@link OutOfMemoryError}, {@link StackOverflowError}
 * or another {@link Error} — on whichever thread: one line on stderr, then exit {@link ExitCode#INTERNAL}.
 *
 * <p>The process is halted, not exited: after an Error the program's state can no longer be
 * trusted, so no shutdown hook (the monitor's final snapshot) runs on it. For the database this is
 * the same as {@code kill -9}: every committed snapshot and alert batch stays intact. A JVM flag
 * such as {@code -XX:+ExitOnOutOfMemoryError} would end the process too, but with exit 3 (otb's
 * "input error") and the JVM's own words, so otb catches the Error at the top of each thread.
 */
final class FatalErrors {
    /** Freed first when an Error arrives, so the heap has room for the one line even when full. */
    private static volatile byte[] reserve = new byte[64 * 1024];

    private FatalErrors() {
    }

    /** Makes an Error that ends any other thread end the process the same way. */
    static void install(boolean debug) {
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (failure instanceof Error error) {
                halt(error, debug);
            }
            System.err.print("Exception in thread \"" + thread.getName() + "\" "); // as the JVM's own handler
            failure.printStackTrace();
        });
    }

    /** Prints the one line for {@code error} (with its stack trace first under --debug) and halts with exit 4. */
    static void halt(Error error, boolean debug) {
        reserve = null;
        try {
            PrintStream err = System.err;
            if (debug) {
                error.printStackTrace(err);
            }
            err.println(line(error, Runtime.getRuntime().maxMemory()));
            err.flush();
        } catch (Throwable ignored) {
            // nothing more can be said; the exit code still tells
        } finally {
            Runtime.getRuntime().halt(ExitCode.INTERNAL);
        }
    }

    /** The line for {@code error} in a JVM whose heap may grow to {@code maxHeapBytes}. */
    static String line(Error error, long maxHeapBytes) {
        if (error instanceof OutOfMemoryError) {
            String what = error.getMessage() == null ? "" : error.getMessage();
            if (what.contains("Java heap") || what.contains("GC overhead") || what.contains("array size")) {
                long mebibytes = Math.max(1, (maxHeapBytes + (1 << 19)) >> 20);
                return "otb: out of memory (heap " + mebibytes + " MiB): raise it with OTB_JAVA_OPTS=-Xmx"
                        + suggestedHeap(mebibytes) + " (the monitor service: in /etc/default/otb-monitor), or give "
                        + "otb fewer or smaller captures per run";
            }
            return "otb: out of memory (" + (what.isEmpty() ? "outside the heap" : what) + "): give otb more "
                    + "memory or fewer or smaller captures per run";
        }
        if (error instanceof StackOverflowError) {
            return "otb: internal error: stack overflow (a bug; re-run with --debug for the stack trace)";
        }
        return "otb: internal error: " + error + " (re-run with --debug for details)";
    }

    /** Twice the heap, in a unit people write: {@code 512m}, {@code 2g}. */
    private static String suggestedHeap(long mebibytes) {
        long twice = 2 * mebibytes;
        return twice >= 1024 && twice % 1024 == 0 ? twice / 1024 + "g" : twice + "m";
    }
}
