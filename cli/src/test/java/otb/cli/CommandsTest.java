package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each command end to end on real captures, through the same entry point as the launcher. */
class CommandsTest {
    private static final String MODBUS = "fixtures/pcaps/modbus/ModbusTCP.pcap";
    private static final String MODBUS_OTHER = "fixtures/pcaps/modbus/modbus_test.pcap";
    private static final String EIT = "fixtures/pcaps/modbus/modbus-eit.pcap";

    @TempDir
    Path dir;

    @Test
    void dissectJsonlIsOneRecordPerMessageAndByteIdenticalAcrossRuns() {
        CliRun first = CliRun.run("dissect", "--format", "jsonl", EIT);
        CliRun second = CliRun.run("dissect", "--format", "jsonl", EIT);
        assertEquals(ExitCode.OK, first.exitCode(), first.err());
        assertEquals(first.out(), second.out());
        List<String> lines = first.out().lines().toList();
        // modbus-eit.pcap: two read-device-identification requests and their responses (tshark: 4 mbtcp frames);
        // the second response is exception 4, server device failure
        assertEquals(4, lines.size(), first.out());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"frame\":") && l.contains("\"proto\":\"modbus\"")));
        assertTrue(lines.get(3).contains("\"exception\":{\"code\":4,\"name\":\"server_device_failure\"}"), lines.get(3));
        assertTrue(lines.get(3).contains("\"request_frame\":3"), "responses are paired with their requests");
    }

    @Test
    void dissectTableHasAHeaderAndARowPerMessage() {
        CliRun run = CliRun.run("dissect", EIT);
        assertEquals(ExitCode.OK, run.exitCode());
        assertEquals(5, run.out().lines().count(), run.out());
        assertTrue(run.out().lines().findFirst().orElseThrow().contains("function"));
    }

    @Test
    void learnAnalyzeInventoryAlertsAndDiffOnRealCaptures() throws Exception {
        String db = dir.resolve("plant.db").toString();
        CliRun learn = CliRun.run("learn", MODBUS, "--db", db);
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        assertTrue(learn.out().startsWith("snapshot 1:"), learn.out());

        // the same traffic again: nothing departs from the baseline learned from it
        CliRun same = CliRun.run("analyze", MODBUS, "--db", db, "--no-store", "--fail-on", "medium");
        assertEquals(ExitCode.OK, same.exitCode(), same.out() + same.err());

        // another plant's capture: new assets and conversations, above --fail-on medium
        Path jsonl = dir.resolve("alerts.jsonl");
        CliRun other = CliRun.run("analyze", MODBUS_OTHER, "--db", db, "--jsonl", jsonl.toString(), "--fail-on", "medium");
        assertEquals(ExitCode.FINDINGS, other.exitCode(), other.out() + other.err());
        assertTrue(other.out().contains("NEW_ASSET"), other.out());
        List<String> alerts = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        assertFalse(alerts.isEmpty());
        for (String field : List.of("\"id\":", "\"kind\":", "\"severity\":", "\"ts\":", "\"last_ts\":", "\"count\":",
                "\"cell\":", "\"src\":", "\"dst\":", "\"proto\":", "\"frames\":", "\"input\":", "\"baseline\":",
                "\"detail\":")) {
            assertTrue(alerts.get(0).contains(field), field + " in " + alerts.get(0));
        }

        CliRun inventory = CliRun.run("inventory", "--db", db, "--format", "csv");
        assertEquals(ExitCode.OK, inventory.exitCode(), inventory.err());
        assertTrue(inventory.out().startsWith(
                "address,cell,roles,identity,macs,vendor,protocols,first_seen,last_seen\r\n"), inventory.out());
        assertTrue(inventory.out().contains("141.81.0.10,141.81.0.0/24,modbus_client"), inventory.out());

        CliRun stored = CliRun.run("alerts", "--db", db, "--format", "jsonl");
        assertEquals(alerts.size(), stored.out().lines().count(), "every alert of the run is in the database");
        String id = stored.out().lines().findFirst().orElseThrow().replaceAll("^\\{\"id\":\"([0-9a-f]+)\".*", "$1");
        // --limit keeps the newest, still oldest first, and says that older ones were left out
        assertTrue(alerts.size() > 2, "enough alerts to limit: " + alerts.size());
        CliRun newest = CliRun.run("alerts", "--db", db, "--format", "jsonl", "--limit", "2");
        assertEquals(stored.out().lines().skip(alerts.size() - 2).toList(), newest.out().lines().toList());
        assertEquals("otb: the newest 2 alerts shown; older ones match too (--limit)", newest.err().strip());
        CliRun all = CliRun.run("alerts", "--db", db, "--format", "jsonl", "--limit", String.valueOf(alerts.size()));
        assertEquals(stored.out(), all.out());
        assertEquals("", all.err());

        CliRun noReason = CliRun.run("alerts", "approve", id, "--db", db);
        assertEquals(ExitCode.USAGE, noReason.exitCode());
        CliRun approve = CliRun.run("alerts", "approve", id, "--db", db, "--reason", "commissioned", "--by", "tester");
        assertEquals(ExitCode.OK, approve.exitCode(), approve.err());
        assertTrue(approve.out().contains("approved"), approve.out());

        CliRun diff = CliRun.run("diff", "--db", db, "--format", "json");
        assertEquals(ExitCode.FINDINGS, diff.exitCode(), diff.err());
        assertTrue(diff.out().contains("\"change\":\"added\""), diff.out());
        Path html = dir.resolve("diff.html");
        CliRun htmlDiff = CliRun.run("diff", "--db", db, "--format", "html", "-o", html.toString());
        assertEquals(ExitCode.FINDINGS, htmlDiff.exitCode(), htmlDiff.err());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("snapshot 1") && page.contains("snapshot 2"),
                page.substring(0, Math.min(400, page.length())));
        CliRun noChange = CliRun.run("diff", "--db", db, "--from", "2", "--to", "2");
        assertEquals(ExitCode.OK, noChange.exitCode(), noChange.out());
        assertTrue(noChange.out().contains("result: no change"));
    }

    @Test
    void badInputGivesOneLineAndTheDocumentedExitCode() throws Exception {
        String db = dir.resolve("x.db").toString();
        Path text = Files.writeString(dir.resolve("notes.pcap"), "this is not a capture\n");
        Path notDatabase = Files.writeString(dir.resolve("notes.db"), "not sqlite either, just text\n");
        Path truncated = dir.resolve("cut.pcap");
        byte[] whole = Files.readAllBytes(Path.of(MODBUS));
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2 + 7));

        List<String[]> inputErrors = List.of(
                new String[] {"dissect", "no-such-file.pcap"},
                new String[] {"dissect", text.toString()},
                new String[] {"learn", "no-such-file.pcap", "--db", db},
                new String[] {"analyze", MODBUS, "--db", dir.resolve("missing.db").toString()},
                new String[] {"analyze", MODBUS, "--db", notDatabase.toString()},
                new String[] {"inventory", "--db", notDatabase.toString()},
                new String[] {"alerts", "--db", notDatabase.toString()},
                new String[] {"diff", "--db", notDatabase.toString()});
        for (String[] args : inputErrors) {
            CliRun run = CliRun.run(args);
            assertEquals(ExitCode.INPUT, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.oneErrorLine(), String.join(" ", args) + " gave: " + run.err());
        }
        List<String[]> usageErrors = List.of(
                new String[] {"dissect"},
                new String[] {"dissect", "--format", "xml", MODBUS},
                new String[] {"dissect", "--port", "modbus=99999", MODBUS},
                new String[] {"analyze", MODBUS, "--fail-on", "apocalyptic"},
                new String[] {"frobnicate"});
        for (String[] args : usageErrors) {
            CliRun run = CliRun.run(args);
            assertEquals(ExitCode.USAGE, run.exitCode(), String.join(" ", args) + ": " + run.err());
            assertTrue(run.oneErrorLine(), String.join(" ", args) + " gave: " + run.err());
        }

        // a capture cut in the middle: every message before the damage is printed, then one line, exit 3
        CliRun cut = CliRun.run("dissect", "--format", "jsonl", truncated.toString());
        CliRun full = CliRun.run("dissect", "--format", "jsonl", MODBUS);
        assertEquals(ExitCode.INPUT, cut.exitCode());
        assertTrue(cut.oneErrorLine(), cut.err());
        assertTrue(cut.err().contains(truncated.toString()) && cut.err().contains("byte"), cut.err());
        long kept = cut.out().lines().count();
        assertTrue(kept > full.out().lines().count() / 3, "messages before the damage are kept: " + kept);
        assertTrue(full.out().startsWith(cut.out().lines().limit(kept - 5).reduce("", (a, b) -> a + b + "\n")));
    }

    @Test
    void everyCommandHasHelpWithExamplesAndExitCodes() {
        for (String command : List.of("dissect", "learn", "analyze", "diff", "inventory", "alerts", "report",
                "simulate")) {
            CliRun run = CliRun.run(command, "--help");
            assertEquals(ExitCode.OK, run.exitCode(), command);
            assertTrue(run.out().contains("Examples:"), command);
            assertTrue(run.out().contains("Exit codes:"), command);
        }
    }
}
