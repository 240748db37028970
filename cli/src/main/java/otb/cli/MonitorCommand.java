package otb.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.baseline.Alert;
import otb.baseline.AlertSink;
import otb.baseline.Baseline;
import otb.baseline.Cells;
import otb.baseline.DetectionConfig;
import otb.baseline.Detector;
import otb.baseline.Learner;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.baseline.store.StoreException;
import otb.capture.CaptureException;
import otb.capture.CaptureLimits;
import otb.capture.LiveCapture;
import otb.capture.LiveCaptureException;
import otb.capture.LiveCaptureOptions;
import otb.capture.LiveStatistics;
import otb.capture.Packet;
import otb.capture.PacketSource;
import otb.capture.PcapWriter;
import otb.dissect.Dissection;
import otb.dissect.Dissectors;
import otb.dissect.Json;
import otb.dissect.OtEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code otb monitor}: live capture on a mirror port through the same pipeline as files; learns
 * until the learning period ends, then detects. The learning period is persisted in the
 * database (a {@value #LEARNING_COMMAND} snapshot at every checkpoint, which replaces the run's
 * previous one), so a restart continues where it stopped. SIGTERM and SIGINT end the capture, flush everything and exit 0.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Capture on a live interface (a SPAN/TAP mirror port) and learn a baseline until the learning "
                + "period ends, then raise alerts for departures from it. otb never transmits.",
                "",
                "With no baseline in the database, learns for --learn-for (capture time, persisted: a restart "
                        + "continues the period). With a finished baseline (from 'otb learn' or an earlier monitor), "
                        + "detects from the first packet. Checkpoints every --checkpoint-every; SIGTERM/SIGINT flush "
                        + "and exit 0. Needs root or CAP_NET_RAW and CAP_NET_ADMIN (see packaging/otb-monitor.service)."},
        footer = {"%nExamples:",
                "  otb monitor -i eth1 --db /var/lib/otb/otb.db --learn-for 7d",
                "  otb monitor -i eth1 --db plant.db --learn-for 0s --jsonl alerts.jsonl",
                "  otb monitor -i eth1 --db plant.db --syslog siem.example:514 --evidence-dir ev/",
                "  otb monitor -i eth1 --db plant.db --bpf 'tcp port 502 or tcp port 20000'",
                ExitCode.HELP_SECTION})
final class MonitorCommand implements Callable<Integer> {
    /** Snapshot command of a learning period still open. */
    static final String LEARNING_COMMAND = "monitor-learning";
    /** Snapshot command of a learning period that ended. */
    static final String LEARNED_COMMAND = "monitor";
    private static final Pattern LEARNED_NOTE = Pattern.compile("learned (\\d+) of (\\d+) ns");
    /** How often capture counters are read (loss and silence checks); the log line is --stats-every. */
    private static final Duration COUNTER_INTERVAL = Duration.ofSeconds(1);
    /** Checkpoint interval of a warm-up session: never within its simulated day, and no overflow. */
    private static final long REHEARSAL_CHECKPOINT_NANOS = Long.MAX_VALUE / 4;
    /**
     * Alert sinks of a warm-up session: they discard everything, and they are three classes so
     * that the detector's calls to its sinks are compiled for several types, as live (console,
     * store, JSON lines, syslog); one type would be inlined and deoptimized at the first live alert.
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

    /** How long a signal waits for the pipeline to flush before the process ends anyway. */
    private static final long SHUTDOWN_WAIT_SECONDS = 60;

