package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process context and incidents through the commands, on the simulator's demo plant: the
 * {@code context} and {@code incident} JSON-line fields, the table's context line, {@code alerts
 * show}, {@code alerts --incidents} (table and JSON lines), and syslog CEF's compact context.
 */
class ContextAndIncidentsCommandsTest {
    @TempDir
    static Path dir;
    static String db;
    static List<String> lines;
    static CliRun analyzed;

    @BeforeAll
    static void learnAndAnalyse() throws Exception {
        db = dir.resolve("demo.db").toString();
        CliRun learn = CliRun.run("learn", BaselineMaturityTest.root(BaselineMaturityTest.LEARN), "--fresh", "--cells",
                BaselineMaturityTest.root(BaselineMaturityTest.CELLS), "--db", db, "-q");
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        Path jsonl = dir.resolve("alerts.jsonl");
        analyzed = CliRun.run("analyze", BaselineMaturityTest.root(BaselineMaturityTest.ATTACK), "--db", db, "--jsonl",
                jsonl.toString());
        assertEquals(ExitCode.OK, analyzed.exitCode(), analyzed.err());
        lines = Files.readAllLines(jsonl);
    }

    static String line(String kind, String detail) {
        return lines.stream().filter(l -> l.contains("\"kind\":\"" + kind + "\"") && l.contains(detail)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + detail + " in " + lines));
    }

    static String field(String line, String name) {
        int at = line.indexOf("\"" + name + "\":\"");
        assertTrue(at >= 0, name + " in " + line);
        int start = at + name.length() + 4;
        return line.substring(start, line.indexOf('"', start));
    }

    @Test
    void jsonLinesCarryContextAndIncident() {
        String write = line("WRITE_OUTSIDE_LEARNED_RANGE", "writes 1450 to holding_register:100");
        assertTrue(write.matches(".*\"context\":\\{\"point\":\"holding_register:100\",\"before\":7[234]0,\"value\":1450,"
                + "\"learned\":\"enumeration values \\{720, 730, 740\\}\",\"related\":\\[\\{\"point\":\"[a-z_]+:\\d+\","
                + "\"together\":\\d+,\"at_alert\":\\d+,\"after\":\\d+\\}.*\\],\"after_s\":10\\},\"incident\":\"[0-9a-f]{16}\"\\}"),
                write);
        // every alert is a step of an incident; alerts touching no point have no context
        for (String line : lines) {
            assertTrue(line.matches(".*,\"incident\":\"[0-9a-f]{16}\"\\}"), line);
        }
        assertTrue(line("NEW_ASSET", "").indexOf("\"context\"") < 0);
        // the table's CTX column: the change of the written point and that it lies outside what was learned
        String id = field(write, "id");
        assertTrue(java.util.regex.Pattern.compile("(?m)^" + id + " .* WRITE_OUTSIDE_LEARNED_RANGE .* \\+7[123]0 out +\\S")
                .matcher(analyzed.out()).find(), analyzed.out());
        // and in full in one line under the alert
        assertTrue(analyzed.out().contains("    context:  holding_register:100 7"), analyzed.out());
        assertTrue(analyzed.out().contains("\u21921450 learned enumeration values {720, 730, 740}; with"),
                analyzed.out());
    }

    @Test
    void alertsShowAndIncidentsListTheSteps() {
        String plcStop = line("PROGRAM_OR_STOP", "plc_stop");
        String incident = field(plcStop, "incident");
        CliRun show = CliRun.run("alerts", "show", field(plcStop, "id"), "--db", db);
        assertEquals(ExitCode.OK, show.exitCode(), show.err());
        assertTrue(show.out().contains("  incident      " + incident), show.out());
        String write = line("WRITE_OUTSIDE_LEARNED_RANGE", "writes 1450 to holding_register:100");
        CliRun showWrite = CliRun.run("alerts", "show", field(write, "id"), "--db", db);
        assertTrue(showWrite.out().contains("  context       holding_register:100 "), showWrite.out());

        CliRun table = CliRun.run("alerts", "--incidents", "--state", "all", "--db", db);
        assertEquals(ExitCode.OK, table.exitCode(), table.err());
        // the program download: connect, stop, download, start, in order, in one incident
        String block = table.out().substring(table.out().indexOf(incident + "  critical"));
        block = block.substring(0, block.indexOf("\n", block.indexOf(" 7. ")));
        assertTrue(block.contains("10.50.0.20 -> 10.10.2.20"), block);
        assertTrue(block.indexOf("1. ") < block.indexOf("CROSS_CELL_CONVERSATION"), block);
        assertTrue(block.indexOf("PROGRAM_OR_STOP plc_stop") < block.indexOf("PROGRAM_OR_STOP request_download"), block);
        assertTrue(block.indexOf("PROGRAM_OR_STOP request_download") < block.indexOf("PROGRAM_OR_STOP download_block"),
                block);
        long incidents = lines.stream().map(l -> field(l, "incident")).distinct().count();
        assertTrue(table.out().contains(incidents + " incidents of " + lines.size() + " alerts"), table.out());

        CliRun json = CliRun.run("alerts", "--incidents", "--state", "all", "--format", "jsonl", "--db", db);
        assertEquals(incidents, json.out().lines().count());
        String download = json.out().lines().filter(l -> l.startsWith("{\"incident\":\"" + incident + "\""))
                .findFirst().orElseThrow();
        assertTrue(download.startsWith("{\"incident\":\"" + incident + "\",\"severity\":\"critical\""), download);
        assertTrue(download.contains("\"steps\":[{\"id\":\"" + incident + "\",\"kind\":\"CROSS_CELL_CONVERSATION\""),
                download);
        // deterministic: analysing again gives the same incident ids
        Path again = dir.resolve("again.jsonl");
        CliRun second = CliRun.run("analyze", BaselineMaturityTest.root(BaselineMaturityTest.ATTACK), "--db", db,
                "--no-store", "--jsonl", again.toString(), "-q");
        assertEquals(ExitCode.OK, second.exitCode(), second.err());
        try {
            assertEquals(lines, Files.readAllLines(again));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void syslogCarriesTheCompactContextAndTheIncident() throws Exception {
        List<String> received = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(2_000);
            CliRun run = CliRun.run("analyze", BaselineMaturityTest.root(BaselineMaturityTest.ATTACK), "--db", db,
                    "--no-store", "-q", "--syslog", "127.0.0.1:" + socket.getLocalPort());
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            byte[] buffer = new byte[65_535];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                received.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            }
        }
        // an alert is sent when it opens and again, final, if it repeated
        assertTrue(received.size() >= lines.size(), received.size() + " messages for " + lines.size() + " alerts");
        String write = received.stream().filter(m -> m.contains("msg=writes 1450 to holding_register:100")).findFirst()
                .orElseThrow();
        // sent as the alert opens, before the 10 s after it: the values after are not known yet
        assertTrue(write.matches(".* flexString1Label=context flexString1=holding_register:100 7[234]0->1450 learned "
                + "enumeration values \\{720, 730, 740\\}; with [a-z_]+:\\d+ \\d+->\\?.*"), write);
        // a repeated alert is sent again, final, with the values after
        String readBack = received.stream().filter(m -> m.contains("msg=holding_register:100 \\= 1450")
                && m.contains(" cnt=45 ")).findFirst().orElseThrow(() -> new AssertionError(received.toString()));
        assertTrue(readBack.matches(".* flexString1=holding_register:100 7[234]0->1450 learned enumeration values "
                + "\\{720, 730, 740\\}; with [a-z_]+:\\d+ \\d+->\\d+.*"), readBack);
        assertTrue(write.matches(".* flexString2Label=incident flexString2=[0-9a-f]{16} .*"), write);
        for (String message : received) {
            assertTrue(message.contains("flexString2Label=incident"), message);
        }
    }
}
