package otb.baseline.store;

import java.nio.file.Path;
import java.util.OptionalLong;
import otb.baseline.TestPlants;
import otb.baseline.cells.Cells;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;

/**
 * The learning process {@link CrashSafetyTest} kills: extends the newest snapshot of a database
 * with synthetic traffic, saving a snapshot every 200 cycles and printing {@code snapshot ID
 * MESSAGES} after each commit, until killed.
 */
public final class LearningChild {
    private LearningChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        try (BaselineStore store = BaselineStore.open(file)) {
            OptionalLong parent = store.latestSnapshotId();
            Baseline baseline = parent.isPresent() ? store.load(parent.getAsLong()).baseline() : new Baseline();
            Learner learner = new Learner(Cells.automatic(), baseline);
            TestPlants.Traffic traffic = new TestPlants.Traffic(parent.orElse(0) + 1);
            for (int round = 0; round < 100_000; round++) {
                traffic.cycles(200, learner);
                long id = store.saveSnapshot(baseline, Cells.automatic(), "learn", "child round " + round, parent, "");
                parent = OptionalLong.of(id);
                System.out.println("snapshot " + id + " " + baseline.messages());
                System.out.flush();
            }
        }
    }
}
