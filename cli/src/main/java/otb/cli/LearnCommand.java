package otb.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import otb.baseline.cells.Cells;
import otb.baseline.cells.CellsException;
import otb.baseline.learn.AbsorbedOperations;
import otb.baseline.model.Baseline;
import otb.baseline.model.CellProgress;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoreException;
import otb.runtime.OfflineLearning;
import picocli.CommandLine.Command;
import otb.baseline.model.BaselineLimits;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code otb learn}: learn or extend a baseline from captures into a new snapshot; the runtime's
 * {@link OfflineLearning} runs them, this command reads the options and prints the summary.
 */
@Command(name = "learn", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Learn a baseline from captures (or extend the newest one) and store it as a new snapshot.",
        footer = {"%nExamples:",
                "  otb learn fixtures/pcaps/demo/demo-learn.pcap --db otb-work/otb.db",
                "  otb learn /captures/week1/ --cells cells.conf --db plant.db",
                "  otb learn --fresh 'rotated-*.pcap.gz' --db plant.db",
                ExitCode.HELP_SECTION})
final class LearnCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "Capture files (pcap, pcapng, gzip), directories of rotated captures, or globs.")
    List<String> inputs;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--cells", paramLabel = "FILE",
            description = "Cell definitions (see README); default: the newest snapshot's cells, else one cell per VLAN or /24.")
    Path cellsFile;

    @Option(names = "--fresh", description = "Start a new baseline instead of extending the newest snapshot.")
    boolean fresh;

    @Option(names = "--note", defaultValue = "", description = "Free text stored with the snapshot.")
    String note;

    @Option(names = "--by", paramLabel = "WHO", description = "Who learns, for the audit trail (default: the OS login name).")
    String by;

    @Option(names = "--review", description = "Exit 1 when learning absorbed control, program, stop/start or "
            + "write-to-new-point operations (listed on stdout either way): review them before trusting the baseline.")
    boolean review;

    @Mixin
    DissectionOptions dissection;

    @Mixin
    CaptureBudgetOptions captureBudget;

    @Mixin
    LearningBudgetOptions budgets;

    @Mixin
    ThreadOptions threading;

    @Mixin
    PublishingOptions publishing;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        BaselineLimits limits = budgets.limits();
        int threads = threading.threads();
        List<Path> files = Inputs.expand(inputs);
        Cells cells = cellsFile == null ? null : loadCells(cellsFile);
        PrintStream out = System.out;
        boolean existed = java.nio.file.Files.exists(database.database);
        boolean stored = false;
        // a bad --publish is refused before any work; the broker may come later
        otb.site.SitePublisher publisher = publishing.open(database.database);
        try (BaselineStore store = database.openWriter("otb learn")) {
            OfflineLearning learning = OfflineLearning.start(store, cells, fresh, limits);
            CaptureRun run = new CaptureRun(files, dissection.config(), captureBudget.limits(), common);
            run.run(learning::read, threads, System.err);
            String input = files.stream().map(Path::toString).collect(Collectors.joining(" "));
            if (run.frames() == 0 || run.failed() && learning.learner().events() == 0) {
                // nothing readable: a snapshot of it would look like a baseline and raise everything as new
                System.err.println("otb: " + input + ": " + (run.frames() == 0 ? "no frames read"
                        : "damaged after " + run.frames() + " frames that held nothing otb learns from")
                        + "; no snapshot stored");
                return ExitCode.INPUT;
            }
            long id = learning.save(input, note, SignedBaselines.who(by));
            stored = true;
            summary(out, id, learning.parent(), learning.baseline(), run.frames());
            for (otb.baseline.alert.Alert budget : learning.budgetAlerts(input)) {
                System.err.println("budget reached: " + budget.detail());
            }
            AbsorbedOperations absorbed = learning.learner().absorbed();
            absorbedList(out, absorbed, new TimeFormat(common.localTime));
            boolean published = true;
            if (publisher != null) {
                publisher.cellsText(learning.cells().text());
                publisher.publishBaseline(learning.baseline(), 0, 0, false);
                published = PublishingOptions.finish(publisher, System.err);
            }
            if (run.failed() || !published) {
                return ExitCode.INPUT;
            }
            return review && !absorbed.isEmpty() ? ExitCode.FINDINGS : ExitCode.OK;
        } catch (StoreException e) {
            throw new InputException(e.getMessage(), e);
        } finally {
            if (!existed && !stored) {
                // this run made the database file and stored nothing in it: leave no empty database behind
                java.nio.file.Files.deleteIfExists(database.database);
            }
        }
    }

    /**
     * Lists the operations learning absorbed, for review; nothing when there are none. Also
     * {@code otb monitor}'s list when its learning period ends ({@link MonitorReport#absorbed}).
     */
    static void absorbedList(PrintStream out, AbsorbedOperations absorbed, TimeFormat time) {
        if (absorbed.isEmpty()) {
            return;
        }
        List<AbsorbedOperations.Entry> entries = absorbed.entries();
        long total = absorbed.notListed();
        for (AbsorbedOperations.Entry entry : entries) {
            total += entry.count();
        }
        out.printf("review: learning absorbed %d control, program, stop/start or write-to-new-point operations "
                + "(the baseline now accepts them):%n", total);
        for (AbsorbedOperations.Entry entry : entries) {
            out.printf("  %-15s %s -> %s %s unit %d %s%s, %s, first %s (frame %d of %s)%n",
                    entry.kind().wireName(), entry.client(), entry.server(), entry.protocol(), entry.unit(),
                    entry.function(), entry.point().isEmpty() ? "" : " " + entry.point(),
                    entry.count() == 1 ? "once" : entry.count() + " times",
                    time.format(entry.firstNanos()), entry.firstFrame(), entry.input());
        }
        if (absorbed.notListed() > 0) {
            out.printf("  and %d more not listed (at most %d entries)%n", absorbed.notListed(),
                    AbsorbedOperations.MAX_ENTRIES);
        }
    }

    static Cells loadCells(Path file) throws InputException {
        try {
            return Cells.load(file);
        } catch (CellsException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    private void summary(PrintStream out, long id, OptionalLong parent, Baseline baseline, long frames) {
        TimeFormat time = new TimeFormat(common.localTime);
        out.printf("snapshot %d%s: %d frames read, %d messages learned in all; %d assets, %d industrial and "
                        + "%d other conversations, %d points%n", id,
                parent.isPresent() ? " (extends " + parent.getAsLong() + ")" : "", frames, baseline.messages(),
                baseline.assets().size(), baseline.conversations().size(), baseline.ipConversations().size(),
                baseline.points().size());
        for (Map.Entry<String, CellProgress> entry : baseline.cells().entrySet()) {
            CellProgress cell = entry.getValue();
            out.printf("  cell %-20s %6d objects, last new one %s, stable for %s, completeness %.0f%%%n",
                    entry.getKey(), cell.objects(), time.format(cell.lastNewObjectNanos()),
                    Durations.format(cell.stableForNanos()), 100 * cell.completeness());
        }
    }
}
