package otb.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertSink;
import otb.baseline.cells.Cells;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineLimits;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.baseline.store.StoreException;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;
import otb.dissect.DissectorConfig;

/**
 * Learning from capture files ({@code otb learn}): extends the newest snapshot (or starts a new
 * baseline) with what the files show, then saves the result as a new snapshot.
 * {@link #start}, {@link #read} once or more, then {@link #save}.
 */
public final class OfflineLearning {
    /** Snapshot command of a baseline learned from files. */
    public static final String COMMAND = "learn";

    private final BaselineStore store;
    private final Cells cells;
    private final OptionalLong parent;
    /** The baseline learning starts from (the newest snapshot's copy, or empty): unchanged until the first read. */
    private final Baseline start;
    private Learner learner;
    private boolean read;
    private boolean sharded;

    private OfflineLearning(BaselineStore store, Cells cells, OptionalLong parent, Baseline baseline) {
        this.store = store;
        this.cells = cells;
        this.parent = parent;
        this.start = baseline;
        this.learner = new Learner(cells, baseline);
    }

    /**
     * Starts from a copy of the newest snapshot of {@code store} unless {@code fresh} or there is
     * none. Cells: {@code cells} when given, else the snapshot's, else one per VLAN or /24.
     */
    public static OfflineLearning start(BaselineStore store, Cells cells, boolean fresh) throws StoreException {
        return start(store, cells, fresh, BaselineLimits.defaults());
    }

    /** As {@link #start(BaselineStore, Cells, boolean)}, learning within {@code limits}. */
    public static OfflineLearning start(BaselineStore store, Cells cells, boolean fresh, BaselineLimits limits)
            throws StoreException {
        Baseline baseline = new Baseline(limits);
        OptionalLong parent = OptionalLong.empty();
        if (!fresh && store.latestSnapshotId().isPresent()) {
            Snapshot latest = store.loadLatest();
            baseline = latest.baseline().copy(limits);
            parent = OptionalLong.of(latest.info().id());
            if (cells == null) {
                cells = latest.cells();
            }
        }
        if (cells == null) {
            cells = Cells.automatic();
        }
        return new OfflineLearning(store, cells, parent, baseline);
    }

    /** Reads {@code files} into the learner on the caller's thread; see {@link CaptureFileReader#read}. */
    public CaptureFileReader.Result read(List<Path> files, DissectorConfig dissection,
                                         PacketSource.FrameHandler frameObserver) {
        return read(files, dissection, frameObserver, 1);
    }

    /**
     * Reads {@code files} into the learner with {@code threads} threads; the snapshot learned is the
     * same for every number. From {@link #SHARDED_FROM} threads the first read learns in
     * {@code threads - 1} shards ({@link ShardedLearning}); when a learning budget is reached it
     * reads the files again with one learner (the staged pipeline of two threads). See {@link CaptureFileReader#read(List, DissectorConfig,
     * java.util.function.Consumer, PacketSource.FrameHandler, int)}.
     */
    public CaptureFileReader.Result read(List<Path> files, DissectorConfig dissection,
                                         PacketSource.FrameHandler frameObserver, int threads) {
        return read(files, dissection, frameObserver, threads, CaptureLimits.defaults());
    }

    /** As the read above, with the capture engine's {@code limits} (flow table, reassembly). */
    public CaptureFileReader.Result read(List<Path> files, DissectorConfig dissection,
                                         PacketSource.FrameHandler frameObserver, int threads, CaptureLimits limits) {
        boolean first = !read;
        read = true;
        sharded = false;
        if (threads >= SHARDED_FROM && first && start.budgetsReachedCount() == 0) {
            ShardedLearning.Outcome outcome = ShardedLearning.read(files, dissection, cells, start, frameObserver,
                    threads - 1, limits);
            if (outcome.learner().isPresent()) {
                learner = outcome.learner().get();
                sharded = true;
                return outcome.result();
            }
            // a budget was reached: which objects one learner keeps depends on the whole input's order
            return CaptureFileReader.read(files, dissection, learner, frameObserver, 2, limits);
        }
        return CaptureFileReader.read(files, dissection, learner, frameObserver, threads, limits);
    }

    /**
     * Threads from which the baseline stage runs in shards ({@link ShardedLearning}): the reading
     * and dissection on the caller's thread, {@code threads - 1} shards on their own. With 2, the
     * two stages of {@link CaptureFileReader#read(List, DissectorConfig, java.util.function.Consumer,
     * PacketSource.FrameHandler, int)}.
     */
    static final int SHARDED_FROM = 3;

    /**
     * Whether the last read learned in shards whose parts merged; false when it learned with one
     * learner (fewer threads, a later read, or a budget reached so that it read the input again).
     */
    public boolean sharded() {
        return sharded;
    }

    /** Saves what was learned as a new snapshot, audited as the OS login name's; returns its number. */
    public long save(String input, String note) throws StoreException {
        return store.saveSnapshot(learner.baseline(), cells, COMMAND, input, parent, note);
    }

    /**
     * Saves what was learned as a new snapshot, audited as {@code who}'s, with a BUDGET_EXCEEDED
     * alert (see {@link #budgetAlerts}) for each budget the learning reached; returns its number.
     */
    public long save(String input, String note, String who) throws StoreException {
        long id = store.saveSnapshot(learner.baseline(), cells, COMMAND, input, parent, note, who);
        List<Alert> budgets = budgetAlerts(input);
        if (!budgets.isEmpty()) {
            AlertSink sink = store.alertSink(OptionalLong.of(id));
            try {
                for (Alert alert : budgets) {
                    sink.accept(alert);
                }
                sink.flush();
            } catch (AlertSink.AlertSinkException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }
        return id;
    }

    /** One BUDGET_EXCEEDED alert per learning budget reached so far (see {@link Learner#budgetAlerts}). */
    public List<Alert> budgetAlerts(String input) {
        return learner.budgetAlerts(input);
    }

    /** The baseline learned so far (the learner's own: read it, do not change it). */
    public Baseline baseline() {
        return learner.baseline();
    }

    /** The learner itself, for what it observed beyond the baseline (events, absorbed operations). */
    public Learner learner() {
        return learner;
    }

    /** The snapshot extended, if any. */
    /** The cells learned with (given, the snapshot's, or automatic). */
    public Cells cells() {
        return cells;
    }

    public OptionalLong parent() {
        return parent;
    }
}
