package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        return run(directory, Map.of(), command);
    }

    private static Result run(Path directory, Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("otb-readme-out", ".txt");
        Path err = Files.createTempFile("otb-readme-err", ".txt");
        try {
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + ": still running after " + TIMEOUT_MINUTES + " min");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
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

        launcherTrainsAndUsesAClassDataArchiveBeforeJdk25(clone);
        launcherTrainsAndUsesTheAheadOfTimeCacheOnJdk25(clone);
    }

    /**
     * With a JDK 17 to 24 (the JDK running these tests) the launcher trains a dynamic class-data
     * sharing archive once per jar and JDK, beside the jar, and starts from it: otb's classes come
     * from it, with the same alerts as without it.
     */
    private static void launcherTrainsAndUsesAClassDataArchiveBeforeJdk25(Path clone) throws Exception {
        TestEnvironment.requireOrSkip(Runtime.version().feature() < 25 ? null
                : "the launcher's class-data archive test needs the tests to run on a JDK before 25");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String[] analyze = {"./otb", "analyze", "fixtures/pcaps/demo/demo-attack.pcap", "--db", "otb-work/demo.db",
            "--no-store"};
        Result plain = run(clone, Map.of("OTB_AOT", "off", "OTB_JAVA", java.toString()), analyze);
        assertEquals(0, plain.exitCode(), plain.err());
        Path classes = clone.resolve("otb-work/classes17.log");
        // -Xshare:on: the JVM exits rather than run without the archive
        Result cached = run(clone, Map.of("OTB_JAVA", java.toString(), "OTB_JAVA_OPTS",
                "-Xmx256m -XX:+UseSerialGC -Xshare:on -Xlog:class+load=info:file=" + classes), analyze);
        assertEquals(0, cached.exitCode(), cached.err());
        assertEquals(plain.out(), cached.out(), "the same alerts from the archive");
        List<Path> archives;
        try (Stream<Path> files = Files.list(clone.resolve("cli/target"))) {
            archives = files.filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
        }
        assertEquals(1, archives.size(), "trained by the README's first command, once: " + archives);
        assertTrue(archives.get(0).getFileName().toString().startsWith("otb-jdk" + Runtime.version().feature() + "."),
                archives.toString());
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("otb.cli.Otb source: shared objects file (top)")
                && loaded.contains("otb.baseline.detect.ValueRule source: shared objects file (top)"),
                "otb's classes come from the archive");
    }

    /**
     * With a JDK 25 or later the launcher trains the JVM's ahead-of-time cache once per jar and
     * JDK, beside the jar, and starts from it: the same alerts as without it, a JVM that must use
     * the cache ({@code -XX:AOTMode=on} exits when it cannot) runs, and a changed jar gets a cache
     * of its own (the JVM itself loads old classes from a cache made for another jar).
     */
    private static void launcherTrainsAndUsesTheAheadOfTimeCacheOnJdk25(Path clone) throws Exception {
        Path java = javaAtLeast(25);
        TestEnvironment.requireOrSkip(java == null
                ? "the launcher's ahead-of-time cache test needs a JDK 25 or later under /usr/lib/jvm (or OTB_TEST_JAVA25)"
                : null);
        String[] analyze = {"./otb", "analyze", "fixtures/pcaps/demo/demo-attack.pcap", "--db", "otb-work/demo.db",
            "--no-store"};
        Result plain = run(clone, Map.of("OTB_AOT", "off"), analyze);
        assertEquals(0, plain.exitCode(), plain.err());
        assertEquals(List.of(), aotCaches(clone), "no cache without a JDK 25 (the default java here) or with OTB_AOT=off");

        // a training that fails costs one line, once: the run goes on without a cache
        Path broken = clone.resolve("otb-work/broken-jdk");
        Files.createDirectories(broken.resolve("bin"));
        Files.writeString(broken.resolve("release"), "JAVA_VERSION=\"99.0.1\"\n");
        Path wrapper = broken.resolve("bin/java");
        Files.writeString(wrapper, "#!/bin/bash\nfor a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*) "
                + "echo 'Error: no training here' >&2; exit 1 ;; esac; done\nexec '" + java + "' \"$@\"\n");
        assertTrue(wrapper.toFile().setExecutable(true));
        for (int run = 0; run < 2; run++) {
            Result failed = run(clone, Map.of("OTB_JAVA", wrapper.toString()), analyze);
            assertEquals(0, failed.exitCode(), failed.err());
            assertEquals(run == 0, failed.err().contains(
                    "otb: the training failed (Error: no training here); running without the cache"), failed.err());
            assertEquals(plain.out(), failed.out());
        }
        assertEquals(List.of(), aotCaches(clone));

        Map<String, String> jdk25 = Map.of("OTB_JAVA", java.toString());
        Result trained = run(clone, jdk25, analyze);
        assertEquals(0, trained.exitCode(), trained.err());
        assertTrue(trained.err().contains("otb: training the JVM's ahead-of-time cache for JDK "), trained.err());
        assertEquals(plain.out(), trained.out(), "the same alerts with JDK 25 and the training behind it");
        List<Path> caches = aotCaches(clone);
        assertEquals(1, caches.size(), caches.toString());

        Path classes = clone.resolve("otb-work/classes.log");
        Map<String, String> mustUse = Map.of("OTB_JAVA", java.toString(),
                "OTB_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:AOTMode=on -Xlog:class+load=info:file=" + classes);
        Result cached = run(clone, mustUse, analyze);
        assertEquals(0, cached.exitCode(), cached.err());
        assertFalse(cached.err().contains("training"), cached.err());
        assertEquals(plain.out(), cached.out(), "the same alerts from the cache");
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("otb.cli.Otb source: shared objects file")
                && loaded.contains("otb.baseline.detect.ValueRule source: shared objects file"),
                "otb's classes come from the cache");

        // a changed jar (here its time) is a new build: trained again, the old cache removed
        Path jar = clone.resolve("cli/target/otb.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 2_000));
        Result retrained = run(clone, mustUse, analyze);
        assertEquals(0, retrained.exitCode(), retrained.err());
        assertTrue(retrained.err().contains("otb: training the JVM's ahead-of-time cache"), retrained.err());
        List<Path> after = aotCaches(clone);
        assertEquals(1, after.size(), after.toString());
        assertNotEquals(caches, after);
    }

    private static List<Path> aotCaches(Path clone) throws IOException {
        try (Stream<Path> files = Files.list(clone.resolve("cli/target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".aot")).sorted().toList();
        }
    }

    /** A java of at least {@code feature}: OTB_TEST_JAVA25, else one under /usr/lib/jvm; null when none. */
    static Path javaAtLeast(int feature) throws IOException {
        String given = System.getenv("OTB_TEST_JAVA25");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        Pattern version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                Path java = home.resolve("bin/java");
                if (!Files.isRegularFile(release) || !Files.isExecutable(java)) {
                    continue;
                }
                Matcher found = version.matcher(Files.readString(release));
                if (found.find() && Integer.parseInt(found.group(1)) >= feature) {
                    return java;
                }
            }
        }
        return null;
    }
}
