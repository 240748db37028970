package otb.runtime;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.detect.Detector;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.baseline.store.Snapshot;
import otb.capture.CaptureException;
import otb.capture.CaptureLimits;
import otb.capture.IoErrors;
import otb.capture.LiveStatistics;
import otb.capture.Packet;
import otb.capture.PacketSource;
import otb.capture.PcapWriter;
import otb.dissect.Dissection;
import otb.dissect.Dissectors;
import otb.dissect.Json;
import otb.dissect.OtEvent;

/**
 * The running pipeline of a live run: capture → dissection → learner or detector → sinks and
 * store, with checkpoints in capture time. One per run, plus throwaway ones for the warm-up
 * ({@link #rehearse}), which run the very same code.
 */
final class MonitorSession {
    /** Checkpoint interval of a warm-up session: never within its simulated day, and no overflow. */
    static final long REHEARSAL_CHECKPOINT_NANOS = Long.MAX_VALUE / 4;
    /**
     * Alert sinks of a warm-up session: they discard everything, and they are three classes so
     * that the detector's calls to its sinks are compiled for several types, as live (opened
     * alerts, store, JSON lines, syslog); one type would be inlined and deoptimized at the first
     * live alert.
     */
    private static final List<AlertSink> REHEARSAL_SINKS = List.of(new DiscardingSink(), new DiscardingSink() { },
            new DiscardingSink() {
                @Override
                public void opened(Alert first) {
                }
            });

    /** An alert sink that discards alerts; see {@link #REHEARSAL_SINKS}. */
    private static class DiscardingSink implements AlertSink {
        @Override
        public void accept(Alert alert) {
        }
    }

    private final StoreWriter writer;
    private final Cells cells;
    private final MonitorOptions options;
    private final String interfaceName;
    private final long checkpointNanos;
    private final LiveSource capture;
    private final MonitorListener listener;
    private final List<AlertSink> sinks = new ArrayList<>();
    private final Dissection dissection;
    /**
     * {@link #frame} as the engine's frame observer, made once here so that warm-up and live
     * sessions hand the engine the same class (two lambda sites would deoptimize the pipeline).
     */
    private final PacketSource.FrameHandler frameObserver = this::frame;
    private Writer jsonWriter;
    private Evidence evidence;
    private PcapWriter captureWriter;
    private Learner learner;
    private Detector detector;
    private final OptionalLong parent;
    private final long learnedBefore;
    private final long periodNanos;
    private long sessionFirstNanos = Long.MIN_VALUE;
    private long clock = Long.MIN_VALUE;
    private long nextCheckpointNanos = Long.MIN_VALUE;
    private boolean failed;
    private final Snapshot startSnapshot;
    /** The signed baseline detected against, named in the JSON lines; null when none. */
    private SignedBaselineLabel label;
    /** Learning budgets raised so far (a live run raises each once, as soon as reached). */
    private final LearningBudgetAlerts learningBudgets = new LearningBudgetAlerts();
    /** Where alerts raised while learning go (made at the first); null until then. */
    private List<AlertSink> learningAlertSinks;

    /**
     * A session learning or detecting as {@code state} says. {@code writer} and {@code capture} are
     * null for a warm-up session.
     */
    MonitorSession(StoreWriter writer, Cells cells, LearningState state, MonitorOptions options, long checkpointNanos,
                   LiveSource capture, MonitorListener listener) {
        this.writer = writer;
        this.cells = cells;
        this.options = options;
        this.interfaceName = options.source().name();
        this.checkpointNanos = checkpointNanos;
        this.capture = capture;
        this.listener = listener;
        this.periodNanos = state.periodNanos();
        this.learnedBefore = state.learnedNanos();
        this.startSnapshot = state.snapshot();
        this.parent = state.snapshot() == null ? OptionalLong.empty() : OptionalLong.of(state.snapshot().info().id());
        this.dissection = new Dissection(CaptureLimits.defaults(), options.dissection(), Dissectors.all(), this::event);
        if (state.learning()) {
            Baseline baseline = state.snapshot() == null ? new Baseline(options.learningLimits())
                    : state.snapshot().baseline().copy(options.learningLimits());
            learner = new Learner(cells, baseline);
        }
        if (writer != null) {
            writer.onPendingWritesBudget(this::pendingWritesBudgetReached);
        }
    }

    /** Names the signed baseline detected against in every JSON line; call before {@link #start}. */
    void label(SignedBaselineLabel signedBaseline) {
        this.label = signedBaseline;
    }

