package otb.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import otb.capture.TestEnvironment;

/**
 * A real headless Chromium (Debian's {@code chromium} package) for report tests: renders a file
 * with no network and a fresh profile, and returns the DOM it built, the console messages it
 * logged, or a screenshot. CI installs Chromium, so there a missing browser is a failure;
 * elsewhere the test is skipped with the reason in the test report (see {@link TestEnvironment}).
 */
final class Chromium {
    /** Longest a single Chromium run may take before the test fails. */
    private static final long TIMEOUT_SECONDS = 120;
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/snap/bin/chromium", "/usr/bin/google-chrome");

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** What one run printed: the DOM (for --dump-dom) on stdout, the log with console messages on stderr. */
    record Run(String stdout, String stderr) {
        /** Console messages of the page (errors, CSP violations, failed loads, console.log). */
        List<String> consoleMessages() {
            List<String> messages = new ArrayList<>();
            for (String line : stderr.split("\n")) {
                if (line.contains(":CONSOLE")) {
                    messages.add(line);
                }
            }
            return messages;
        }
    }

    /** The browser, or a failure (on CI) / a visible skip (elsewhere) when it is not installed. */
    static Chromium find() {
        String override = System.getenv("OTB_CHROMIUM");
        List<String> candidates = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            candidates.add(override);
        }
        candidates.addAll(CANDIDATES);
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return new Chromium(path);
            }
        }
        TestEnvironment.requireOrSkip("headless Chromium not found (looked for " + String.join(", ", candidates)
                + "); install it with: apt-get install chromium");
        throw new AssertionError("unreachable: requireOrSkip fails or aborts on a reason");
    }

    /** Renders the page and returns the serialised DOM and the log. */
    Run dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, List.of("--dump-dom"));
    }

    /** Renders the page into a PNG of the given window size. */
    Run screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        Run run = run(page, List.of("--hide-scrollbars", "--screenshot=" + png.toAbsolutePath(),
                "--window-size=" + width + "," + height));
        if (!Files.exists(png)) {
            fail("Chromium wrote no screenshot " + png + ":\n" + run.stderr());
        }
        return run;
    }

    private Run run(Path page, List<String> action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("otb-chromium-");
        Path stdout = profile.resolveSibling(profile.getFileName() + ".out");
        Path stderr = profile.resolveSibling(profile.getFileName() + ".err");
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-extensions",
                    "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
            command.addAll(action);
            command.add(page.toAbsolutePath().toUri().toString());
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s");
            }
            Run run = new Run(Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
            assertEquals(0, process.exitValue(), () -> "Chromium failed:\n" + run.stderr());
            return run;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
