package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * A run whose first argument names a subcommand builds only that one (picocli reflects over every
 * command it is given: a tenth of a second of every start); everything else sees them all.
 */
class OtbCommandLineTest {
    private static final Set<String> ALL = Otb.commandLine(false).getSubcommands().keySet();

    @Test
    void aSubcommandNamedFirstIsTheOnlyOneBuilt() {
        assertEquals(Set.of("learn"), Otb.commandLine(false, "learn").getSubcommands().keySet());
        assertEquals(Set.of("analyze", "analyse"), Otb.commandLine(false, "analyse").getSubcommands().keySet());
        for (String first : new String[] {null, "help", "generate-completion", "--help", "lern", "--debug"}) {
            assertEquals(ALL, Otb.commandLine(false, first).getSubcommands().keySet(), String.valueOf(first));
        }
    }

    @Test
    void everySubcommandBuiltAloneHelpsAsInTheWholeTree() {
        assertTrue(ALL.containsAll(List.of("dissect", "learn", "analyze", "monitor", "hub", "help")), ALL.toString());
        for (String name : ALL) {
            if (name.equals("help") || name.equals("generate-completion")) {
                continue;
            }
            CliRun alone = CliRun.run(name, "--help");
            CliRun inTree = CliRun.run("help", name);
            assertEquals(0, alone.exitCode(), name + ": " + alone.err());
            assertTrue(alone.out().startsWith("Usage: otb "), name + ": " + alone.out());
            assertEquals(inTree.out(), alone.out(), name);
        }
    }

    @Test
    void helpAndCompletionStillSeeEveryCommand() {
        CliRun completion = CliRun.run("generate-completion");
        assertEquals(0, completion.exitCode(), completion.err());
        for (String name : ALL) {
            assertTrue(completion.out().contains("${COMP_WORDS[0]} " + name + "\" ]"), name);
        }
        CliRun mistyped = CliRun.run("lern", "x.pcap");
        assertEquals(ExitCode.USAGE, mistyped.exitCode());
        assertTrue(mistyped.err().contains("did you mean 'learn'?"), mistyped.err());
    }
}
