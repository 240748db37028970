package otb.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoreException;
import otb.capture.LiveCaptureOptions;
import otb.runtime.AlertSinkOpener;
import otb.runtime.LiveSource;
import otb.runtime.Monitor;
import otb.runtime.MonitorOptions;
import otb.runtime.PipelineException;
import otb.runtime.SignedBaselineLabel;
import otb.site.SitePublisher;
import otb.sim.PlantSimulator;
import otb.sim.ScenarioRequest;
import otb.sim.SimulationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code otb monitor}: the options of a live run ({@link Monitor}, in the runtime), its output
 * ({@link MonitorReport}) and its signal handling: SIGTERM and SIGINT stop the run, which flushes
 * everything, and the process exits 0.
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
                "  otb monitor -i eth1 --db plant.db --baseline approved.otbb --trust /etc/otb/trusted",
                ExitCode.HELP_SECTION})
final class MonitorCommand implements Callable<Integer> {
    /** Snapshot command of a learning period still open (the runtime's; named here for the command's tests). */
    static final String LEARNING_COMMAND = Monitor.LEARNING_COMMAND;
    /** Snapshot command of a learning period that ended (the runtime's). */
    static final String LEARNED_COMMAND = Monitor.LEARNED_COMMAND;

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
            description = "Simulated frames run through a throwaway pipeline once the interface is open (real frames "
                    + "wait in the kernel buffer meanwhile), so the first real frames meet compiled code "
                    + "(default: ${DEFAULT-VALUE}, " + MonitorReport.WARM_UP_DURATION + "; 0 skips it).")
    long warmUpFrames;

    @Mixin
    SignedBaselineOptions signed;

    @Mixin
    DissectionOptions dissection;

    @Mixin
    AlertOptions alerting;

    @Mixin
    LearningBudgetOptions learningBudgets;

    @Mixin
    DetectionBudgetOptions detectionBudgets;

    @Option(names = "--max-pending-alert-writes", paramLabel = "N",
            defaultValue = "" + MonitorOptions.DEFAULT_MAX_PENDING_ALERT_WRITES,
            description = "Budget: alerts waiting for the database (default: ${DEFAULT-VALUE}, ~12 MiB when full, "
                    + "~1.2 KiB each); while it is that far behind, further alerts are not stored (they still reach "
                    + "the terminal, --jsonl and syslog), BUDGET_EXCEEDED says so once and the end says how many.")
    int maxPendingAlertWrites;

    @Mixin
    MaturityOptions maturity;

    @Mixin
    PublishingOptions publishing;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        maturity.validate();
        long learnNanos = Durations.parseNanos(learnFor);
        long checkpointNanos = Durations.parseNanos(checkpointEvery);
        long statsNanos = Durations.parseNanos(statsEvery);
        long silentLimitNanos = Durations.parseNanos(noTrafficAfter);
        // the signed baseline, once resolved below (before the run opens its sinks), named in syslog too
        AtomicReference<SignedBaselineLabel> pinned = new AtomicReference<>();
        List<AlertSinkOpener> openers = new ArrayList<>(alerting.sinkOpeners(pinned::get));
        SitePublisher publisher = publishing.open(database.database);
        if (publisher != null) {
            openers.add(() -> publisher);
        }
        MonitorOptions options = new MonitorOptions(LiveSource.interfaceCapture(captureOptions()), learnNanos, checkpointNanos, statsNanos,
                silentLimitNanos, cellsFile, jsonl, evidenceDir, writeCapture, warmUpFrames, MonitorCommand::simulate,
                dissection.config(), detectionBudgets.apply(alerting.detectionConfig()),
                openers, learningBudgets.limits(),
                BudgetRange.check("--max-pending-alert-writes", maxPendingAlertWrites));

        BaselineStore store = database.openWriter("otb monitor");
        CountDownLatch finished = new CountDownLatch(1);
        int[] exitCode = {ExitCode.INTERNAL};
        Monitor[] monitorRef = new Monitor[1];
        Thread hook = new Thread(() -> {
            monitorRef[0].stop();
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
        // Signals stop the run cleanly once capture has started; before, they end the process.
        MonitorReport report = new MonitorReport(System.out, System.err, new TimeFormat(common.localTime),
                () -> Runtime.getRuntime().addShutdownHook(hook)).judgingMaturity(maturity);
        Monitor monitor = new Monitor(options, store, report);
        monitorRef[0] = monitor;
        try {
            if (signed.given()) {
                SignedBaselineOptions.Pinned approved = signed.resolve(store);
                System.out.println("baseline " + approved.label().baselineId() + " signed by "
                        + approved.label().signer() + " (snapshot " + approved.snapshot().info().id() + ")");
                monitor.detectingAgainst(approved.snapshot(), approved.label());
                pinned.set(approved.label());
            }
            boolean clean = monitor.run();
            clean &= PublishingOptions.finish(publisher, System.err);
            exitCode[0] = clean ? ExitCode.OK : ExitCode.INPUT;
            return exitCode[0];
        } catch (StoreException e) {
            exitCode[0] = ExitCode.INPUT;
            throw new InputException(e.getMessage(), e);
        } catch (PipelineException e) {
            if (e.reason() == PipelineException.Reason.BAD_FILTER) {
                exitCode[0] = ExitCode.USAGE;
                throw new UsageException("--bpf: " + e.getMessage());
            }
            exitCode[0] = ExitCode.INPUT;
            throw new InputException(e.getMessage(), e);
        } catch (UsageException e) {
            exitCode[0] = ExitCode.USAGE;
            throw e;
        } finally {
            try {
                store.close();
            } catch (StoreException e) {
                System.err.println("otb: " + e.getMessage());
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

    /** Warm-up traffic: the simulated plant with connection set-up and every attack scenario. */
    private static void simulate(long frames, OutputStream out) throws IOException {
        PlantSimulator.run(new SimulationOptions(1, SimulationOptions.DEFAULT_START, null, frames,
                ScenarioRequest.parseList("all"), false), out);
    }

    /** The capture settings; the runtime sets the counter interval. */
    private LiveCaptureOptions captureOptions() {
        if (snapLength < LiveCaptureOptions.MIN_SNAP_LENGTH || snapLength > LiveCaptureOptions.MAX_SNAP_LENGTH) {
            throw new UsageException("--snaplen " + snapLength + ": use 64..262144");
        }
        if (bufferMiB < 1 || bufferMiB > 1024) {
            throw new UsageException("--buffer-mib " + bufferMiB + ": use 1..1024");
        }
        return LiveCaptureOptions.defaults(interfaceName).withSnapLength(snapLength)
                .withKernelBufferBytes(bufferMiB << 20).withImmediateMode(immediate)
                .withFilter(bpf == null ? "" : bpf);
    }
}
