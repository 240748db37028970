package otb.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * otb in a child JVM, as a user runs it: for what an in-process run cannot show (a small heap, the
 * exit code of {@link Main}, stdout that is a full device or a closed pipe, two processes at once).
 */
record ChildOtb(int exitCode, String out, String err) {
    private static final long TIMEOUT_SECONDS = 300;

    /** The command line of otb in a child JVM with {@code jvmOptions}, then {@code args}. */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Runs otb to its end; stdout goes to {@code stdout} when given (e.g. /dev/full), else is collected. */
    static ChildOtb run(List<String> jvmOptions, File stdout, Path scratch, String... args) throws Exception {
        Path out = Files.createTempFile(scratch, "out", ".txt");
        Path err = Files.createTempFile(scratch, "err", ".txt");
        Process process = new ProcessBuilder(command(jvmOptions, args))
                .redirectOutput(stdout != null ? stdout : out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("otb " + String.join(" ", args) + " did not end in " + TIMEOUT_SECONDS + " s");
        }
        return new ChildOtb(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static ChildOtb run(Path scratch, String... args) throws Exception {
        return run(List.of(), null, scratch, args);
    }

    /** stderr has exactly one non-empty line and no stack trace. */
    boolean oneErrorLine() {
        return new CliRun(exitCode, out, err).oneErrorLine();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ", stderr: " + err;
    }
}
