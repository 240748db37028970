package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a person meets when they get something wrong: a mistyped command or option gets
 * "did you mean", a file that cannot be written is named once with the reason, and every command
 * that reads a database takes {@code --db} with the same default.
 */
class CommandLineErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aMistypedCommandGetsDidYouMeanAndExitCode2() {
        CliRun run = CliRun.run("anlyze", "capture.pcap");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("otb: unknown command 'anlyze'; did you mean 'analyze'? (see 'otb --help')", run.err().strip());

        for (String[] typo : List.of(new String[] {"lern", "learn"}, new String[] {"inventroy", "inventory"},
                new String[] {"monitr", "monitor"}, new String[] {"dif", "diff"})) {
            CliRun typed = CliRun.run(typo[0]);
            assertEquals(ExitCode.USAGE, typed.exitCode());
            assertTrue(typed.err().contains("did you mean '" + typo[1] + "'?"), typed.err());
            assertTrue(typed.oneErrorLine(), typed.err());
        }
        CliRun subcommand = CliRun.run("alerts", "shwo", "0123456789abcdef");
        assertEquals(ExitCode.USAGE, subcommand.exitCode());
        assertTrue(subcommand.err().contains("unknown command 'shwo'; did you mean 'show'?"), subcommand.err());
    }

    @Test
    void aWordNothingLikeACommandGetsNoGuess() {
        CliRun run = CliRun.run("frobnicate");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("otb: unknown command 'frobnicate' (see 'otb --help')", run.err().strip());
    }

    @Test
    void aMistypedOptionGetsDidYouMean() {
        CliRun run = CliRun.run("analyze", "--dbb", "x.db", "capture.pcap");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("unknown option '--dbb'; did you mean '--db'?"), run.err());
    }

    @Test
    void editDistanceCountsASwapAsOneEdit() {
        assertEquals(1, Suggestions.distance("anlyze", "analyze"));
        assertEquals(1, Suggestions.distance("laern", "learn"));
        assertEquals(0, Suggestions.distance("diff", "diff"));
        assertEquals(List.of(), Suggestions.closest("zzzz", List.of("diff", "learn")).stream().toList());
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedOnceWithTheReason() {
        String target = dir.resolve("nonexistent/dir/x.pcap").toString();
        CliRun simulate = CliRun.run("simulate", "--duration", "10s", "-o", target);
        assertEquals(ExitCode.INPUT, simulate.exitCode());
        assertEquals("otb simulate: cannot write " + target + ": no such directory", simulate.err().strip());

        CliRun learn = CliRun.run("learn", "fixtures/pcaps/modbus/ModbusTCP.pcap", "--db", dir.resolve("p.db").toString(),
                "-q");
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        String jsonl = dir.resolve("nonexistent/a.jsonl").toString();
        CliRun analyze = CliRun.run("analyze", "fixtures/pcaps/modbus/modbus_test.pcap", "--db",
                dir.resolve("p.db").toString(), "--jsonl", jsonl, "-q");
        assertEquals(ExitCode.INPUT, analyze.exitCode());
        assertEquals("otb: cannot write " + jsonl + ": no such directory", analyze.err().strip());

        String diff = dir.resolve("nonexistent/d.md").toString();
        CliRun diffRun = CliRun.run("diff", "--db", dir.resolve("p.db").toString(), "-o", diff);
        assertEquals(ExitCode.INPUT, diffRun.exitCode());
        assertEquals("otb: cannot write " + diff + ": no such directory", diffRun.err().strip());
    }

    @Test
    void aBadCellsFileIsOneLineWithItsLineNumberAndExitCode3() throws Exception {
        String good = java.nio.file.Files.readString(Path.of("fixtures/pcaps/demo/cells.conf"));
        List<String[]> mistakes = List.of(
                new String[] {"conduit * -> eng udp/53 udp/123", "conduit * -> eng udp/53 modbuss",
                        "unknown service 'modbuss'"},
                new String[] {"conduit * -> eng udp/53 udp/123", "conduit * -> eng udp/53 udp/70000",
                        "port must be 1..65535: udp/70000"},
                new String[] {"cell eng", "cell line1", "cell line1 declared twice (first on line "},
                new String[] {"cidr 10.50.0.0/24", "cidr 10.10.1.0/24", "cidr 10.10.1.0/24 is already in cell line1 on line "});
        for (String[] mistake : mistakes) {
            assertTrue(good.contains(mistake[0]), mistake[0]);
            String text = good.replace(mistake[0], mistake[1]);
            Path cells = java.nio.file.Files.writeString(dir.resolve("cells.conf"), text);
            int line = text.substring(0, text.lastIndexOf(mistake[1])).split("\n", -1).length;
            CliRun run = CliRun.run("learn", "fixtures/pcaps/modbus/ModbusTCP.pcap", "--db",
                    dir.resolve("c.db").toString(), "--cells", cells.toString(), "-q");
            assertEquals(ExitCode.INPUT, run.exitCode(), run.err());
            assertTrue(run.oneErrorLine(), run.err());
            assertTrue(run.err().startsWith("otb: " + cells + ":" + line + ": " + mistake[2]), line + ": " + run.err());
        }
    }

    @Test
    void everyCommandThatReadsADatabaseTakesDbWithTheSameDefault() {
        CommandLine otb = Otb.commandLine(false);
        List<String> commands = List.of("learn", "analyze", "diff", "inventory", "alerts", "report", "monitor");
        for (String name : commands) {
            OptionSpec db = otb.getSubcommands().get(name).getCommandSpec().findOption("--db");
            assertTrue(db != null, name + " has --db");
            assertFalse(db.required(), name + ": --db is optional");
            assertEquals("otb-work/otb.db", db.defaultValue(), name);
        }
        for (String triage : List.of("show", "ack", "approve", "mute")) {
            OptionSpec db = otb.getSubcommands().get("alerts").getSubcommands().get(triage).getCommandSpec()
                    .findOption("--db");
            assertTrue(db != null && !db.required(), "alerts " + triage + " --db");
        }
        CliRun report = CliRun.run("report", "--db", dir.resolve("missing.db").toString(), "-o",
                dir.resolve("r.html").toString());
        assertEquals(ExitCode.INPUT, report.exitCode());
        assertTrue(report.oneErrorLine(), report.err());
    }
}