    @Option(names = {"-i", "--interface"}, required = true, paramLabel = "IFACE",
            description = "Interface to capture on (see 'otb interfaces').")
    String interfaceName;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--learn-for", paramLabel = "DURATION", defaultValue = "7d",
            description = "Learning period in capture time when the database has no finished baseline "
                    + "(default: ${DEFAULT-VALUE}); 0s detects from the first packet against the newest snapshot.")
    String learnFor;

    @Option(names = "--cells", paramLabel = "FILE",
            description = "Cell definitions for a new baseline (default: the snapshot's cells, else one per VLAN or /24).")
    Path cellsFile;

    @Option(names = "--bpf", paramLabel = "EXPR", description = "Kernel filter, tcpdump syntax (default: every frame).")
    String bpf;

    @Option(names = "--jsonl", paramLabel = "FILE", description = "Append alerts as JSON lines (with an evidence field).")
    Path jsonl;

    @Option(names = "--evidence-dir", paramLabel = "DIR",
            description = "Keep a ring of recent frames there and write alert-<id>.pcap around every alert.")
    Path evidenceDir;

    @Option(names = "--write-capture", paramLabel = "FILE",
            description = "Also write every captured frame to FILE (pcap), as 'tcpdump -w' would.")
    Path writeCapture;

    @Option(names = "--checkpoint-every", paramLabel = "DURATION", defaultValue = "10m",
            description = "Save the learning baseline / flush alerts this often in capture time (default: ${DEFAULT-VALUE}).")
    String checkpointEvery;

    @Option(names = "--stats-every", paramLabel = "DURATION", defaultValue = "60s",
            description = "Log capture counters to stderr this often (default: ${DEFAULT-VALUE}).")
    String statsEvery;

    @Option(names = "--no-traffic-after", paramLabel = "DURATION", defaultValue = "5m",
            description = "Raise NO_TRAFFIC when the interface is silent this long (default: ${DEFAULT-VALUE}).")
    String noTrafficAfter;

    @Option(names = "--snaplen", paramLabel = "BYTES", defaultValue = "65535",
            description = "Bytes kept per frame, 64..262144 (default: ${DEFAULT-VALUE}).")
    int snapLength;

    @Option(names = "--buffer-mib", paramLabel = "MIB", defaultValue = "64",
            description = "Kernel capture buffer in MiB, 1..1024 (default: ${DEFAULT-VALUE}).")
    int bufferMiB;

    @Option(names = "--immediate", description = "Deliver each frame at once instead of in kernel blocks "
            + "(lower latency, more CPU; drops at high rates).")
    boolean immediate;

    @Option(names = "--warm-up", paramLabel = "FRAMES", defaultValue = "1000000",
            description = "Simulated frames run through a throwaway pipeline before capture starts, so the first real "
                    + "frames meet compiled code (default: ${DEFAULT-VALUE}, a few seconds; 0 skips it).")
    long warmUpFrames;

    @Mixin
    DissectionOptions dissection;

    @Mixin
    AlertOptions alerting;

    @Mixin
    CommonOptions common;

    /** What the database says about learning, decided at start. */
    record LearningState(boolean learning, long learnedNanos, long periodNanos, Snapshot snapshot) {
    }

    @Override
    public Integer call() throws Exception {
        long learnNanos = Durations.parseNanos(learnFor);
        long checkpointNanos = Math.max(1_000_000_000L, Durations.parseNanos(checkpointEvery));
        long statsNanos = Math.max(1_000_000_000L, Durations.parseNanos(statsEvery));
        long silentLimitNanos = Math.max(1_000_000_000L, Durations.parseNanos(noTrafficAfter));
        DetectionConfig detection = alerting.detectionConfig();
        LiveCaptureOptions options = captureOptions();
        PrintStream err = System.err;

        BaselineStore store = database.open(true);
        CountDownLatch finished = new CountDownLatch(1);
        int[] exitCode = {ExitCode.INTERNAL};
        LiveCapture[] captureRef = new LiveCapture[1];
        Thread hook = new Thread(() -> {
            LiveCapture capture = captureRef[0];
            if (capture != null) {
                capture.stop();
            }
            try {
                if (!finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("otb: monitor: gave up waiting for the flush after " + SHUTDOWN_WAIT_SECONDS + " s");
                    Runtime.getRuntime().halt(ExitCode.INTERNAL);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.flush();
            System.out.flush();
            // A signal ends the JVM with 128+signal; a clean flush means success.
            Runtime.getRuntime().halt(exitCode[0]);
        }, "otb-monitor-shutdown");
        try {
            LearningState state = learningState(store, learnNanos);
            Cells cells = cellsFor(state.snapshot());
            if (warmUpFrames > 0) {
                // Interface, permission and filter are checked before the warm-up, which takes seconds;
                // capture opens after it, so the kernel buffer does not fill meanwhile.
                openCapture(options, err).close();
                try {
                    warmUp(cells, state, detection, err);
                } catch (IOException e) {
                    err.println("otb: monitor: warm-up skipped (" + e.getMessage() + ")");
                }
            }
            try (LiveCapture capture = openCapture(options, err)) {
                captureRef[0] = capture;
                Runtime.getRuntime().addShutdownHook(hook);
                MonitorStoreWriter writer = new MonitorStoreWriter(store, err);
                Session session = new Session(writer, cells, state, detection, checkpointNanos, capture, err);
                try {
                    session.start();
                    session.run(statsNanos, silentLimitNanos);
                } finally {
                    try {
                        session.close();
                    } finally {
                        writer.close();
                    }
                }
                exitCode[0] = session.failed || writer.failed() ? ExitCode.INPUT : ExitCode.OK;
                return exitCode[0];
            }
        } catch (StoreException e) {
            exitCode[0] = ExitCode.INPUT;
            throw new InputException(e.getMessage(), e);
        } catch (InputException e) {
            exitCode[0] = ExitCode.INPUT;
            throw e;
        } catch (UsageException e) {
            exitCode[0] = ExitCode.USAGE;
            throw e;
        } finally {
            try {
                store.close();
            } catch (StoreException e) {
                err.println("otb: " + e.getMessage());
                exitCode[0] = ExitCode.INPUT;
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down (the hook is running) or never added
            }
        }
    }

    /**
     * Runs {@link #warmUpFrames} simulated frames through throwaway sessions: the same code as the
     * live session, with discarding alert sinks, no store and no checkpoints.
     */
    private void warmUp(Cells cells, LearningState state, DetectionConfig detection, PrintStream err) throws IOException {
        Baseline against = state.snapshot() == null ? new Baseline() : state.snapshot().baseline();
        MonitorWarmUp.run(warmUpFrames, state.learning(), (source, learning) -> {
            Session rehearsal = new Session(null, cells, new LearningState(learning, 0, Long.MAX_VALUE, state.snapshot()),
                    detection, REHEARSAL_CHECKPOINT_NANOS, null, err);
            try {
                rehearsal.rehearse(source, against);
            } catch (AlertSink.AlertSinkException e) {
                throw new IOException(e.getMessage(), e);
            }
        });
    }

    private LiveCaptureOptions captureOptions() {
        if (snapLength < LiveCaptureOptions.MIN_SNAP_LENGTH || snapLength > LiveCaptureOptions.MAX_SNAP_LENGTH) {
            throw new UsageException("--snaplen " + snapLength + ": use 64..262144");
        }
        if (bufferMiB < 1 || bufferMiB > 1024) {
            throw new UsageException("--buffer-mib " + bufferMiB + ": use 1..1024");
        }
        return LiveCaptureOptions.defaults(interfaceName).withSnapLength(snapLength)
                .withKernelBufferBytes(bufferMiB << 20).withImmediateMode(immediate)
                .withFilter(bpf == null ? "" : bpf).withStatisticsInterval(COUNTER_INTERVAL);
    }

    /** Receives the capture counters every second on the pipeline thread; set by the running session. */
    private Consumer<LiveStatistics> statisticsWatcher = statistics -> { };

    private LiveCapture openCapture(LiveCaptureOptions options, PrintStream err) throws InputException {
        LiveCapture.Events events = new LiveCapture.Events() {
            @Override
            public void statistics(String interfaceName, LiveStatistics statistics) {
                statisticsWatcher.accept(statistics);
            }

            @Override
            public void notice(String line) {
                err.println("otb: " + line);
            }
        };
        try {
            return LiveCapture.open(options, events);
        } catch (LiveCaptureException e) {
            if (e.reason() == LiveCaptureException.Reason.BAD_FILTER) {
                throw new UsageException("--bpf: " + e.getMessage());
            }
            throw new InputException(e.getMessage(), e);
        }
    }

    /** Reads the learning period's state from the newest snapshot. */
    static LearningState learningState(BaselineStore store, long learnNanos) throws StoreException, InputException {
        if (store.latestSnapshotId().isEmpty()) {
            if (learnNanos == 0) {
                throw new InputException(store.file() + ": holds no baseline to detect against: learn first "
                        + "(--learn-for 7d, or 'otb learn')");
            }
            return new LearningState(true, 0, learnNanos, null);
        }
        Snapshot latest = store.loadLatest();
        if (LEARNING_COMMAND.equals(latest.info().command())) {
            Matcher matcher = LEARNED_NOTE.matcher(latest.info().note());
            long learned = matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
            return new LearningState(learned < learnNanos, learned, learnNanos, latest);
        }
        return new LearningState(false, 0, 0, latest);
    }

    private Cells cellsFor(Snapshot snapshot) throws InputException {
        if (cellsFile != null) {
            return LearnCommand.loadCells(cellsFile);
        }
        return snapshot != null ? snapshot.cells() : Cells.automatic();
    }

    /** The running pipeline: capture → dissection → learner or detector → sinks and store. */
    private final class Session {
        private final MonitorStoreWriter writer;
        private final Cells cells;
        private final DetectionConfig detection;
        private final long checkpointNanos;
        private final LiveCapture capture;
        private final PrintStream err;
        private final List<AlertSink> sinks = new ArrayList<>();
        private final Dissection dissection;
        /**
         * {@link #frame} as the engine's frame observer, made once here so that warm-up and live
         * sessions hand the engine the same class (two lambda sites would deoptimize the pipeline).
         */
        private final PacketSource.FrameHandler frameObserver = this::frame;
        private Writer jsonWriter;
        private MonitorEvidence evidence;
        private PcapWriter captureWriter;
        private Learner learner;
        private Detector detector;
        private OptionalLong parent;
        private long learnedBefore;
        private final long periodNanos;
        private long sessionFirstNanos = Long.MIN_VALUE;
        private long clock = Long.MIN_VALUE;
        private long nextCheckpointNanos = Long.MIN_VALUE;
        private boolean failed;
        private final Snapshot startSnapshot;

        Session(MonitorStoreWriter writer, Cells cells, LearningState state, DetectionConfig detection,
                long checkpointNanos, LiveCapture capture, PrintStream err) {
            this.writer = writer;
            this.cells = cells;
            this.detection = detection;
            this.checkpointNanos = checkpointNanos;
            this.capture = capture;
            this.err = err;
            this.periodNanos = state.periodNanos();
            this.learnedBefore = state.learnedNanos();
            this.startSnapshot = state.snapshot();
            this.parent = state.snapshot() == null ? OptionalLong.empty() : OptionalLong.of(state.snapshot().info().id());
            this.dissection = new Dissection(CaptureLimits.defaults(), dissectionConfig(), Dissectors.all(), this::event);
            if (state.learning()) {
                Baseline baseline = state.snapshot() == null ? new Baseline() : state.snapshot().baseline().copy();
                learner = new Learner(cells, baseline);
            }
        }

        private otb.dissect.DissectorConfig dissectionConfig() {
            try {
                return MonitorCommand.this.dissection.config();
            } catch (InputException e) {
                throw new UsageException(e.getMessage());
            }
        }

        void start() throws InputException, StoreException, IOException {
            if (evidenceDir != null) {
                evidence = new MonitorEvidence(evidenceDir);
            }
            if (writeCapture != null) {
                captureWriter = new PcapWriter(Files.newOutputStream(writeCapture), capture.linkType(), snapLength);
            }
            if (jsonl != null) {
                try {
                    jsonWriter = new BufferedWriter(Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND));
                } catch (IOException e) {
                    throw new InputException(jsonl + ": cannot write (" + e.getMessage() + ")", e);
                }
            }
            alerting.syslogSink().ifPresent(sinks::add);
            if (learner != null) {
                err.printf("otb: monitor %s: learning, %s of %s learned%s%n", interfaceName,
                        Durations.format(learnedBefore), Durations.format(periodNanos),
                        startSnapshot == null ? "" : " (resuming snapshot " + startSnapshot.info().id() + ")");
            } else {
                startDetecting(OptionalLong.of(startSnapshot.info().id()), startSnapshot.cells(),
                        startSnapshot.baseline());
            }
        }

        private void startDetecting(OptionalLong snapshot, Cells detectionCells, Baseline baseline) {
            learner = null;
            List<AlertSink> all = new ArrayList<>();
            all.add(new ConsoleSink());
            all.add(writer.alertSink(snapshot));
            if (jsonWriter != null) {
                all.add(new EvidenceJsonSink());
            }
            all.addAll(sinks);
            sinks.clear();
            sinks.addAll(all);
            detector = new Detector(detectionCells, baseline, detection, sinks);
            err.printf("otb: monitor %s: detecting against snapshot %s%n", interfaceName,
                    snapshot.isPresent() ? Long.toString(snapshot.getAsLong()) : "(not saved)");
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
                err.println("otb: monitor: cannot write frames (" + e.getMessage() + "); evidence and --write-capture stop");
                failed = true;
                closeQuietly();
            }
        }

        private void closeQuietly() {
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
                if (learnedNanos() >= periodNanos) {
                    finishLearning();
                }
            } else {
                detector.accept(event);
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
            Long id = MonitorStoreWriter.await(writer.saveSnapshot(learned::copy, cells, LEARNED_COMMAND, interfaceName,
                    parent, "learning period ended; " + learningNote(),
                    "otb: monitor " + interfaceName + ": learning period of " + Durations.format(periodNanos)
                            + " ended: snapshot %d", true));
            // The detector reads the learned baseline and never changes it; the learner is done with it.
            startDetecting(id == null ? OptionalLong.empty() : OptionalLong.of(id), cells, learned);
        }

        private void checkpoint() {
            try {
                if (learner != null) {
                    Baseline learning = learner.baseline();
                    writer.saveCheckpoint(learning::copy, cells, LEARNING_COMMAND, interfaceName, parent, learningNote(),
                            "otb: monitor " + interfaceName + ": checkpoint: snapshot %d, " + Durations.format(learnedNanos())
                                    + " of " + Durations.format(periodNanos) + " learned", false);
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
                err.println("otb: checkpoint failed: " + e.getMessage());
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
                detector = new Detector(cells, baseline, detection, REHEARSAL_SINKS);
            }
            dissection.engine().frameObserver(frameObserver);
            dissection.process(source);
            dissection.finish();
            if (detector != null) {
                detector.finish();
            }
        }

        /** Captures until stopped; logs counters, raises CAPTURE_LOSS and NO_TRAFFIC. */
        void run(long statsNanos, long silentLimitNanos) throws InputException {
            dissection.engine().frameObserver(frameObserver);
            MonitorCaptureWatch watcher = new MonitorCaptureWatch(interfaceName, statsNanos, silentLimitNanos,
                    System::nanoTime, err, new MonitorCaptureWatch.Alerts() {
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
            statisticsWatcher = watcher;
            try {
                dissection.process(capture);
            } catch (otb.capture.CaptureException e) {
                throw new InputException(e.getMessage(), e);
            }
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
                MonitorStoreWriter.await(writer.saveCheckpoint(() -> learning, cells, LEARNING_COMMAND, interfaceName,
                        parent, learningNote(), "otb: monitor " + interfaceName + ": stopped while learning: snapshot %d, "
                                + Durations.format(learnedNanos()) + " of " + Durations.format(periodNanos) + " learned",
                        true));
            }
            if (detector != null) {
                try {
                    detector.finish();
                } catch (AlertSink.AlertSinkException e) {
                    err.println("otb: " + e.getMessage());
                    failed = true;
                }
            }
            for (AlertSink sink : sinks) {
                try {
                    sink.close();
                } catch (AlertSink.AlertSinkException e) {
                    err.println("otb: " + e.getMessage());
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
                        err.printf("otb: monitor: %d alerts got no evidence file (bounds reached)%n", evidence.skipped());
                    }
                    evidence.close();
                }
            } catch (IOException e) {
                err.println("otb: monitor: " + e.getMessage());
                failed = true;
            }
            err.printf("otb: monitor %s: stopped: %s; %d frames decoded%n", interfaceName,
                    capture.statistics().summary(), dissection.captureCounters().frames());
        }

        /** Prints each alert as it opens, one line, to stdout. */
        private final class ConsoleSink implements AlertSink {
            private final TimeFormat time = new TimeFormat(common.localTime);

            @Override
            public void opened(Alert first) {
                if (evidence != null) {
                    try {
                        evidence.alertOpened(first);
                    } catch (IOException e) {
                        err.println("otb: monitor: evidence for alert " + first.id() + ": " + e.getMessage());
                    }
                }
                System.out.printf("%s %-8s %-28s %s%s%s%n", time.format(first.firstNanos()),
                        first.severity().wireName(), first.kind().name(),
                        first.src().isEmpty() ? "" : first.src() + " -> " + first.dst() + " ",
                        first.protocol().isEmpty() ? "" : first.protocol() + " ", first.detail());
                System.out.flush();
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
                try {
                    jsonWriter.write(Json.write(fields));
                    jsonWriter.write('\n');
                } catch (IOException e) {
                    throw new AlertSinkException(jsonl + ": cannot write (" + e.getMessage() + ")", e);
                }
            }

            @Override
            public void flush() throws AlertSinkException {
                try {
                    jsonWriter.flush();
                } catch (IOException e) {
                    throw new AlertSinkException(jsonl + ": cannot write (" + e.getMessage() + ")", e);
                }
            }
        }
    }
}
