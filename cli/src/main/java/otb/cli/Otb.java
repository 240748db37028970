package otb.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import otb.capture.CaptureException;
import otb.capture.IoErrors;
import otb.dissect.Protocols;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code otb} command; subcommands do the work. */
@Command(name = "otb", mixinStandardHelpOptions = true, version = "otb 0.1.0",
        description = "Passive network traffic baseliner for industrial control networks (${sys:otb.protocol.labels}).",
        footer = ExitCode.HELP_SECTION)
public final class Otb implements Runnable {

    /** The subcommands, in the order {@code otb --help} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(
            DissectCommand.class,
            LearnCommand.class,
            AnalyzeCommand.class,
            DiffCommand.class,
            InventoryCommand.class,
            AlertsCommand.class,
            AuditCommand.class,
            BaselineCommand.class,
            KeysCommand.class,
            SimulateCommand.class,
            ReportCommand.class,
            MonitorCommand.class, InterfacesCommand.class, HubCommand.class);
    /** picocli's own subcommands, listed after those: they read the others, so a run of one gets them all. */
    private static final List<Class<?>> ABOUT_COMMANDS = List.of(
            CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Runs otb with the arguments; returns the exit code (never throws). */
    public static int run(String... args) {
        int code = commandLine(Arrays.asList(args).contains("--debug"), args.length > 0 ? args[0] : null)
                .execute(args);
        if (code == ExitCode.OK || code == ExitCode.FINDINGS) {
            // PrintStream swallows write errors: output cut by a full disk or a closed pipe is a failure
            String problem = StandardOutput.problem(System.out);
            if (problem != null) {
                System.err.println("otb: " + problem);
                return ExitCode.INPUT;
            }
        }
        return code;
    }

    /** The whole command line, every subcommand built. */
    static CommandLine commandLine(boolean debug) {
        return commandLine(debug, null);
    }

    /**
     * The command line for a run whose first argument is {@code first}. When that names a
     * subcommand, only that one is built: picocli reads every option of every command it is given
     * by reflection, and building all 16 took about 0.1 s of every run's start (bench/README.md,
     * "the start of every run"). Anything else (no argument, an option, {@code help}, a mistyped
     * name that wants a "did you mean") gets them all.
     */
    static CommandLine commandLine(boolean debug, String first) {
        // Help texts name the registered protocols through picocli's ${sys:KEY} interpolation, so
        // a new protocol appears in every help text without an edit here. (A resource bundle did
        // the same at 20-25 ms of every run's start-up: picocli re-reads each option from it.)
        System.setProperty("otb.protocol.names", Protocols.wireNames());
        System.setProperty("otb.protocol.labels", Protocols.labels());
        CommandLine commandLine = new CommandLine(new Otb());
        Class<?> only = COMMANDS.stream().filter(command -> names(command).contains(first)).findFirst().orElse(null);
        for (Class<?> command : COMMANDS) {
            if (only == null || command == only) {
                commandLine.addSubcommand(command);
            }
        }
        if (only == null) {
            ABOUT_COMMANDS.forEach(commandLine::addSubcommand);
        }
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((exception, args) -> {
            CommandLine command = exception.getCommandLine();
            PrintWriter err = command.getErr();
            String help = " (see '" + command.getCommandSpec().qualifiedName() + " --help')";
            String mistyped = exception instanceof CommandLine.UnmatchedArgumentException unmatched
                    ? mistyped(unmatched) : null;
            err.println("otb: " + (mistyped != null ? mistyped : exception.getMessage()) + help);
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            PrintWriter err = command.getErr();
            if (debug) {
                exception.printStackTrace(err);
            }
            if (exception instanceof UsageException) {
                err.println("otb: " + exception.getMessage() + " (see '" + command.getCommandSpec().qualifiedName()
                        + " --help')");
                return ExitCode.USAGE;
            }
            if (exception instanceof InputException || exception instanceof CaptureException
                    || exception instanceof StandardOutput.Failed) {
                err.println("otb: " + exception.getMessage());
                return ExitCode.INPUT;
            }
            if (exception instanceof IOException || exception instanceof UncheckedIOException) {
                // a file a command could not use, not a bug: one line, the file named once (IoErrors)
                Throwable cause = exception instanceof UncheckedIOException ? exception.getCause() : exception;
                String file = cause instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() + ": " : "";
                err.println("otb: " + file + IoErrors.reason(cause));
                return ExitCode.INPUT;
            }
            err.println("otb: internal error: " + exception + (debug ? "" : " (re-run with --debug for details)"));
            return ExitCode.INTERNAL;
        });
        return commandLine;
    }

    private static List<String> names(Class<?> command) {
        Command annotation = command.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(annotation.aliases()));
        names.add(annotation.name());
        return names;
    }

    /**
     * For a word picocli did not know where a command or an option was expected: says so, with the
     * nearest name ("did you mean"); null when it was something else (an extra argument).
     */
    private static String mistyped(CommandLine.UnmatchedArgumentException unmatched) {
        if (unmatched.getUnmatched().isEmpty()) {
            return null;
        }
        String word = unmatched.getUnmatched().get(0);
        CommandLine.Model.CommandSpec spec = unmatched.getCommandLine().getCommandSpec();
        List<String> names = new ArrayList<>();
        String what;
        if (word.startsWith("-")) {
            what = "option";
            spec.options().stream().filter(o -> !o.hidden()).forEach(o -> names.addAll(List.of(o.names())));
            word = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        } else if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            what = "command";
            names.addAll(spec.subcommands().keySet());
        } else {
            return null;
        }
        String typed = word;
        return "unknown " + what + " '" + typed + "'" + Suggestions.closest(typed, names)
                .map(name -> "; did you mean '" + name + "'?").orElse("");
    }
}
