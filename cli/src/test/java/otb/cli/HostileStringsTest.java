package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;

/**
 * Issue 20: strings from the wire stay data wherever they go. The reproducers in
 * fixtures/robustness carry ESC/BEL/NUL/C1 bytes and HTML/markdown payloads in device identities;
 * no output of otb may hold a raw control character, nor markup that came off the wire.
 */
class HostileStringsTest {
    /** C0 controls but tab, line feed and carriage return; DEL; C1; line separators and bidirectional controls. */
    private static final Pattern RAW_CONTROL = Pattern.compile(
            "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\u2028\\u2029\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"dnp3-ansi-device-name", "dnp3-attrs", "modbus-devid", "s7-szl"})
    void everyOutputEscapesWireStrings(String name) throws Exception {
        String db = dir.resolve(name + ".db").toString();
        CliRun learn = CliRun.run("learn", "fixtures/robustness/" + name + ".pcap", "--fresh", "--db", db, "-q");
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        for (String format : List.of("table", "csv", "json")) {
            CliRun inventory = CliRun.run("inventory", "--db", db, "--format", format);
            assertEquals(ExitCode.OK, inventory.exitCode(), inventory.err());
            assertNoRawControl("inventory --format " + format, inventory.out());
        }
        CliRun markdown = CliRun.run("diff", "--db", db);
        assertEquals(ExitCode.FINDINGS, markdown.exitCode(), markdown.err());
        assertNoRawControl("diff markdown", markdown.out());
        assertFalse(markdown.out().contains("<"), "no markup from the wire in markdown:\n" + markdown.out());
        assertFalse(markdown.out().contains("]("), "no link or image from the wire in markdown:\n" + markdown.out());
        Path html = dir.resolve(name + "-diff.html");
        CliRun diffHtml = CliRun.run("diff", "--db", db, "--format", "html", "-o", html.toString());
        assertEquals(ExitCode.FINDINGS, diffHtml.exitCode(), diffHtml.err());
        assertNoWireMarkup("diff html", Files.readString(html, StandardCharsets.UTF_8));
        Path report = dir.resolve(name + "-report.html");
        CliRun reported = CliRun.run("report", "--db", db, "-o", report.toString(), "-q");
        assertEquals(ExitCode.OK, reported.exitCode(), reported.err());
        assertNoWireMarkup("report", Files.readString(report, StandardCharsets.UTF_8));
    }

    @Test
    void theTerminalShowsControlCharactersAsHex() {
        String db = dir.resolve("ansi.db").toString();
        CliRun learn = CliRun.run("learn", "fixtures/robustness/dnp3-ansi-device-name.pcap", "--fresh", "--db", db, "-q");
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        String table = CliRun.run("inventory", "--db", db).out();
        assertTrue(table.contains("device_name=\\x1b]0;owned\\x07\\x1b[2J\\x1b[1;31mPWNED\\x1b[0m"), table);
        String csv = CliRun.run("inventory", "--db", db, "--format", "csv").out();
        assertTrue(csv.contains(",device_name=\\x1b]0;owned\\x07\\x1b[2J"), csv);
        String json = CliRun.run("inventory", "--db", db, "--format", "json").out();
        assertTrue(json.contains("device_name=\\u001b]0;owned\\u0007"), json);
    }

    /** Alert text reaches the terminal through one point (AlertTable.wrap), in the table and in 'alerts show'. */
    @Test
    void alertTablesShowControlCharactersAsHex() {
        Alert alert = new Alert("0123456789abcdef", AlertKind.NEW_ASSET, Severity.MEDIUM, 0, 0, 1, "cell\u001b[2J",
                "10.0.0.1", "", "dnp3", OptionalInt.empty(), "", List.of(1L), "in\u009b.pcap",
                "no asset \u0007here", "device_name=\u001b]0;owned\u0007 \u202eevil", "k", Map.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AlertTable.print(out, new TimeFormat(false), List.of(new AlertTable.Row(alert, "new")));
        AlertDetails.print(out, new TimeFormat(false), new otb.baseline.store.StoredAlert(alert,
                otb.baseline.store.AlertState.NEW, java.util.OptionalLong.empty()), List.of());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertNoRawControl("alert table", text);
        assertTrue(text.contains("device_name=\\x1b]0;owned\\x07 \\u202eevil"), text);
        assertTrue(text.contains("cell\\x1b[2J"), text);
    }

    /**
     * The audit listing prints reasons and names as given (--reason, --by) through the terminal's
     * escaping point: no raw control character, no line break that would forge a second entry.
     */
    @Test
    void theAuditListingShowsControlCharactersAsHex() {
        String db = dir.resolve("audit.db").toString();
        assertEquals(ExitCode.OK, CliRun.run("learn", "fixtures/pcaps/modbus/ModbusTCP.pcap", "--db", db, "-q")
                .exitCode());
        assertEquals(ExitCode.OK, CliRun.run("analyze", "fixtures/pcaps/modbus/modbus_test.pcap", "--db", db, "-q")
                .exitCode());
        List<String> ids = CliRun.run("alerts", "--db", db, "--format", "jsonl").out().lines()
                .map(l -> l.replaceAll("^\\{\"id\":\"([0-9a-f]+)\".*", "$1")).toList();
        CliRun approve = CliRun.run("alerts", "approve", ids.get(0), "--db", db, "--by", "eve\u0007",
                "--reason", "ok\u001b]0;owned\u0007\u001b[2J\n    9  2026-01-01T00:00:00Z  admin  approve");
        assertEquals(ExitCode.OK, approve.exitCode(), approve.err());
        CliRun mute = CliRun.run("alerts", "mute", ids.get(1), "--db", db, "--by", "mallory",
                "--reason", "quiet\u009b31m\u202eevil");
        assertEquals(ExitCode.OK, mute.exitCode(), mute.err());
        CliRun audit = CliRun.run("audit", "--db", db);
        assertEquals(ExitCode.OK, audit.exitCode(), audit.err());
        assertNoRawControl("audit", audit.out());
        assertTrue(audit.out().contains("ok\\x1b]0;owned\\x07\\x1b[2J\\x0a    9  2026-01-01"), audit.out());
        assertTrue(audit.out().contains("eve\\x07"), audit.out());
        assertTrue(audit.out().contains("quiet\\x9b31m\\u202eevil"), audit.out());
        // the line break in the reason forges no entry of its own
        assertFalse(audit.out().lines().anyMatch(l -> l.startsWith("    9  2026-01-01")), audit.out());
    }

    private static void assertNoRawControl(String what, String text) {
        Matcher raw = RAW_CONTROL.matcher(text);
        assertFalse(raw.find(), () -> what + ": raw U+" + String.format("%04X", (int) text.charAt(raw.start()))
                + " at " + raw.start() + " in:\n" + text);
    }

    /** HTML: no raw control character, and none of the markup the reproducers carry as an element. */
    private static void assertNoWireMarkup(String what, String html) {
        assertNoRawControl(what, html);
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<script>alert"), what + " holds a script from the wire");
        assertFalse(lower.contains("<img src=x"), what + " holds an image from the wire");
        assertFalse(lower.contains("<b>bold"), what + " holds markup from the wire");
    }
}
