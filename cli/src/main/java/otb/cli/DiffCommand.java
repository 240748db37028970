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
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SnapshotInfo;
import otb.baseline.store.StoreException;
import otb.capture.IoErrors;
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
                ExitCode.HELP_SECTION})
final class DiffCommand implements Callable<Integer> {

    enum Format { markdown, html, json }

    @Parameters(arity = "0..2", paramLabel = "DB", description = "Two database files to compare (their newest snapshots).")
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

    @Option(names = "--format", defaultValue = "markdown", description = "markdown, html or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
    Path output;

    @Mixin
    CommonOptions common;

    private record Side(String label, SnapshotInfo info, Baseline baseline) {
    }

    @Override
    public Integer call() throws Exception {
        if (databases.size() == 1) {
            throw new UsageException("give two database files, or none and --db");
        }
        if (since != null && from != null) {
            throw new UsageException("--since and --from both choose the earlier snapshot; give one");
        }
        Side before;
        Side after;
        if (databases.size() == 2) {
            before = newest(databases.get(0));
            after = newest(databases.get(1));
        } else {
            try (BaselineStore store = database.open(false)) {
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
                after = new Side(store.file() + " #" + later.id(), later, store.load(later.id()).baseline());
                before = earlier == null ? new Side("(empty baseline)", null, new Baseline())
                        : new Side(store.file() + " #" + earlier.id(), earlier, store.load(earlier.id()).baseline());
            } catch (StoreException e) {
                throw new InputException(e.getMessage(), e);
            }
        }
        BaselineDiff diff = BaselineDiff.compare(before.baseline, after.baseline);
        String text = switch (format) {
            case json -> json(diff, before, after);
            case markdown -> markdown(diff, before, after, new TimeFormat(common.localTime));
            case html -> otb.cli.report.DiffHtml.render(diff, info(before), info(after),
                    new otb.cli.report.ReportTimes(common.localTime ? java.time.ZoneId.systemDefault() : null));
        };
        write(text);
        return diff.isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
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
        try (BaselineStore store = options.open(false)) {
            OptionalLong id = store.latestSnapshotId();
            if (id.isEmpty()) {
                throw new InputException(file + ": holds no baseline yet");
            }
            var snapshot = store.load(id.getAsLong());
            return new Side(file + " #" + id.getAsLong(), snapshot.info(), snapshot.baseline());
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
                    s.input() + (s.note().isEmpty() ? "" : " — " + s.note()));
        }
    }

    private static String json(BaselineDiff diff, Side before, Side after) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("from", before.label);
        fields.put("to", after.label);
        fields.putAll(diff.fields());
        return otb.dissect.Json.write(fields) + "\n";
    }

    static String markdown(BaselineDiff diff, Side before, Side after, TimeFormat time) {
        StringBuilder md = new StringBuilder(4096);
        md.append("# otb baseline diff\n\n");
        md.append("- from: ").append(describe(before, time)).append('\n');
        md.append("- to: ").append(describe(after, time)).append('\n');
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
            md.append("\n## ").append(section).append("\n\n| change | subject | cell | before | after |\n|---|---|---|---|---|\n");
            for (BaselineDiff.Change change : changes) {
                md.append("| ").append(change.change()).append(" | ").append(cell(change.subject())).append(" | ")
                        .append(cell(change.cell())).append(" | ").append(cell(change.before())).append(" | ")
                        .append(cell(change.after())).append(" |\n");
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

    /** Markdown table cells: pipes escaped, line breaks folded. */
    private static String cell(String text) {
        return text.isEmpty() ? "" : text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ");
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