    /**
     * Opens the frame files and sinks; reports whether the session learns or detects. A capture
     * copy that cannot be created fails with its IOException, as it always has.
     */
    void start() throws PipelineException, IOException {
        if (options.evidenceDirectory() != null) {
            evidence = new Evidence(options.evidenceDirectory());
        }
        if (options.captureCopy() != null) {
            captureWriter = new PcapWriter(Files.newOutputStream(options.captureCopy()), capture.linkType(),
                    capture.snapLength());
        }
        Path jsonl = options.jsonLines();
        if (jsonl != null) {
            try {
                jsonWriter = new BufferedWriter(Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            } catch (IOException e) {
                throw new PipelineException("cannot write " + jsonl + ": " + IoErrors.reason(e), e);
            }
        }
        for (AlertSinkOpener opener : options.moreSinks()) {
            sinks.add(opener.open());
        }
        if (learner != null) {
            listener.learning(interfaceName, learnedBefore, periodNanos, startSnapshot == null
                    ? OptionalLong.empty() : OptionalLong.of(startSnapshot.info().id()));
        } else {
            startDetecting(OptionalLong.of(startSnapshot.info().id()), startSnapshot.cells(), startSnapshot.baseline());
            if (anyCheckpointSink()) {
                // a site hub learns what this sensor knows: the baseline it detects against
                tellCheckpointSinks(startSnapshot.baseline().copy(), false);
            }
        }
    }

    private void startDetecting(OptionalLong snapshot, Cells detectionCells, Baseline baseline) {
        learner = null;
        List<AlertSink> all = new ArrayList<>();
        all.add(new OpenedAlertSink());
        all.add(writer.alertSink(snapshot));
        if (jsonWriter != null) {
            all.add(new EvidenceJsonSink());
        }
        all.addAll(sinks);
        sinks.clear();
        sinks.addAll(all);
        detector = new Detector(detectionCells, baseline, options.detection(), sinks);
        listener.detecting(interfaceName, snapshot);
        listener.detectingWith(interfaceName, snapshot, baseline);
    }

    /** Pipeline thread: every frame before decoding. */
    private void frame(Packet packet) {
        try {
            if (captureWriter != null) {
                captureWriter.write(packet.timestampNanos(), packet.frame(), packet.originalLength());
            }
            if (evidence != null) {
                evidence.frame(packet);
            }
        } catch (IOException e) {
            listener.framesNotWritten(e.getMessage());
            failed = true;
            closeFrameFilesQuietly();
        }
    }

    private void closeFrameFilesQuietly() {
        try {
            if (captureWriter != null) {
                captureWriter.close();
            }
            if (evidence != null) {
                evidence.close();
            }
        } catch (IOException ignored) {
            // already reported
        }
        captureWriter = null;
        evidence = null;
    }

    /** Pipeline thread: every dissection event. */
    private void event(OtEvent event) {
        long nanos = event.timestampNanos();
        if (sessionFirstNanos == Long.MIN_VALUE) {
            sessionFirstNanos = nanos;
            nextCheckpointNanos = nanos + checkpointNanos;
        }
        clock = Math.max(clock, nanos);
        if (learner != null) {
            learner.accept(event);
            if (writer != null) {
                for (Alert budget : learningBudgets.newlyReached(learner, interfaceName)) {
                    raiseOutsideDetector(budget);
                }
            }
            if (learnedNanos() >= periodNanos) {
                finishLearning();
            }
        } else {
            detector.accept(event);
        }
        if (evidence != null && evidence.takeFilesBoundReached()) {
            evidenceFilesBudgetReached();
        }
        if (clock >= nextCheckpointNanos) {
            nextCheckpointNanos = clock + checkpointNanos;
            checkpoint();
        }
    }

    private long learnedNanos() {
        return sessionFirstNanos == Long.MIN_VALUE ? learnedBefore : learnedBefore + (clock - sessionFirstNanos);
    }

    private String learningNote() {
        return "learned " + learnedNanos() + " of " + periodNanos + " ns on " + interfaceName;
    }

    private void finishLearning() {
        Baseline learned = learner.baseline();
        listener.absorbed(interfaceName, learner.absorbed());
        Long id = StoreWriter.await(writer.saveSnapshot(learned::copy, cells, Monitor.LEARNED_COMMAND, interfaceName,
                parent, "learning period ended; " + learningNote(),
                snapshot -> listener.learningEnded(interfaceName, periodNanos, snapshot), true));
        // The detector reads the learned baseline and never changes it; the learner is done with it.
        startDetecting(id == null ? OptionalLong.empty() : OptionalLong.of(id), cells, learned);
        tellCheckpointSinks(learned.copy(), false);
    }

    /**
     * Hands {@code baseline} (a copy nobody else changes) to the sinks that hear of checkpoints;
     * a sink that fails is reported and the run goes on, ending as failed.
     */
    private void tellCheckpointSinks(Baseline baseline, boolean learning) {
        SensorCheckpoint checkpoint = null;
        for (AlertSink sink : sinks) {
            if (sink instanceof CheckpointSink hearing) {
                if (checkpoint == null) {
                    checkpoint = new SensorCheckpoint(Math.max(clock, 0), baseline, cells, Math.min(learnedNanos(), periodNanos),
                            periodNanos, learning, dissection.captureCounters().frames(),
                            capture == null ? null : capture.statistics());
                }
                try {
                    hearing.checkpoint(checkpoint);
                } catch (AlertSink.AlertSinkException e) {
                    listener.sinkFailed(e.getMessage());
                    failed = true;
                }
            }
        }
    }

    private boolean anyCheckpointSink() {
        for (AlertSink sink : sinks) {
            if (sink instanceof CheckpointSink) {
                return true;
            }
        }
        return false;
    }

    private void checkpoint() {
        try {
            if (learner != null) {
                Baseline learning = learner.baseline();
                long learned = learnedNanos();
                writer.saveCheckpoint(learning::copy, cells, Monitor.LEARNING_COMMAND, interfaceName, parent,
                        learningNote(),
                        snapshot -> listener.checkpointSaved(interfaceName, snapshot, learned, periodNanos), false);
                if (anyCheckpointSink()) {
                    tellCheckpointSinks(learning.copy(), true);
                }
            } else if (detector != null && anyCheckpointSink()) {
                tellCheckpointSinks(null, false);
            }
            for (AlertSink sink : sinks) {
                sink.flush();
            }
            if (evidence != null) {
                evidence.flush();
            }
            if (captureWriter != null) {
                captureWriter.flush();
            }
        } catch (AlertSink.AlertSinkException | IOException e) {
            listener.checkpointFailed(e.getMessage());
            failed = true;
        }
    }

    /**
     * Warm-up only, instead of start/run/close: runs {@code source} through this session's
     * pipeline (the learner, or a detector against {@code baseline} with discarding sinks). Nothing
     * reaches the store or a sink; the session is discarded afterwards.
     */
    void rehearse(PacketSource source, Baseline baseline) throws CaptureException, AlertSink.AlertSinkException {
        if (learner == null) {
            detector = new Detector(cells, baseline, options.detection(), REHEARSAL_SINKS);
        }
        dissection.engine().frameObserver(frameObserver);
        dissection.process(source);
        dissection.finish();
        if (detector != null) {
            detector.finish();
        }
    }

    /**
     * Captures until stopped; {@code statistics} is pointed at the capture watch, which reports the
     * counters and raises CAPTURE_LOSS and NO_TRAFFIC.
     */
    void run(Consumer<Consumer<LiveStatistics>> statistics) throws PipelineException {
        dissection.engine().frameObserver(frameObserver);
        CaptureWatch watch = new CaptureWatch(interfaceName, options.statisticsNanos(), options.silentLimitNanos(),
                System::nanoTime, listener, new CaptureWatch.Alerts() {
                    @Override
                    public void captureLoss(long framesLost) {
                        if (detector != null) {
                            detector.reportCaptureLoss(alertTime(), interfaceName, framesLost);
                        }
                    }

                    @Override
                    public void noTraffic(long silentNanos) {
                        if (detector != null) {
                            detector.reportNoTraffic(alertTime(), interfaceName, silentNanos);
                        }
                    }
                });
        statistics.accept(watch);
        try {
            dissection.process(capture);
        } catch (CaptureException e) {
            throw new PipelineException(e.getMessage(), e);
        }
    }

    /**
     * The pending alert writes budget was reached ({@link StoreWriter}): said once, as a
     * BUDGET_EXCEEDED alert to every sink (the store takes it beyond the budget).
     */
    private void pendingWritesBudgetReached(Alert first, int limit) {
        raiseOutsideDetector(Alert.builder(AlertKind.BUDGET_EXCEEDED, () -> "budget|pending_alert_writes",
                        first.lastNanos())
                .severity(Severity.MEDIUM).evidence(0, interfaceName)
                .baseline("at most " + limit + " pending alert writes (--max-pending-alert-writes)")
                .detail("the database fell " + limit + " alerts behind: further alerts are not stored in it while "
                        + "it is that far behind (they still reach the terminal, JSON lines and syslog); the run's "
                        + "end says how many")
                .build());
    }

    /**
     * The evidence directory holds {@link Evidence#MAX_EVIDENCE_FILES} alert files: said once, as a
     * BUDGET_EXCEEDED alert; later alerts get no evidence file (counted at the run's end).
     */
    private void evidenceFilesBudgetReached() {
        raiseOutsideDetector(Alert.builder(AlertKind.BUDGET_EXCEEDED, () -> "budget|evidence_files", clock)
                .severity(Severity.MEDIUM).evidence(0, interfaceName)
                .baseline("at most " + Evidence.MAX_EVIDENCE_FILES + " evidence files in "
                        + options.evidenceDirectory())
                .detail("the evidence directory is full: further alerts get no evidence file (the run's end says "
                        + "how many); move or delete old alert-*.pcap files to make room")
                .build());
    }

    /**
     * An alert the runtime raises itself (a budget), not the detector: opened and accepted by every
     * sink of the run, or while learning by the store, the JSON lines and the further sinks, flushed
     * at once.
     */
    private void raiseOutsideDetector(Alert alert) {
        List<AlertSink> targets = detector != null ? sinks : learningAlertSinks();
        for (AlertSink sink : targets) {
            sink.opened(alert);
        }
        for (AlertSink sink : targets) {
            try {
                sink.accept(alert);
                if (detector == null) {
                    sink.flush();
                }
            } catch (AlertSink.AlertSinkException e) {
                listener.sinkFailed(e.getMessage());
                failed = true;
            }
        }
    }

    private List<AlertSink> learningAlertSinks() {
        if (learningAlertSinks == null) {
            learningAlertSinks = new ArrayList<>();
            learningAlertSinks.add(new OpenedAlertSink());
            learningAlertSinks.add(writer.alertSink(parent));
            if (jsonWriter != null) {
                learningAlertSinks.add(new EvidenceJsonSink());
            }
            learningAlertSinks.addAll(sinks);
        }
        return learningAlertSinks;
    }

    /** Time of a live-only alert: the wall clock, never before the last capture time. */
    private long alertTime() {
        return Math.max(clock, System.currentTimeMillis() * 1_000_000L);
    }

    /** End of capture: flows end, the learning baseline is saved or the detector finishes; sinks close. */
    void close() {
        dissection.finish();
        if (learner != null) {
            Baseline learning = learner.baseline();
            long learned = learnedNanos();
            StoreWriter.await(writer.saveCheckpoint(() -> learning, cells, Monitor.LEARNING_COMMAND, interfaceName,
                    parent, learningNote(),
                    snapshot -> listener.stoppedWhileLearning(interfaceName, snapshot, learned, periodNanos), true));
            if (anyCheckpointSink()) {
                tellCheckpointSinks(learning.copy(), true);
            }
        }
        if (detector != null) {
            try {
                detector.finish();
            } catch (AlertSink.AlertSinkException e) {
                listener.sinkFailed(e.getMessage());
                failed = true;
            }
        }
        for (AlertSink sink : sinks) {
            try {
                sink.close();
            } catch (AlertSink.AlertSinkException e) {
                listener.sinkFailed(e.getMessage());
                failed = true;
            }
        }
        try {
            if (jsonWriter != null) {
                jsonWriter.close();
            }
            if (captureWriter != null) {
                captureWriter.close();
            }
            if (evidence != null) {
                if (evidence.skipped() > 0) {
                    listener.evidenceSkipped(evidence.skipped());
                }
                evidence.close();
            }
        } catch (IOException e) {
            listener.outputFailed(e.getMessage());
            failed = true;
        }
        if (writer.alertsNotStored() > 0) {
            listener.alertsNotStored(writer.alertsNotStored(), writer.maxPendingAlertWrites());
        }
        listener.stopped(interfaceName, capture.statistics(), dissection.captureCounters().frames());
    }

    /** A sink failed, a checkpoint failed or frames could not be written: the run ends as failed. */
    boolean failed() {
        return failed;
    }

    /** Each alert as it opens: its evidence file starts, and the listener hears of it. */
    private final class OpenedAlertSink implements AlertSink {
        @Override
        public void opened(Alert first) {
            if (evidence != null) {
                try {
                    evidence.alertOpened(first);
                } catch (IOException e) {
                    listener.evidenceFailed(first.id(), e.getMessage());
                }
            }
            listener.alertOpened(first);
        }

        @Override
        public void accept(Alert alert) {
        }
    }

    /** The alert's documented JSON line, plus {@code evidence}: its pcap when one was written. */
    private final class EvidenceJsonSink implements AlertSink {
        @Override
        public void accept(Alert alert) throws AlertSinkException {
            Map<String, Object> fields = alert.fields();
            Path file = evidence == null ? null : evidence.fileOf(alert.id());
            if (file != null) {
                fields.put("evidence", file.toString());
            }
            if (label != null) {
                label.addTo(fields);
            }
            try {
                jsonWriter.write(Json.write(fields));
                jsonWriter.write('\n');
            } catch (IOException e) {
                throw new AlertSinkException("cannot write " + options.jsonLines() + ": " + IoErrors.reason(e), e);
            }
        }

        @Override
        public void flush() throws AlertSinkException {
            try {
                jsonWriter.flush();
            } catch (IOException e) {
                throw new AlertSinkException("cannot write " + options.jsonLines() + ": " + IoErrors.reason(e), e);
            }
        }
    }
}
