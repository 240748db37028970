package otb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import otb.baseline.diff.BaselineDiff;
import otb.baseline.model.Baseline;
import otb.baseline.sign.BaselineDocument;
import otb.baseline.sign.ChangeApprovals;
import otb.baseline.sign.Lineage;
import otb.baseline.sign.SignedBaseline;
import otb.baseline.sign.TrustedKeys;
import otb.baseline.store.AuditEntry;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SnapshotInfo;
import otb.baseline.store.StoreException;
import otb.capture.IoErrors;
import otb.dissect.PlainText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otb diff}: what changed between two baseline snapshots, for scheduled reports. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare two baseline snapshots (of one database, or the newest of two databases): added and "
                + "removed assets, conversations, function codes, point ranges, timing shifts beyond their spread, "
                + "value envelopes. Exits 0 when nothing changed and 1 when something did, like diff(1).",
        footer = {"%nExamples:",
                "  otb diff --db otb-work/otb.db                      newest snapshot against the one before",
                "  otb diff --db plant.db --since 7d --format html -o weekly.html",
                "  otb diff --db plant.db --from 3 --to 7 --format json",
                "  otb diff last-month.db plant.db",
                "  otb diff --db plant.db --list",
                "  otb diff --db plant.db --against approved.otbb --trust /etc/otb/trusted",
                "  otb diff last-week.otbb this-week.otbb --trust /etc/otb/trusted   who approved each change",
                ExitCode.HELP_SECTION})
final class DiffCommand implements Callable<Integer> {

    enum Format { markdown, html, json }

    @Parameters(arity = "0..2", paramLabel = "DB",
            description = "Two database files to compare (their newest snapshots), or two signed baselines (.otbb, "
                    + "checked with --trust).")
    List<Path> databases = List.of();

    @Mixin
    DatabaseOptions database;

    @Option(names = "--from", paramLabel = "SNAP", description = "Earlier snapshot (default: the one before --to).")
    Long from;

    @Option(names = "--to", paramLabel = "SNAP", description = "Later snapshot (default: newest).")
    Long to;

    @Option(names = "--since", paramLabel = "DURATION",
            description = "Earlier snapshot: the newest one written at least this long ago (e.g. 7d), wall clock.")
    String since;

    @Option(names = "--list", description = "List the snapshots and exit.")
    boolean list;

    @Option(names = "--against", paramLabel = "FILE.otbb",
            description = "Earlier side: this signed, approved baseline (checked with --trust); the later side is the "
                    + "database's newest snapshot (or --to).")
    Path against;

    @Option(names = "--trust", paramLabel = "DIR",
            description = "Directory of trusted public keys (*.pub) for signed baselines and signed approvals.")
    Path trust;

