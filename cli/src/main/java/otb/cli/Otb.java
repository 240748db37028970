package otb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code otb} command; subcommands do the work. */
@Command(name = "otb", mixinStandardHelpOptions = true, version = "otb 0.1.0",
        description = "Passive network traffic baseliner for industrial control networks.",
        subcommands = {CommandLine.HelpCommand.class, SimulateCommand.class})
public final class Otb implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static int run(String... args) {
        return new CommandLine(new Otb()).execute(args);
    }
}
