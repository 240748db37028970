package otb.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import otb.baseline.alert.Alert;
import otb.baseline.learn.Learner;

/**
 * The learning budgets a live run reached, each raised once per run as a BUDGET_EXCEEDED alert as
 * soon as it is reached, as {@code otb learn} stores them with its snapshot (see
 * {@link Learner#budgetAlerts}). Asked after every message learned: a count compared, nothing
 * more, until a budget is newly reached.
 */
final class LearningBudgetAlerts {
    private final Set<String> raised = new HashSet<>();
    private int reached;

    /** The BUDGET_EXCEEDED alerts of budgets {@code learner} reached since the last call; usually none. */
    List<Alert> newlyReached(Learner learner, String input) {
        int now = learner.baseline().budgetsReachedCount();
        if (now == reached) {
            return List.of();
        }
        reached = now;
        List<Alert> alerts = new ArrayList<>();
        for (Alert alert : learner.budgetAlerts(input)) {
            if (raised.add(alert.key())) {
                alerts.add(alert);
            }
        }
        return alerts;
    }
}
