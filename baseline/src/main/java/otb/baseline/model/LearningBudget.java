package otb.baseline.model;

/** The budgets of {@link BaselineLimits}, and how learning goes on when one is reached. */
public enum LearningBudget {
    AUTOMATIC_CELLS("automatic cells", "addresses of further automatic cells are learned in the cell "
            + Baseline.OVERFLOW_CELL),
    ASSETS("assets", "further addresses are not learned as assets"),
    IP_CONVERSATIONS("IP conversations", "further IP conversations are not learned"),
    CONVERSATIONS("industrial conversations", "further industrial conversations are not learned"),
    POINTS("points", "values of further points are not learned"),
    VALUE_WINDOWS("value windows", "further points learn no value-window fingerprints (replays of them are "
            + "told only within one input)"),
    SEQUENCE_COUNTERS("sequence counters", "further sequence counters are not learned (their breaks are not raised)");

    private final String label;
    private final String degraded;

    LearningBudget(String label, String degraded) {
        this.label = label;
        this.degraded = degraded;
    }

    /** What is budgeted, e.g. "points". */
    public String label() {
        return label;
    }

    /** How learning goes on past the budget. */
    public String degraded() {
        return degraded;
    }

    /** The budget's size in {@code limits}. */
    public int limit(BaselineLimits limits) {
        return switch (this) {
            case AUTOMATIC_CELLS -> limits.maxAutomaticCells();
            case ASSETS -> limits.maxAssets();
            case IP_CONVERSATIONS -> limits.maxIpConversations();
            case CONVERSATIONS -> limits.maxConversations();
            case POINTS -> limits.maxPoints();
            case VALUE_WINDOWS -> limits.maxValueWindows();
            case SEQUENCE_COUNTERS -> Baseline.sequenceCounterBudget(limits);
        };
    }

    /**
     * A budget reached while learning: when first (capture time, 0 when merging) and how many
     * objects were not learned since.
     */
    public record Reached(LearningBudget budget, int limit, long firstNanos, long dropped) {
    }
}
