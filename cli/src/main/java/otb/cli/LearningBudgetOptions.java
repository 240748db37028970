package otb.cli;

import otb.baseline.model.BaselineLimits;
import picocli.CommandLine.Option;

/**
 * The learning budgets ({@link BaselineLimits}) as options of the commands that learn
 * ({@code otb learn}, a learning {@code otb monitor}); each description names the default and the
 * heap it needs when full (measured, README "Budgets").
 */
final class LearningBudgetOptions {
    @Option(names = "--max-assets", paramLabel = "N", defaultValue = "" + BaselineLimits.DEFAULT_ASSETS,
            description = "Learning budget: addresses learned as assets (default: ${DEFAULT-VALUE}, 19 MiB when full, "
                    + "398 bytes each); further addresses are not learned as assets.")
    int maxAssets;

    @Option(names = "--max-conversations", paramLabel = "N", defaultValue = "" + BaselineLimits.DEFAULT_CONVERSATIONS,
            description = "Learning budget: industrial conversations with their functions, ranges and timing "
                    + "(default: ${DEFAULT-VALUE}, 15 MiB when full, ~3 KiB each); further ones are not learned.")
    int maxConversations;

    @Option(names = "--max-ip-conversations", paramLabel = "N",
            defaultValue = "" + BaselineLimits.DEFAULT_IP_CONVERSATIONS,
            description = "Learning budget: IP conversations (default: ${DEFAULT-VALUE}, 13 MiB when full, 271 bytes "
                    + "each); further ones are not learned.")
    int maxIpConversations;

    @Option(names = "--max-points", paramLabel = "N", defaultValue = "" + BaselineLimits.DEFAULT_POINTS,
            description = "Learning budget: points with value summaries (default: ${DEFAULT-VALUE}, 26 MiB when full, "
                    + "542 bytes each); values of further points are not learned.")
    int maxPoints;

    @Option(names = "--max-automatic-cells", paramLabel = "N",
            defaultValue = "" + BaselineLimits.DEFAULT_AUTOMATIC_CELLS,
            description = "Learning budget: cells made automatically per VLAN or /24 (default: ${DEFAULT-VALUE}, "
                    + "0.7 MiB when full, 163 bytes each); further addresses go to the cell automatic-overflow.")
    int maxAutomaticCells;

    @Option(names = "--max-value-windows", paramLabel = "N", defaultValue = "" + BaselineLimits.DEFAULT_VALUE_WINDOWS,
            description = "Learning budget: points with value-window fingerprints for replay detection (default: "
                    + "${DEFAULT-VALUE}, 12 MiB when full, 3.1 KiB each); further points learn none.")
    int maxValueWindows;

    /** The budgets given, each checked to lie within 1..{@value BudgetRange#MAX}. */
    BaselineLimits limits() {
        return new BaselineLimits(BudgetRange.check("--max-assets", maxAssets),
                BudgetRange.check("--max-conversations", maxConversations),
                BudgetRange.check("--max-ip-conversations", maxIpConversations),
                BudgetRange.check("--max-points", maxPoints),
                BudgetRange.check("--max-automatic-cells", maxAutomaticCells),
                BudgetRange.check("--max-value-windows", maxValueWindows));
    }
}
