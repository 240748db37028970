package otb.cli;

import otb.capture.CaptureLimits;
import picocli.CommandLine.Option;

/**
 * The capture engine's budget as an option of the commands that read captures ({@code otb dissect},
 * {@code learn}, {@code analyze}); its description names the default and the heap it needs when
 * full (README "Budgets").
 */
final class CaptureBudgetOptions {
    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "" + CaptureLimits.DEFAULT_MAX_FLOWS,
            description = "Capture budget: flows tracked at once (default: ${DEFAULT-VALUE}, up to 135 MiB when "
                    + "full of open Modbus flows, ~1.35 KiB each); past it the least recently active flow is ended "
                    + "and its next packet starts a new one (counted as flows_evicted).")
    int maxFlows;

    /** The capture limits with the budget given, checked to lie within 1..{@value BudgetRange#MAX}. */
    CaptureLimits limits() {
        return CaptureLimits.defaults().withMaxFlows(BudgetRange.check("--max-flows", maxFlows));
    }
}