    @Option(names = "--format", defaultValue = "markdown", description = "markdown, html or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
    Path output;

    @Mixin
    CommonOptions common;

    /**
     * One side of the comparison.
     *
     * @param history the audit entries that made it (its lineage), or null when not known
     */
    private record Side(String label, SnapshotInfo info, Baseline baseline, List<AuditEntry> history) {
    }

    @Override
    public Integer call() throws Exception {
        if (databases.size() == 1) {
            throw new UsageException("give two database files, or none and --db");
        }
        if (since != null && from != null) {
            throw new UsageException("--since and --from both choose the earlier snapshot; give one");
        }
        long signedFiles = databases.stream().filter(DiffCommand::isSignedBaseline).count();
        if (signedFiles == 1) {
            throw new UsageException("give two signed baselines (.otbb) or two databases, not one of each");
        }
        if (against != null && (!databases.isEmpty() || since != null || from != null)) {
            throw new UsageException("--against is the earlier side; give no --from, --since or files with it");
        }
        if (trust != null && against == null && signedFiles == 0) {
            throw new UsageException("--trust goes with --against FILE.otbb or two .otbb files");
        }
        Side before;
        Side after;
        if (signedFiles == 2) {
            before = signed(databases.get(0));
            after = signed(databases.get(1));
        } else if (databases.size() == 2) {
            before = newest(databases.get(0));
            after = newest(databases.get(1));
        } else if (against != null) {
            before = signed(against);
            try (BaselineStore store = database.openReadOnly()) {
                List<SnapshotInfo> snapshots = store.snapshots();
                if (snapshots.isEmpty()) {
                    throw new InputException(store.file() + ": holds no baseline yet (run 'otb learn' first)");
                }
                SnapshotInfo later = to == null ? snapshots.get(snapshots.size() - 1) : find(store, snapshots, to);
                after = new Side(store.file() + " #" + later.id(), later, store.load(later.id()).baseline(),
                        Lineage.history(store, later.id()));
            } catch (StoreException e) {
                throw new InputException(e.getMessage(), e);
            }
        } else {
            try (BaselineStore store = database.openReadOnly()) {
                List<SnapshotInfo> snapshots = store.snapshots();
                if (list) {
                    printList(snapshots);
                    return ExitCode.OK;
                }
                if (snapshots.isEmpty()) {
                    throw new InputException(store.file() + ": holds no baseline yet (run 'otb learn' first)");
                }
                SnapshotInfo later = to == null ? snapshots.get(snapshots.size() - 1) : find(store, snapshots, to);
                SnapshotInfo earlier = earlier(store, snapshots, later);
                after = new Side(store.file() + " #" + later.id(), later, store.load(later.id()).baseline(), null);
                before = earlier == null ? new Side("(empty baseline)", null, new Baseline(), null)
                        : new Side(store.file() + " #" + earlier.id(), earlier, store.load(earlier.id()).baseline(), null);
            } catch (StoreException e) {
                throw new InputException(e.getMessage(), e);
            }
        }
        BaselineDiff diff = BaselineDiff.compare(before.baseline, after.baseline);
        Map<BaselineDiff.Change, List<ChangeApprovals.Approval>> approvals = null;
        if (before.history != null && after.history != null) {
            TrustedKeys trusted = trust == null ? null : SignedBaselines.trusted(trust);
            approvals = ChangeApprovals.attribute(before.baseline, diff,
                    ChangeApprovals.since(before.history, after.history, trusted));
        }
        String text = switch (format) {
            case json -> json(diff, before, after, approvals);
            case markdown -> markdown(diff, before, after, new TimeFormat(common.localTime), approvals);
            case html -> otb.cli.report.DiffHtml.render(diff, info(before), info(after),
                    new otb.cli.report.ReportTimes(common.localTime ? java.time.ZoneId.systemDefault() : null),
                    approvals == null ? null : approvedBy(approvals));
        };
        write(text);
        return diff.isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    private static boolean isSignedBaseline(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(".otbb");
    }

    /** A signed baseline file, checked against --trust. */
    private Side signed(Path file) throws InputException {
        BaselineDocument.Verified verified = SignedBaselines.verify(file, trust);
        SignedBaseline content = verified.content();
        SnapshotInfo info = new SnapshotInfo(content.snapshot(), content.created(), content.command(), content.input(),
                content.parent(), content.messages(), content.firstNanos(), content.lastNanos(), content.note());
        return new Side(file + " (baseline " + content.baselineId() + " signed by " + verified.signedBy() + ")", info,
                verified.baseline(), content.history());
    }

    /** Each change's approvals in one line; "" for a change no approval made (learned). */
    private static Map<BaselineDiff.Change, String> approvedBy(
            Map<BaselineDiff.Change, List<ChangeApprovals.Approval>> approvals) {
        Map<BaselineDiff.Change, String> text = new java.util.LinkedHashMap<>();
        approvals.forEach((change, list) -> text.put(change,
                String.join("; ", list.stream().map(ChangeApprovals.Approval::describe).toList())));
        return text;
    }

    private SnapshotInfo earlier(BaselineStore store, List<SnapshotInfo> snapshots, SnapshotInfo later)
            throws InputException {
        if (from != null) {
            return find(store, snapshots, from);
        }
        if (since != null) {
            Instant cutoff = Instant.now().minusNanos(Durations.parseNanos(since));
            SnapshotInfo chosen = null;
            for (SnapshotInfo info : snapshots) {
                if (info.id() < later.id() && !Instant.parse(info.createdAt()).isAfter(cutoff)) {
                    chosen = info;
                }
            }
            String compared = " -> snapshot " + later.id() + " (written " + later.createdAt() + ")";
            if (chosen != null) {
                System.err.println("otb: diff --since " + since + ": compared snapshot " + chosen.id() + " (written "
                        + chosen.createdAt() + ")" + compared);
                return chosen;
            }
            if (!snapshots.isEmpty() && snapshots.get(0).id() < later.id()) {
                chosen = snapshots.get(0);
                System.err.println("otb: diff --since " + since + ": no snapshot is that old; compared the oldest, "
                        + "snapshot " + chosen.id() + " (written " + chosen.createdAt() + ")" + compared);
                return chosen;
            }
            System.err.println("otb: diff --since " + since + ": no snapshot is that old and none is older than "
                    + "snapshot " + later.id() + "; compared an empty baseline" + compared);
            return null;
        }
        if (later.parent().isPresent()) {
            return find(store, snapshots, later.parent().getAsLong());
        }
        SnapshotInfo chosen = null;
        for (SnapshotInfo info : snapshots) {
            if (info.id() < later.id()) {
                chosen = info;
            }
        }
        return chosen;
    }

    private static SnapshotInfo find(BaselineStore store, List<SnapshotInfo> snapshots, long id) throws InputException {
        return snapshots.stream().filter(s -> s.id() == id).findFirst()
                .orElseThrow(() -> new InputException(store.file() + ": no snapshot " + id + " (see 'otb diff --list')"));
    }

    private Side newest(Path file) throws InputException {
        DatabaseOptions options = new DatabaseOptions();
        options.database = file;
        try (BaselineStore store = options.openReadOnly()) {
            OptionalLong id = store.latestSnapshotId();
            if (id.isEmpty()) {
                throw new InputException(file + ": holds no baseline yet");
            }
            var snapshot = store.load(id.getAsLong());
            return new Side(file + " #" + id.getAsLong(), snapshot.info(), snapshot.baseline(), null);
        } catch (StoreException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    private void printList(List<SnapshotInfo> snapshots) {
        TimeFormat time = new TimeFormat(common.localTime);
        PrintStream out = System.out;
        out.printf("%4s  %-30s  %-8s  %6s  %10s  %-30s  %-30s  %s%n", "SNAP", "WRITTEN", "COMMAND", "PARENT",
                "MESSAGES", "TRAFFIC FROM", "TRAFFIC TO", "INPUT / NOTE");
        for (SnapshotInfo s : snapshots) {
            out.printf("%4d  %-30s  %-8s  %6s  %10d  %-30s  %-30s  %s%n", s.id(), s.createdAt(), s.command(),
                    s.parent().isPresent() ? Long.toString(s.parent().getAsLong()) : "-", s.messages(),
                    s.firstNanos() == 0 ? "-" : time.format(s.firstNanos()),
                    s.lastNanos() == 0 ? "-" : time.format(s.lastNanos()),
                    PlainText.escape(s.input() + (s.note().isEmpty() ? "" : " — " + s.note())));
        }
    }

    private static String json(BaselineDiff diff, Side before, Side after,
                               Map<BaselineDiff.Change, List<ChangeApprovals.Approval>> approvals) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("from", before.label);
        fields.put("to", after.label);
        fields.putAll(diff.fields());
        if (approvals != null) {
            List<Object> changes = new java.util.ArrayList<>();
            for (BaselineDiff.Change change : diff.changes()) {
                Map<String, Object> changeFields = change.fields();
                changeFields.put("approved_by", approvals.get(change).stream()
                        .map(ChangeApprovals.Approval::fields).toList());
                changes.add(changeFields);
            }
            fields.put("changes", changes);
        }
        return otb.dissect.Json.write(fields) + "\n";
    }

    static String markdown(BaselineDiff diff, Side before, Side after, TimeFormat time,
                           Map<BaselineDiff.Change, List<ChangeApprovals.Approval>> approvals) {
        StringBuilder md = new StringBuilder(4096);
        md.append("# otb baseline diff\n\n");
        md.append("- from: ").append(Markdown.text(describe(before, time))).append('\n');
        md.append("- to: ").append(Markdown.text(describe(after, time))).append('\n');
        md.append("- result: ").append(diff.isEmpty() ? "no change" : diff.changes().size() + " changes").append("\n\n");
        md.append("| section | added | removed | changed |\n|---|---:|---:|---:|\n");
        for (String section : BaselineDiff.SECTIONS) {
            List<BaselineDiff.Change> changes = diff.section(section);
            md.append("| ").append(section).append(" | ").append(count(changes, "added")).append(" | ")
                    .append(count(changes, "removed")).append(" | ").append(count(changes, "changed")).append(" |\n");
        }
        for (String section : BaselineDiff.SECTIONS) {
            List<BaselineDiff.Change> changes = diff.section(section);
            if (changes.isEmpty()) {
                continue;
            }
            md.append("\n## ").append(section).append("\n\n| change | subject | cell | before | after |")
                    .append(approvals == null ? "\n|---|---|---|---|---|\n" : " approved by |\n|---|---|---|---|---|---|\n");
            for (BaselineDiff.Change change : changes) {
                md.append("| ").append(change.change()).append(" | ").append(cell(change.subject())).append(" | ")
                        .append(cell(change.cell())).append(" | ").append(cell(change.before())).append(" | ")
                        .append(cell(change.after())).append(" |");
                if (approvals != null) {
                    List<ChangeApprovals.Approval> by = approvals.get(change);
                    md.append(' ').append(by.isEmpty() ? "learned" : cell(String.join("; ",
                            by.stream().map(ChangeApprovals.Approval::describe).toList()))).append(" |");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    /** The side's snapshot, or a stand-in for the empty baseline before the first snapshot. */
    private static SnapshotInfo info(Side side) {
        return side.info != null ? side.info
                : new SnapshotInfo(0, "", "(none)", "", OptionalLong.empty(), 0, 0, 0, "empty baseline: no earlier snapshot");
    }

    private static String describe(Side side, TimeFormat time) {
        if (side.info == null) {
            return side.label;
        }
        SnapshotInfo info = side.info;
        return side.label + " (" + info.command() + ", written " + info.createdAt() + ", " + info.messages()
                + " messages, traffic " + (info.firstNanos() == 0 ? "-" : time.format(info.firstNanos())) + " .. "
                + (info.lastNanos() == 0 ? "-" : time.format(info.lastNanos())) + ")";
    }

    private static long count(List<BaselineDiff.Change> changes, String kind) {
        return changes.stream().filter(c -> c.change().equals(kind)).count();
    }

    /** Markdown table cells: everything from the wire or the database through {@link Markdown}. */
    private static String cell(String text) {
        return Markdown.text(text);
    }

    private void write(String text) throws InputException {
        if (output == null) {
            System.out.print(text);
            System.out.flush();
            return;
        }
        try {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot write " + output + ": " + IoErrors.reason(e), e);
        }
    }
}
