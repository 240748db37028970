package otb.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.AlertSink;
import otb.baseline.cells.Cells;
import otb.baseline.model.Baseline;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoreException;

/**
 * The database writes of a continuous run on their own thread, so that saving a snapshot or a
 * batch of alerts never holds up the pipeline thread (and so the capture queue). Snapshots are
 * saved from a copy of the baseline; at most one snapshot save waits at a time (a checkpoint
 * that finds one still waiting is skipped). Failures are reported once each, on the store
 * thread, and remembered.
 *
 * <p>Alerts wait for the store in a queue bounded by the <em>pending alert writes</em> budget
 * ({@link #DEFAULT_MAX_PENDING_ALERT_WRITES}, about 1.2 KiB each): they are handed to the store
 * thread {@value #ALERT_BATCH} at a time, or at a checkpoint. When the database falls that far
 * behind (a slow disk, a lock held by another program), further alerts are not queued for it:
 * they still reach every other sink (the terminal, JSON lines, syslog), they are counted
 * ({@link #alertsNotStored}), and the first one makes the {@link PendingWritesBudget} raise
 * BUDGET_EXCEEDED, which is itself always queued. The queue never grows past the budget plus
 * those few BUDGET_EXCEEDED alerts.
 */
final class StoreWriter implements AutoCloseable {
    private static final long CLOSE_WAIT_SECONDS = 50;
    /** Default pending alert writes: 10,000 alerts, about 12 MiB (~1.2 KiB each, as open alerts). */
    static final int DEFAULT_MAX_PENDING_ALERT_WRITES = 10_000;
    /** Alerts handed to the store thread at once, also between checkpoints. */
    static final int ALERT_BATCH = 1_000;

    /** Told once, on the pipeline thread, when the pending alert writes budget is first reached. */
    interface PendingWritesBudget {
        /** {@code alert} is the first alert not stored; {@code limit} the budget. */
        void reached(Alert alert, int limit);
    }

    private final BaselineStore store;
    private final Consumer<String> failures;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "otb-store");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean snapshotPending = new AtomicBoolean();
    private final int maxPendingAlertWrites;
    private volatile PendingWritesBudget budget;
    /** Alerts accepted for the store and not yet written (or failed). */
    private final AtomicLong pendingAlerts = new AtomicLong();
    /** Alerts not queued because the budget was reached; pipeline thread writes, any reads. */
    private volatile long alertsNotStored;
    private volatile boolean failed;

    /** {@code failures} receives each failure's one-line message, on the store thread. */
    StoreWriter(BaselineStore store, Consumer<String> failures) {
        this(store, failures, DEFAULT_MAX_PENDING_ALERT_WRITES, (alert, limit) -> { });
    }

    /**
     * As {@link #StoreWriter(BaselineStore, Consumer)}, with at most {@code maxPendingAlertWrites}
     * (at least 1) alerts waiting for the store; {@code budget} hears when that is first reached.
     */
    StoreWriter(BaselineStore store, Consumer<String> failures, int maxPendingAlertWrites, PendingWritesBudget budget) {
        this.store = store;
        this.failures = failures;
        this.maxPendingAlertWrites = Math.max(1, maxPendingAlertWrites);
        this.budget = budget;
    }

    /**
     * Saves a copy of the baseline (made by {@code copy} on the calling thread) as a snapshot; then
     * hands the snapshot number to {@code saved} on the store thread. Returns null when a snapshot
     * save is still waiting and this one is skipped (unless {@code mustSave}).
     */
    Future<Long> saveSnapshot(Supplier<Baseline> copy, Cells cells, String command, String input, OptionalLong parent,
                              String note, LongConsumer saved, boolean mustSave) {
        return save(copy, saved, mustSave, baseline -> store.saveSnapshot(baseline, cells, command, input, parent, note));
    }

    /**
     * As {@link #saveSnapshot}, for a checkpoint of a learning run: the run's earlier checkpoints
     * are deleted with it (see {@link BaselineStore#saveCheckpoint}).
     */
    Future<Long> saveCheckpoint(Supplier<Baseline> copy, Cells cells, String command, String input,
                                OptionalLong parent, String note, LongConsumer saved, boolean mustSave) {
        return save(copy, saved, mustSave,
                baseline -> store.saveCheckpoint(baseline, cells, command, input, parent, note));
    }

    /** A store write of a snapshot, returning its number. */
    private interface SnapshotWrite {
        long write(Baseline baseline) throws StoreException;
    }

    private Future<Long> save(Supplier<Baseline> copy, LongConsumer saved, boolean mustSave, SnapshotWrite write) {
        if (!snapshotPending.compareAndSet(false, true) && !mustSave) {
            return null;
        }
        snapshotPending.set(true);
        Baseline baseline = copy.get();
        return thread.submit(() -> {
            try {
                long id = write.write(baseline);
                saved.accept(id);
                return id;
            } catch (StoreException e) {
                fail(e.getMessage());
                throw e;
            } finally {
                snapshotPending.set(false);
            }
        });
    }

    /** Waits for a snapshot save; null when it failed (already reported). */
    static Long await(Future<Long> save) {
        try {
            return save.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * A sink that collects alerts on the pipeline thread and stores them on the store thread,
     * {@value #ALERT_BATCH} at a time and at each flush, within the pending alert writes budget
     * (see the class).
     */
    AlertSink alertSink(OptionalLong snapshot) {
        AlertSink stored = store.alertSink(snapshot);
        return new AlertSink() {
            private List<Alert> batch = new ArrayList<>();

            @Override
            public void accept(Alert alert) {
                if (pendingAlerts.get() >= maxPendingAlertWrites && alert.kind() != AlertKind.BUDGET_EXCEEDED) {
                    alertsNotStored++;
                    if (alertsNotStored == 1) {
                        budget.reached(alert, maxPendingAlertWrites);
                    }
                    return;
                }
                pendingAlerts.incrementAndGet();
                batch.add(alert);
                if (batch.size() >= ALERT_BATCH) {
                    flush();
                }
            }

            @Override
            public void flush() {
                if (batch.isEmpty()) {
                    return;
                }
                List<Alert> alerts = batch;
                batch = new ArrayList<>();
                thread.execute(() -> {
                    try {
                        for (Alert alert : alerts) {
                            stored.accept(alert);
                        }
                        stored.flush();
                    } catch (AlertSinkException e) {
                        fail(e.getMessage());
                    } finally {
                        pendingAlerts.addAndGet(-alerts.size());
                    }
                });
            }
        };
    }

    /** Who hears when the pending alert writes budget is first reached (pipeline thread); replaces the constructor's. */
    void onPendingWritesBudget(PendingWritesBudget listener) {
        this.budget = listener;
    }

    /** Alerts not stored because the pending alert writes budget was reached (they reached the other sinks). */
    long alertsNotStored() {
        return alertsNotStored;
    }

    /** The pending alert writes budget. */
    int maxPendingAlertWrites() {
        return maxPendingAlertWrites;
    }

    private void fail(String message) {
        failed = true;
        failures.accept(message);
    }

    boolean failed() {
        return failed;
    }

    /** Waits for every write handed over so far. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                fail("database writes still running after " + CLOSE_WAIT_SECONDS + " s; stopping without them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
