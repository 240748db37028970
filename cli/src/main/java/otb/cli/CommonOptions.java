package otb.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
public final class CommonOptions {
    @Option(names = "--debug", description = "Show stack traces of errors (for bug reports).")
    boolean debug;

    @Option(names = {"-q", "--quiet"}, description = "No progress display on stderr.")
    boolean quiet;

    @Option(names = "--local-time", description = "Show times in the local time zone instead of UTC.")
    boolean localTime;
}
