package otb.cli;

import picocli.CommandLine.Option;

/** {@code --threads N}: how many threads a run's pipeline may use. */
public final class ThreadOptions {
    /** More threads than this is a typing mistake, not a sensor. */
    static final int MAX_THREADS = 1024;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the pipeline (default: the cores available but one, at least 1). With 2 or "
                    + "more, dissection and the baseline run on separate threads; learning with 3 or more learns in "
                    + "N-1 shards. The output is the same for every N.")
    Integer threads;

    /**
     * The number asked for, else the cores available but one: the JVM's JIT compiler and garbage
     * collector keep about one core busy during a run (measured in bench/README.md, "Threads"), and
     * on two cores a second pipeline thread made runs slower, not faster. A bad number is a usage error.
     */
    int threads() {
        if (threads == null) {
            return defaultThreads(Runtime.getRuntime().availableProcessors());
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new UsageException("--threads " + threads + ": expected 1.." + MAX_THREADS);
        }
        return threads;
    }

    static int defaultThreads(int cores) {
        return Math.max(1, cores - 1);
    }
}
