package otb.runtime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.baseline.store.StoreException;

/**
 * What the database says about a live run's learning period, read at start from the newest
 * snapshot: a {@value Monitor#LEARNING_COMMAND} snapshot notes how much of the period was learned,
 * so a restart continues where the last run stopped.
 *
 * @param learning     the run starts by learning (else it detects)
 * @param learnedNanos capture time already learned in earlier runs
 * @param periodNanos  the whole learning period
 * @param snapshot     the newest snapshot, or null when there is none
 */
public record LearningState(boolean learning, long learnedNanos, long periodNanos, Snapshot snapshot) {
    private static final Pattern LEARNED_NOTE = Pattern.compile("learned (\\d+) of (\\d+) ns");

    /** Reads the state from the newest snapshot of {@code store}, for a learning period of {@code learnNanos}. */
    public static LearningState read(BaselineStore store, long learnNanos) throws StoreException, PipelineException {
        if (store.latestSnapshotId().isEmpty()) {
            if (learnNanos == 0) {
                throw new PipelineException(store.file() + ": holds no baseline to detect against: learn first "
                        + "(--learn-for 7d, or 'otb learn')");
            }
            return new LearningState(true, 0, learnNanos, null);
        }
        Snapshot latest = store.loadLatest();
        if (Monitor.LEARNING_COMMAND.equals(latest.info().command())) {
            Matcher matcher = LEARNED_NOTE.matcher(latest.info().note());
            long learned = matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
            return new LearningState(learned < learnNanos, learned, learnNanos, latest);
        }
        return new LearningState(false, 0, 0, latest);
    }
}
