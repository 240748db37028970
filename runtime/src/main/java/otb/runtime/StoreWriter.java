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
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import otb.baseline.alert.Alert;
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
 */
final class StoreWriter implements AutoCloseable {
    private static final long CLOSE_WAIT_SECONDS = 50;

    private final BaselineStore store;
    private final Consumer<String> failures;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "otb-store");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean snapshotPending = new AtomicBoolean();
    private volatile boolean failed;

    /** {@code failures} receives each failure's one-line message, on the store thread. */
    StoreWriter(BaselineStore store, Consumer<String> failures) {
        this.store = store;
        this.failures = failures;
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

    /** A sink that collects alerts on the pipeline thread and stores each flushed batch on the store thread. */
    AlertSink alertSink(OptionalLong snapshot) {
        AlertSink stored = store.alertSink(snapshot);
        return new AlertSink() {
            private List<Alert> batch = new ArrayList<>();

            @Override
            public void accept(Alert alert) {
                batch.add(alert);
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
                    }
                });
            }
        };
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
