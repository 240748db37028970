package otb.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr — bytes and packets done, rate, ETA — only when stderr is a terminal and
 * not --quiet, and only once a run has lasted a couple of seconds.
 */
final class Progress implements AutoCloseable {
    private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
    private final long totalBytes;
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private ProgressBar bar;
    private long bytes;
    private long packets;

    private Progress(long totalBytes, boolean enabled) {
        this.totalBytes = totalBytes;
        this.enabled = enabled;
    }

    static Progress start(long totalBytes, boolean quiet, PrintStream err) {
        // The launcher says whether stderr is a terminal; run without it, fall back to the console check.
        String told = System.getProperty("otb.stderrTerminal");
        boolean terminal = err == System.err && (told != null ? Boolean.parseBoolean(told) : System.console() != null);
        return new Progress(totalBytes, terminal && !quiet);
    }

    void frame(long approximateFileBytes) {
        bytes += approximateFileBytes;
        packets++;
        if (!enabled || (packets & 0x3FFF) != 0) {
            return;
        }
        if (bar == null) {
            if (System.nanoTime() - startNanos < SHOW_AFTER_NANOS) {
                return;
            }
            bar = new ProgressBarBuilder().setTaskName("reading").setInitialMax(Math.max(1, totalBytes / 1024))
                    .setUnit(" MiB", 1024).setStyle(ProgressBarStyle.ASCII).showSpeed().setUpdateIntervalMillis(250)
                    .build();
        }
        bar.stepTo(Math.min(bytes, totalBytes) / 1024);
        bar.setExtraMessage(" | " + packets / 1000 + "k packets");
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.stepTo(Math.max(1, totalBytes / 1024));
            bar.close();
        }
    }
}
