package otb.cli;

/** The range every budget option is checked against before anything is sized by it. */
final class BudgetRange {
    /** Largest budget accepted: 100 million objects (far beyond any heap otb runs in). */
    static final int MAX = 100_000_000;

    private BudgetRange() {
    }

    /** {@code value} when within 1..{@link #MAX}, else a usage error naming {@code option}. */
    static int check(String option, int value) {
        if (value < 1 || value > MAX) {
            throw new UsageException(option + " " + value + ": a budget is at least 1 and at most " + MAX);
        }
        return value;
    }
}
