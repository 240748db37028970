package otb.cli;

/** Entry point of the otb command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Otb.run(args));
    }
}
