package otb.cli;

import picocli.CommandLine.Option;

/** {@code --threads N}: how many threads a run's pipeline may use; default the cores available. */
public final class ThreadOptions {
    /** More threads than this is a typing mistake, not a sensor. */
    static final int MAX_THREADS = 1024;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the pipeline (default: the cores available). With 2 or more, "
                    + "dissection and the baseline run on separate threads; output is the same for every N.")
    Integer threads;

    /** The number asked for, else the cores available; a bad number is a usage error. */
    int threads() {
        if (threads == null) {
            return Math.max(1, Runtime.getRuntime().availableProcessors());
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new UsageException("--threads " + threads + ": expected 1.." + MAX_THREADS);
        }
        return threads;
    }
}
