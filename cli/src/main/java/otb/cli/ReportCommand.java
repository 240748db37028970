package otb.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoreException;
import otb.capture.IoErrors;
import otb.cli.report.BaselineReport;
import otb.cli.report.ReportTimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code otb report}: the baseline and its alerts as one self-contained HTML file. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write one self-contained HTML report of a baseline snapshot and the alerts of the database: "
                + "network maps per cell (SVG), function codes per conversation, polling-cycle histograms, an alert "
                + "timeline and table, the asset inventory, learning completeness per cell and the snapshots.",
                "The file needs no network to be viewed: no scripts, fonts or style sheets are fetched."},
        footer = {"%nExamples:",
                "  otb report -o report.html",
                "  otb report --db otb.db -o report.html",
                "  otb report --db otb.db --snapshot 3 --local-time -o snapshot3.html",
                ExitCode.HELP_SECTION})
final class ReportCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "HTML file to write.")
    Path output;

    @Option(names = "--snapshot", paramLabel = "N", description = "Snapshot to describe (default: the newest).")
    Long snapshot;

    @Mixin
    MaturityOptions maturity;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (snapshot != null && snapshot < 1) {
            throw new UsageException("--snapshot must be 1 or more, not " + snapshot);
        }
        maturity.validate();
        BaselineReport.Content content;
        try (BaselineStore store = database.openReadOnly()) {
            content = BaselineReport.read(store, snapshot == null ? OptionalLong.empty() : OptionalLong.of(snapshot));
        } catch (StoreException e) {
            throw new InputException(e.getMessage(), e);
        }
        ZoneId zone = common.localTime ? ZoneId.systemDefault() : ZoneOffset.UTC;
        String html = BaselineReport.render(content, new ReportTimes(zone),
                maturity.of(content.snapshot().baseline()));
        write(html);
        if (!common.quiet) {
            System.err.println("otb: wrote " + output + " (snapshot " + content.snapshot().info().id() + ", "
                    + content.snapshot().baseline().assets().size() + " assets, " + content.alerts().size() + " alerts)");
        }
        return ExitCode.OK;
    }

    /**
     * Writes beside the target and moves it in place, so a reader never sees half a report; a
     * target that is not a regular file is written to as it is.
     */
    private void write(String html) throws InputException {
        Path target = output.toAbsolutePath();
        Path directory = target.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new InputException("cannot write " + output + ": no such directory " + directory);
        }
        if (Files.isDirectory(target)) {
            throw new InputException("cannot write " + output + ": it is a directory; give a file name such as "
                    + output.resolve("report.html"));
        }
        Path temporary = directory.resolve("." + target.getFileName() + ".otb-tmp");
        try {
            if (Files.exists(target) && !Files.isRegularFile(target)) {
                // a device or a pipe (/dev/stdout, /dev/full): written to, never replaced by a file
                Files.writeString(target, html, StandardCharsets.UTF_8);
                return;
            }
            try {
                Files.writeString(temporary, html, StandardCharsets.UTF_8);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new InputException("cannot write " + output + ": " + IoErrors.reason(e), e);
        }
    }
}
