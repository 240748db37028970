package otb.runtime;

import java.io.IOException;
import java.util.function.Consumer;
import otb.baseline.alert.AlertSink;
import otb.baseline.cells.Cells;
import otb.baseline.cells.CellsException;
import otb.baseline.model.Baseline;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.baseline.store.StoreException;
import otb.capture.LiveCapture;
import otb.capture.LiveStatistics;

/**
 * A live run ({@code otb monitor}): frames from a {@link LiveSource} (an interface) go through the
 * same pipeline as files; the run learns until the learning period ends, then detects. The
 * learning period is persisted in the database (a {@value #LEARNING_COMMAND} snapshot at every
 * checkpoint, which replaces the run's previous one), so a restart continues where it stopped. {@link #run} returns when
 * {@link #stop} is called (a signal) or the capture ends, after everything was flushed.
 * Everything it has to say goes to its {@link MonitorListener}.
 */
public final class Monitor {
    /** Snapshot command of a learning period still open. */
    public static final String LEARNING_COMMAND = "monitor-learning";
    /** Snapshot command of a learning period that ended. */
    public static final String LEARNED_COMMAND = "monitor";

    private final MonitorOptions options;
    private final BaselineStore store;
    private final MonitorListener listener;
    private volatile LiveSource capture;
    /** Receives the capture counters every second on the pipeline thread; set by the running session. */
    private Consumer<LiveStatistics> statisticsWatcher = statistics -> { };

    /** The snapshot to detect against from the first frame, or null to read the learning state. */
    private Snapshot pinned;
    private SignedBaselineLabel label;

    /** A run with {@code options} on {@code store} (opened and closed by the caller), reporting to {@code listener}. */
    public Monitor(MonitorOptions options, BaselineStore store, MonitorListener listener) {
        this.options = options;
        this.store = store;
        this.listener = listener;
    }

    /**
     * Runs until stopped: reads the learning state, opens the interface, warms up (frames wait in
     * the kernel buffer meanwhile), then captures.
     * Returns true when everything was written, false when a sink, a checkpoint or a frame file
     * failed on the way (each already reported).
     *
     * @throws PipelineException the database holds no baseline to detect against, a file cannot be
     *                           used, the interface cannot be opened or its filter does not compile
     * @throws IOException       the capture copy cannot be created
     */
    public boolean run() throws PipelineException, StoreException, IOException {
        LearningState state = pinned != null ? new LearningState(false, 0, 0, pinned)
                : LearningState.read(store, options.learnNanos());
        Cells cells = cellsFor(state.snapshot());
        // The capture opens before the warm-up: frames that arrive while it runs (tens of seconds on
        // two cores) wait in the kernel buffer and are processed after it, not lost; what the
        // buffer cannot hold is counted as kernel drops and raised as CAPTURE_LOSS.
        try (LiveSource opened = openCapture()) {
            if (options.warmUpFrames() > 0) {
                listener.warmingUp(opened.name(), options.warmUpFrames());
                long began = System.nanoTime();
                try {
                    warmUp(cells, state);
                    listener.warmedUp(opened.name(), System.nanoTime() - began);
                } catch (IOException e) {
                    listener.warmUpSkipped(e.getMessage());
                }
            }
            capture = opened;
            listener.capturing(options.source().name());
            StoreWriter writer = new StoreWriter(store, listener::sinkFailed, options.maxPendingAlertWrites(),
                    (alert, limit) -> { });
            MonitorSession session = new MonitorSession(writer, cells, state, options,
                    options.checkpointNanos(), opened, listener);
            session.label(label);
            try {
                session.start();
                session.run(watcher -> statisticsWatcher = watcher);
            } finally {
                try {
                    session.close();
                } finally {
                    writer.close();
                }
            }
            return !(session.failed() || writer.failed());
        }
    }

    /**
     * Detects from the first frame against {@code snapshot} (a signed baseline imported into the
     * store), whatever the store's newest snapshot or learning state; every JSON line names
     * {@code label}. Call before {@link #run}.
     */
    public Monitor detectingAgainst(Snapshot snapshot, SignedBaselineLabel label) {
        this.pinned = snapshot;
        this.label = label;
        return this;
    }

    /** Ends the capture; {@link #run} then flushes and returns. Any thread; nothing before capture starts. */
    public void stop() {
        LiveSource running = capture;
        if (running != null) {
            running.stop();
        }
    }

    /**
     * Runs the warm-up's simulated frames through throwaway sessions: the same code as the live
     * session, with discarding alert sinks, no store and no checkpoints.
     */
    private void warmUp(Cells cells, LearningState state) throws IOException {
        Baseline against = state.snapshot() == null ? new Baseline() : state.snapshot().baseline();
        WarmUp.run(options.warmUpFrames(), state.learning(), options.warmUpTraffic(), new WarmUp.Progress() {
            @Override
            public void round(int round, int rounds) {
                listener.warmUpRound(options.source().name(), round, rounds);
            }

            @Override
            public void awaitingCompiler() {
                listener.warmUpAwaitingCompiler(options.source().name());
            }
        }, (source, learning) -> {
            MonitorSession rehearsal = new MonitorSession(null, cells,
                    new LearningState(learning, 0, Long.MAX_VALUE, state.snapshot()), options,
                    MonitorSession.REHEARSAL_CHECKPOINT_NANOS, null, listener);
            try {
                rehearsal.rehearse(source, against);
            } catch (AlertSink.AlertSinkException e) {
                throw new IOException(e.getMessage(), e);
            }
        });
    }

    private LiveSource openCapture() throws PipelineException {
        LiveCapture.Events events = new LiveCapture.Events() {
            @Override
            public void statistics(String interfaceName, LiveStatistics statistics) {
                statisticsWatcher.accept(statistics);
            }

            @Override
            public void notice(String line) {
                listener.captureNotice(line);
            }
        };
        return options.source().open(events);
    }

    private Cells cellsFor(Snapshot snapshot) throws PipelineException {
        if (options.cellsFile() != null) {
            try {
                return Cells.load(options.cellsFile());
            } catch (CellsException e) {
                throw new PipelineException(e.getMessage(), e);
            }
        }
        return snapshot != null ? snapshot.cells() : Cells.automatic();
    }
}
