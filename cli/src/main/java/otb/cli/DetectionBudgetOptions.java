package otb.cli;

import otb.baseline.detect.DetectionConfig;
import picocli.CommandLine.Option;

/**
 * The detection budgets ({@link DetectionConfig}) and the evidence budget as options of the
 * commands that detect ({@code otb analyze}, {@code otb monitor}); each description names the
 * default and the heap it needs when full (README "Budgets").
 */
final class DetectionBudgetOptions {
    @Option(names = "--max-open-alerts", paramLabel = "N", defaultValue = "" + DetectionConfig.DEFAULT_MAX_OPEN_ALERTS,
            description = "Detection budget: alerts open within their de-duplication window (default: "
                    + "${DEFAULT-VALUE}, 12 MiB when full, ~1.2 KiB each); past it alerts with a new key fold into "
                    + "one alert per kind.")
    int maxOpenAlerts;

    @Option(names = "--max-noticed", paramLabel = "N", defaultValue = "100000",
            description = "Detection budget: novelties remembered so each is raised once (default: ${DEFAULT-VALUE}, "
                    + "14 MiB when full, ~140 bytes each); past it the oldest are forgotten.")
    int maxNoticed;

    @Option(names = "--max-tracked-clients", paramLabel = "N", defaultValue = "10000",
            description = "Detection budget: sources with scan state (default: ${DEFAULT-VALUE}, ~6 MiB when full, "
                    + "~0.6 KiB each); past it the least recently active is forgotten.")
    int maxTrackedClients;

    @Option(names = "--max-evidence-frames", paramLabel = "N", defaultValue = "16",
            description = "Evidence budget: frame numbers kept per alert (default: ${DEFAULT-VALUE}, 8 bytes each "
                    + "per open alert: 1.3 MiB with every open alert full); later frames are counted, not listed.")
    int maxEvidenceFrames;

    /** {@code config} with the budgets given, each checked to lie within 1..{@value BudgetRange#MAX}. */
    DetectionConfig apply(DetectionConfig config) {
        return config.toBuilder()
                .maxOpenAlerts(BudgetRange.check("--max-open-alerts", maxOpenAlerts))
                .maxNoticed(BudgetRange.check("--max-noticed", maxNoticed))
                .maxTrackedClients(BudgetRange.check("--max-tracked-clients", maxTrackedClients))
                .maxEvidenceFrames(BudgetRange.check("--max-evidence-frames", maxEvidenceFrames))
                .build();
    }
}
