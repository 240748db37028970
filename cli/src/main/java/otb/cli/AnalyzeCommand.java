package otb.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.baseline.store.SnapshotSignature;
import otb.baseline.store.StoreException;
import otb.runtime.OfflineAnalysis;
import otb.runtime.PipelineException;
import otb.runtime.SignedBaselineLabel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import otb.runtime.AlertSinkOpener;
import otb.site.SitePublisher;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code otb analyze}: detect departures from a baseline snapshot in captures; the runtime's
 * {@link OfflineAnalysis} runs them, this command reads the options and prints the table.
 */
@Command(name = "analyze", aliases = "analyse", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare captures with the newest (or a named) baseline snapshot and raise alerts: "
                + "a table on stdout, and optionally JSON lines, syslog (RFC 5424 with CEF) and the database.",
        footer = {"%nExamples:",
                "  otb analyze fixtures/pcaps/demo/demo-attack.pcap --db otb-work/otb.db",
                "  otb analyze today.pcapng --jsonl alerts.jsonl --fail-on high",
                "  otb analyze /captures/ --syslog siem.example:514 --syslog-transport tcp",
                "  otb analyze today.pcap --baseline approved.otbb --trust /etc/otb/trusted --jsonl alerts.jsonl",
                ExitCode.HELP_SECTION})
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "Capture files (pcap, pcapng, gzip), directories of rotated captures, or globs.")
    List<String> inputs;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--snapshot", paramLabel = "N", description = "Baseline snapshot to compare with (default: newest).")
    Long snapshot;

    @Option(names = "--jsonl", paramLabel = "FILE", description = "Also write alerts as JSON lines (fields in the README).")
    Path jsonl;

    @Option(names = "--no-store", description = "Do not record the alerts in the database.")
    boolean noStore;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 1 when an alert at or above this severity (info, low, medium, high, critical) was raised.")
    String failOn;

    @Mixin
    SignedBaselineOptions signed;

    @Mixin
    DissectionOptions dissection;

    @Mixin
    CaptureBudgetOptions captureBudget;

    @Mixin
    ThreadOptions threading;

    @Mixin
    AlertOptions alerting;

    @Mixin
    DetectionBudgetOptions budgets;

    @Mixin
    MaturityOptions maturity;

    @Mixin
    PublishingOptions publishing;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        int threads = threading.threads();
        Severity threshold = failOn == null ? null : severity(failOn);
        DetectionConfig config = budgets.apply(alerting.detectionConfig());
        maturity.validate();
        List<Path> files = Inputs.expand(inputs);
        AlertTable table = new AlertTable();
        boolean pinned = signed.given();
        if (pinned && snapshot != null) {
            throw new UsageException("--baseline and --snapshot both choose the baseline; give one");
        }
        try (BaselineStore store = database.open(pinned)) {
            Snapshot baseline;
            SignedBaselineLabel label = null;
            if (pinned) {
                SignedBaselineOptions.Pinned approved = signed.resolve(store);
                baseline = approved.snapshot();
                label = approved.label();
            } else {
                baseline = snapshot == null ? latest(store) : load(store, snapshot);
                Optional<SnapshotSignature> signature = store.signature(baseline.info().id());
                if (signature.isPresent()) {
                    label = new SignedBaselineLabel(signature.get().baselineId(), signature.get().signer());
                }
            }
            if (label != null) {
                System.out.println("baseline " + label.baselineId() + " signed by " + label.signer() + " (snapshot "
                        + baseline.info().id() + ")");
            }
            otb.baseline.model.Maturity judged = maturity.of(baseline.baseline());
            SignedBaselineLabel named = label;
            List<AlertSinkOpener> openers = new ArrayList<>(alerting.sinkOpeners(() -> named));
            SitePublisher publisher = publishing.open(database.database);
            if (publisher != null) {
                publisher.cellsText(baseline.cells().text());
                // the hub learns what this sensor knows: the baseline it detects against
                publisher.publishBaseline(baseline.baseline(), 0, 0, false);
                openers.add(() -> publisher);
            }
            OfflineAnalysis.Sinks sinks = new OfflineAnalysis.Sinks(!noStore, jsonl, openers);
            boolean published = true;
            try (OfflineAnalysis analysis = OfflineAnalysis.start(store, baseline, config, sinks, List.of(table),
                    label)) {
                CaptureRun run = new CaptureRun(files, dissection.config(), captureBudget.limits(), common);
                run.run(analysis::read, threads, System.err);
                analysis.finish();
                table.print(System.out, new TimeFormat(common.localTime), alert -> stateOf(store, alert));
                published = PublishingOptions.finish(publisher, System.err);
                if (run.failed() || !published) {
                    return ExitCode.INPUT;
                }
                // after the run, once the table is out, so that a failure (of the input or of standard
                // output) stays the one line it is documented to be
                StandardOutput.check(System.out);
                if (judged.immature()) {
                    System.err.println(MaturityOptions.warning(Long.toString(baseline.info().id()), judged));
                }
                return threshold != null && table.atOrAbove(threshold) > 0 ? ExitCode.FINDINGS : ExitCode.OK;
            } finally {
                if (publisher != null && published) {
                    publisher.finish();
                }
            }
        } catch (StoreException | PipelineException | AlertSink.AlertSinkException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    /** The alert's triage state in the database ({@code new}, or {@code muted} by an earlier mute of its key). */
    private String stateOf(BaselineStore store, Alert alert) {
        if (noStore) {
            return "not stored";
        }
        try {
            return store.alert(alert.id()).map(stored -> stored.state().wireName()).orElse("not stored");
        } catch (StoreException e) {
            return "?";
        }
    }

    static Severity severity(String text) {
        try {
            return Severity.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad severity '" + text + "': use info, low, medium, high or critical");
        }
    }

    static Snapshot latest(BaselineStore store) throws StoreException, InputException {
        if (store.latestSnapshotId().isEmpty()) {
            throw new InputException(store.file() + ": holds no baseline yet (run 'otb learn' first)");
        }
        return store.loadLatest();
    }

    static Snapshot load(BaselineStore store, long id) throws StoreException, InputException {
        if (store.snapshots().stream().noneMatch(s -> s.id() == id)) {
            throw new InputException(store.file() + ": no snapshot " + id + " (see 'otb diff --list')");
        }
        return store.load(id);
    }
}
