package otb.cli;

import java.io.PrintStream;
import otb.baseline.model.Baseline;
import otb.baseline.model.Maturity;
import picocli.CommandLine.Option;

/**
 * When a baseline counts as mature, for the commands that detect against one or report on it:
 * below either threshold they say on stderr (and the report says) that it is immature.
 */
public final class MaturityOptions {
    @Option(names = "--min-completeness", paramLabel = "PERCENT", defaultValue = "50",
            description = "A baseline whose weakest cell's learning completeness is below this is immature "
                    + "(0-100, default: ${DEFAULT-VALUE}).")
    int minCompletenessPercent;

    @Option(names = "--min-learning", paramLabel = "DURATION", defaultValue = "1h",
            description = "A baseline learned over less capture time than this is immature (default: ${DEFAULT-VALUE}).")
    String minLearning;

    /** Checks the option values (exit 2 when bad); call before the run starts. */
    MaturityOptions validate() {
        if (minCompletenessPercent < 0 || minCompletenessPercent > 100) {
            throw new UsageException("--min-completeness " + minCompletenessPercent + ": use 0 to 100");
        }
        Durations.parseNanos(minLearning);
        return this;
    }

    /** The maturity of {@code baseline} against the thresholds given. */
    Maturity of(Baseline baseline) {
        validate();
        return Maturity.of(baseline, minCompletenessPercent / 100.0, Durations.parseNanos(minLearning));
    }

    /** Says on {@code err} when the baseline of snapshot {@code snapshot} is immature; returns its maturity. */
    Maturity warn(PrintStream err, String snapshot, Baseline baseline) {
        Maturity maturity = of(baseline);
        if (maturity.immature()) {
            err.println(warning(snapshot, maturity));
        }
        return maturity;
    }

    /** The warning line for an immature baseline. */
    static String warning(String snapshot, Maturity maturity) {
        return "otb: warning: baseline snapshot " + snapshot + " is " + maturity.summary()
                + "; alerts may only show what it has not learned yet";
    }
}
