package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert tables of {@code otb analyze} and {@code otb alerts} on the demo plant: each alert's
 * id and state on its own row, the baseline fact it departs from ("expected"), full function
 * names, every line within 120 columns; {@code otb alerts show ID} prints one alert in full.
 */
class AlertTableTest {
    private static final Path DEMO = Path.of("fixtures/pcaps/demo");
    private static final Pattern FIELD = Pattern.compile("\"(id|baseline|detail|func_name)\":\"((?:\\\\.|[^\"\\\\])*)\"");

    @TempDir
    static Path dir;

    static String db;
    static CliRun analyze;
    /** The alerts of the analysis as JSON lines, the reference for what the table must show. */
    static List<String> jsonl;

    @BeforeAll
    static void learnAndAnalyze() throws Exception {
        db = dir.resolve("demo.db").toString();
        CliRun learn = CliRun.run("learn", DEMO.resolve("demo-learn.pcap").toString(), "--db", db, "--cells",
                DEMO.resolve("cells.conf").toString(), "-q");
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        Path alerts = dir.resolve("alerts.jsonl");
        analyze = CliRun.run("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db", db, "--jsonl",
                alerts.toString(), "-q");
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        jsonl = Files.readAllLines(alerts);
        assertTrue(jsonl.size() > 10, "the attack capture raises alerts: " + jsonl.size());
    }

    private static String field(String line, String name) {
        Matcher matcher = FIELD.matcher(line);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2).replace("\\\"", "\"").replace("\\\\", "\\");
            }
        }
        return "";
    }

    /** The table's text with wrapped continuation lines joined, so a fact can be found whole. */
    private static String unwrapped(String table) {
        return table.replaceAll("\n {14,}", " ");
    }

    @Test
    void analyzeShowsIdStateExpectedAndFullFunctionNamesWithin120Columns() {
        assertTableFits(analyze.out());
        String table = unwrapped(analyze.out());
        for (String alert : jsonl) {
            String id = field(alert, "id");
            assertTrue(Pattern.compile("(?m)^" + id + " new ").matcher(table).find(), id + " with state new in\n" + table);
            assertTrue(table.contains("expected: " + field(alert, "baseline")), "baseline fact of " + id);
            assertTrue(table.contains("seen:     " + field(alert, "detail")), "detail of " + id);
            String function = field(alert, "func_name");
            if (!function.isEmpty()) {
                assertTrue(table.contains(" " + function + " ("), "full function name " + function);
            }
        }
        // the long names the old table cut at 22 characters
        assertTrue(table.contains("read_device_identification (43)"), table);
        assertFalse(table.contains("…"), "nothing is cut: " + table);
        assertFalse(table.contains("ids (oldest first)"), "ids are on their rows, not in a list after the table");
    }

    @Test
    void analyzeWithoutTheDatabaseSaysTheAlertsAreNotStored() {
        CliRun run = CliRun.run("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db", db, "--no-store", "-q");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(Pattern.compile("(?m)^[0-9a-f]{16} not stored ").matcher(run.out()).find(), run.out());
        assertFalse(Pattern.compile("(?m)^[0-9a-f]{16} new ").matcher(run.out()).find(), run.out());
    }

    @Test
    void alertsTableShowsTriageStatesAndShowPrintsOneAlertInFull() {
        String acknowledged = field(jsonl.get(1), "id");
        CliRun ack = CliRun.run("alerts", "--db", db, "ack", acknowledged, "--by", "tester");
        assertEquals(ExitCode.OK, ack.exitCode(), ack.err());

        CliRun all = CliRun.run("alerts", "--db", db, "--state", "all");
        assertEquals(ExitCode.OK, all.exitCode(), all.err());
        assertTableFits(all.out());
        assertTrue(all.out().contains(acknowledged + " acknowledged "), all.out());
        CliRun fresh = CliRun.run("alerts", "--db", db);
        assertFalse(fresh.out().contains(acknowledged), "the default lists new alerts only");

        String alert = jsonl.stream().filter(l -> !field(l, "func_name").isEmpty()).findFirst().orElseThrow();
        String id = field(alert, "id");
        CliRun show = CliRun.run("alerts", "--db", db, "show", id);
        assertEquals(ExitCode.OK, show.exitCode(), show.err());
        assertTableFits(show.out());
        String text = show.out().replaceAll("\n {16,}", " ");
        assertTrue(text.startsWith("alert " + id + "\n"), text);
        for (String expected : List.of("state         new", "expected      " + field(alert, "baseline"),
                "seen          " + field(alert, "detail"), "function      " + field(alert, "func_name"),
                "input         ", "frames        ", "first seen    ", "last seen     ", "triage        none yet")) {
            assertTrue(text.contains(expected), expected + " in\n" + text);
        }
        CliRun shown = CliRun.run("alerts", "--db", db, "show", acknowledged);
        assertTrue(shown.out().contains("acknowledge by tester"), shown.out());

        CliRun missing = CliRun.run("alerts", "--db", db, "show", "0000000000000000");
        assertEquals(ExitCode.INPUT, missing.exitCode());
        assertTrue(missing.oneErrorLine(), missing.err());
    }

    @Test
    void wrappingKeepsWordsAndSplitsOnlyWordsLongerThanALine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        String longWord = "x".repeat(150);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            words.add("word" + i);
        }
        AlertTable.wrap(out, "    seen:     ", String.join(" ", words) + " " + longWord + " end");
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.size() >= 4, lines.toString());
        assertTrue(lines.get(0).startsWith("    seen:     word0 word1"), lines.get(0));
        for (String line : lines) {
            assertTrue(line.length() <= AlertTable.WIDTH, line.length() + ": " + line);
        }
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.startsWith(" ".repeat(14)) && line.charAt(14) != ' ', "continuation indented: " + line);
        }
        String joined = String.join("", lines.stream().map(String::strip).toList());
        assertTrue(joined.contains(longWord.substring(0, 100)), "the long word is split, not lost");
        assertTrue(lines.stream().noneMatch(l -> l.matches(".*word\\d+$") && l.endsWith("word")), "words stay whole");
    }

    private static void assertTableFits(String text) {
        for (String line : text.lines().toList()) {
            assertTrue(line.length() <= AlertTable.WIDTH, line.length() + " columns: " + line);
        }
    }
}
