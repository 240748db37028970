package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression snapshot: otb's observable output on every capture under fixtures/pcaps equals what
 * the build before the core-contract refactor produced, stored in fixtures/golden/reference (see
 * its README.md; {@code regenerate.sh} there wrote it with that build's jar, running exactly the
 * commands this test runs in-process):
 * <ul>
 *   <li>{@code otb dissect --format jsonl CAPTURE}, byte for byte;</li>
 *   <li>the alerts of the demo: learn demo-learn.pcap with cells.conf, analyse demo-attack.pcap;</li>
 *   <li>per capture of at least {@value #MIN_FRAMES_TO_SPLIT} frames, the alerts of analysing the
 *       second half of its frames against a fresh baseline learned from the first half.</li>
 * </ul>
 * A failure names the capture and shows the first line that differs.
 */
class ReferenceOutputsTest {
    private static final Path CAPTURES = Path.of("fixtures/pcaps");
    private static final Path DEMO = CAPTURES.resolve("demo");
    private static final Path REFERENCE = Path.of("fixtures/golden/reference");
    /** Captures with fewer frames have no split analysis (regenerate.sh: min_frames_to_split). */
    static final int MIN_FRAMES_TO_SPLIT = 4;

    @TempDir
    static Path work;

    @TestFactory
    Stream<DynamicTest> dissectJsonlIsByteIdenticalToTheReference() throws IOException {
        return captures().stream().map(capture -> DynamicTest.dynamicTest("dissect " + name(capture), () -> {
            CliRun dissect = CliRun.run("dissect", "--format", "jsonl", capture.toString());
            assertEquals(ExitCode.OK, dissect.exitCode(), name(capture) + ": " + dissect.err());
            // The references are ASCII (checked here), so equal strings mean equal bytes.
            String expected = gunzip(dissectReference(capture));
            assertTrue(expected.chars().allMatch(c -> c < 0x80), name(capture) + ": reference is not ASCII");
            assertSameLines("dissect " + name(capture), expected, dissect.out());
        }));
    }

    @Test
    void demoAttackRaisesTheReferenceAlerts() throws IOException {
        String db = work.resolve("demo.db").toString();
        CliRun learn = CliRun.run("learn", DEMO.resolve("demo-learn.pcap").toString(), "--fresh", "--cells",
                DEMO.resolve("cells.conf").toString(), "--db", db, "-q");
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        Path alerts = work.resolve("demo-alerts.jsonl");
        CliRun analyze = CliRun.run("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db", db, "--jsonl",
                alerts.toString(), "--no-store", "-q");
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        assertSameLines("demo alerts", Files.readString(REFERENCE.resolve("demo-alerts.jsonl")),
                Files.readString(alerts));
    }

    @TestFactory
    Stream<DynamicTest> splitAnalysisRaisesTheReferenceAlerts() throws IOException {
        Path halves = Files.createDirectories(work.resolve("halves"));
        return captures().stream().map(capture -> DynamicTest.dynamicTest("split " + name(capture), () -> {
            String stem = capture.getParent().getFileName() + "_" + capture.getFileName();
            Path first = halves.resolve(stem + ".first-half.pcap");
            Path second = halves.resolve(stem + ".second-half.pcap");
            long frames = CaptureHalves.split(capture, first, second);
            Path reference = splitReference(capture);
            if (frames < MIN_FRAMES_TO_SPLIT) {
                assertFalse(Files.exists(reference), name(capture) + " has " + frames + " frames, too few to split, "
                        + "but a split reference: " + reference);
                return;
            }
            assertTrue(Files.exists(reference), name(capture) + ": no split reference " + reference);
            String db = work.resolve(stem + ".db").toString();
            CliRun learn = CliRun.run("learn", first.toString(), "--fresh", "--db", db, "-q");
            assertEquals(ExitCode.OK, learn.exitCode(), name(capture) + ": " + learn.err());
            Path alerts = work.resolve(stem + ".alerts.jsonl");
            CliRun analyze = CliRun.run("analyze", second.toString(), "--db", db, "--jsonl", alerts.toString(),
                    "--no-store", "-q");
            assertEquals(ExitCode.OK, analyze.exitCode(), name(capture) + ": " + analyze.err());
            assertSameLines("split " + name(capture) + " (" + frames / 2 + " frames learned, " + (frames - frames / 2)
                    + " analysed)", Files.readString(reference), withoutDirectory(Files.readString(alerts), halves));
        }));
    }

    @Test
    void everyCaptureHasAReferenceAndEveryReferenceACapture() throws IOException {
        List<Path> captures = captures();
        assertEquals(78, captures.size(), "captures under " + CAPTURES + " (update here on purpose when adding one)");
        assertEquals(captures.stream().map(ReferenceOutputsTest::dissectReference).sorted().toList(),
                files(REFERENCE.resolve("dissect")), "one dissect reference per capture, no other");
        List<Path> splitReferences = files(REFERENCE.resolve("split"));
        List<Path> capturesWithSplit = captures.stream().map(ReferenceOutputsTest::splitReference)
                .filter(splitReferences::contains).toList();
        assertEquals(splitReferences, capturesWithSplit, "every split reference belongs to a capture");
        // a few captures have fewer frames than MIN_FRAMES_TO_SPLIT; most are split
        assertTrue(splitReferences.size() > captures.size() / 2, "split references: " + splitReferences.size());
    }

    /** Every capture under fixtures/pcaps (*.pcap, *.pcapng), in path order (regenerate.sh: sort). */
    private static List<Path> captures() throws IOException {
        try (Stream<Path> files = Files.walk(CAPTURES)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng"))
                    .sorted((a, b) -> a.toString().compareTo(b.toString()))
                    .toList();
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** "folder/capture", as a failure names it. */
    private static String name(Path capture) {
        return CAPTURES.relativize(capture).toString();
    }

    private static Path dissectReference(Path capture) {
        return REFERENCE.resolve("dissect").resolve(CAPTURES.relativize(capture) + ".jsonl.gz");
    }

    private static Path splitReference(Path capture) {
        return REFERENCE.resolve("split").resolve(CAPTURES.relativize(capture) + ".alerts.jsonl");
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The alerts with the directory of the halves cut from their "input" field: the one
     * run-dependent part of an alert (regenerate.sh does the same with sed).
     */
    private static String withoutDirectory(String alerts, Path halves) {
        return alerts.replace("\"input\":\"" + halves + "/", "\"input\":\"");
    }

    /** Passes when equal; else fails with the first differing line, expected against actual. */
    private static void assertSameLines(String what, String expected, String actual) {
        if (expected.equals(actual)) {
            return;
        }
        List<String> expectedLines = expected.lines().collect(Collectors.toList());
        List<String> actualLines = actual.lines().collect(Collectors.toList());
        int line = 0;
        while (line < expectedLines.size() && line < actualLines.size()
                && expectedLines.get(line).equals(actualLines.get(line))) {
            line++;
        }
        String heading = what + ": first difference at line " + (line + 1) + " (" + expectedLines.size()
                + " lines expected, " + actualLines.size() + " actual)";
        if (line == expectedLines.size() && line == actualLines.size()) {
            fail(heading + ": same lines, different line ends or final newline");
        }
        String expectedLine = lineOrEnd(expectedLines, line);
        String actualLine = lineOrEnd(actualLines, line);
        assertEquals(expectedLine, actualLine, heading + ", column " + (firstDifference(expectedLine, actualLine) + 1));
    }

    private static int firstDifference(String a, String b) {
        int column = 0;
        while (column < a.length() && column < b.length() && a.charAt(column) == b.charAt(column)) {
            column++;
        }
        return column;
    }

    private static String lineOrEnd(List<String> lines, int index) {
        return index < lines.size() ? lines.get(index) : "<end of output>";
    }
}
