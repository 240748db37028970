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
        footer = ExitCode.HELP_SECTION,
        subcommands = {
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
                MonitorCommand.class, InterfacesCommand.class, HubCommand.class,
                CommandLine.HelpCommand.class,
                picocli.AutoComplete.GenerateCompletion.class,
        })
public final class Otb implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Runs otb with the arguments; returns the exit code (never throws). */
    public static int run(String... args) {
        int code = commandLine(Arrays.asList(args).contains("--debug")).execute(args);
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

    static CommandLine commandLine(boolean debug) {
        // Help texts name the registered protocols through picocli's ${sys:KEY} interpolation, so
        // a new protocol appears in every help text without an edit here. (A resource bundle did
        // the same at 20-25 ms of every run's start-up: picocli re-reads each option from it.)
        System.setProperty("otb.protocol.names", Protocols.wireNames());
        System.setProperty("otb.protocol.labels", Protocols.labels());
        CommandLine commandLine = new CommandLine(new Otb());
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
