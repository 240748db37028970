package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.capture.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, exactly as written there, in a fresh clone of the committed HEAD:
 * the {@code ./otb} launcher builds the jar (Maven, offline when this build is), learns the demo
 * plant, analyses its attacks and writes the report. What a new user meets first must work from
 * what the repository holds. Slow (a Maven build inside, about a minute); needs git.
 */
class ReadmeFirstCommandTest {
    private static final Pattern FIRST_SH_BLOCK = Pattern.compile("(?s)```sh\n(.*?)```");
    private static final long TIMEOUT_MINUTES = 8;

    @TempDir
    Path dir;

    /** The first ```sh block of README.md, as one command line. */
    static String firstCommand() throws IOException {
        Matcher block = FIRST_SH_BLOCK.matcher(Files.readString(Path.of("README.md")));
        assertTrue(block.find(), "README.md has a ```sh block");
        return block.group(1).strip();
    }

    private static Result run(Path directory, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        Path out = Files.createTempFile(directory.getParent(), "out", ".txt");
        Path err = Files.createTempFile(directory.getParent(), "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + ": still running after " + TIMEOUT_MINUTES + " min");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static String gitMissing() {
        try {
            Process git = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
            git.getInputStream().readAllBytes();
            return git.waitFor() == 0 ? null : "git does not run";
        } catch (IOException | InterruptedException e) {
            return "the README's first command test needs git (to clone the repository): " + e.getMessage();
        }
    }

    @Test
    void theReadmesFirstCommandWorksInAFreshClone() throws Exception {
        TestEnvironment.requireOrSkip(gitMissing());
        String command = firstCommand();
        assertTrue(command.startsWith("./otb learn "), command);

        Path root = Path.of("").toAbsolutePath();
        Result head = run(root, "git", "rev-parse", "HEAD");
        assertEquals(0, head.exitCode(), head.err());
        Path clone = dir.resolve("otb");
        Result cloned = run(dir, "git", "clone", "-q", "--no-checkout", root.toString(), clone.toString());
        assertEquals(0, cloned.exitCode(), cloned.err());
        Result checkout = run(clone, "git", "checkout", "-q", "--detach", head.out().strip());
        assertEquals(0, checkout.exitCode(), checkout.err());
        if (Boolean.getBoolean("otb.maven.offline")) {
            // this build is offline: so is the launcher's (Maven reads .mvn/maven.config)
            Files.createDirectories(clone.resolve(".mvn"));
            Files.writeString(clone.resolve(".mvn/maven.config"), "-o\n");
        }

        Result first = run(clone, "bash", "-c", command);
        String context = command + "\nstdout:\n" + first.out() + "\nstderr:\n" + first.err();
        assertEquals(0, first.exitCode(), context);

        // learn: a snapshot of the demo plant's four cells
        assertTrue(first.out().startsWith("snapshot 1: "), context);
        for (String cell : List.of("eng", "line1", "line2", "substation")) {
            assertTrue(first.out().contains("  cell " + cell + " "), cell + ": " + context);
        }
        // analyze: the alert table, among them a PLC stop and a program download
        Matcher count = Pattern.compile("(?m)^(\\d+) alerts \\('otb alerts show ID'").matcher(first.out());
        assertTrue(count.find(), context);
        int alerts = Integer.parseInt(count.group(1));
        assertTrue(alerts >= 18, "the 18 labelled attacks raise alerts: " + alerts);
        assertTrue(first.out().contains("PROGRAM_OR_STOP") && first.out().contains("CROSS_CELL_CONVERSATION"), context);
        // report: written where the README says, naming what it holds
        Path report = clone.resolve("otb-work/report.html");
        assertTrue(Files.isRegularFile(report), context);
        assertTrue(first.err().contains("otb: wrote otb-work/report.html (snapshot 1, 15 assets, " + alerts + " alerts)"),
                context);
        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, Math.min(200, html.length())));
        for (String part : List.of("line1", "substation", "PROGRAM_OR_STOP", "10.10.1.10")) {
            assertTrue(html.contains(part), part + " in the report");
        }
        String table = first.out().substring(first.out().indexOf("\nID "));
        List<String> lines = new ArrayList<>(table.lines().toList());
        lines.removeIf(line -> line.length() <= AlertTable.WIDTH);
        assertEquals(List.of(), lines, "the alert table fits 120 columns");
    }
}
