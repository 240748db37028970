package otb.cli;

import java.util.Arrays;

/** Entry point of the otb command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        FatalErrors.install(debug);
        StandardOutput.install();
        int code;
        try {
            code = Otb.run(args);
        } catch (Error error) {
            FatalErrors.halt(error, debug);
            return;
        }
        System.exit(code);
    }
}
