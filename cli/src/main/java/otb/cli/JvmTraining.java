package otb.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the JVM's ahead-of-time cache (JDK 25 and later, JEP 483 and 515): the
 * {@code otb} launcher runs {@code java -XX:AOTCacheOutput=FILE -cp otb.jar otb.cli.JvmTraining
 * DIR} once per jar and JDK, and later runs start from that file with otb's classes already
 * loaded and linked and with the method profiles of this run, so the JIT compiles the hot paths
 * sooner. What it runs is what a user runs: a simulated plant learned, then analysed with its
 * attacks, its alerts stored and reported, part of it dissected, over a plant with bulk register
 * reads beside the demo cells so that per-value learning and detection are trained too. Its
 * output is thrown away; it writes only in {@code DIR}, and exits non-zero when a step fails.
 */
public final class JvmTraining {
    /** The simulated plant: the demo cells and two cells of 10 servers x 100 registers, half moving. */
    private static final List<String> PLANT = List.of("--cells", "2", "--devices-per-cell", "10",
            "--points-per-device", "100", "--moving", "0.5");

    private JvmTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp otb.jar otb.cli.JvmTraining DIR");
            System.exit(ExitCode.USAGE);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        String learn = dir.resolve("learn.pcap").toString();
        String attack = dir.resolve("attack.pcap").toString();
        String db = dir.resolve("training.db").toString();
        PrintStream err = System.err;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        List<List<String>> steps = List.of(
                concat(List.of("simulate", "--seed", "3", "--duration", "40m", "--scenario", "none", "-o", learn), PLANT),
                concat(List.of("simulate", "--seed", "4", "--duration", "20m", "--scenario", "all", "-o", attack), PLANT),
                List.of("learn", learn, "--fresh", "--db", db, "-q"),
                List.of("analyze", attack, "--db", db, "-q"),
                List.of("dissect", attack, "--format", "jsonl"),
                List.of("report", "--db", db, "-o", dir.resolve("report.html").toString()));
        for (List<String> step : steps) {
            int code = Otb.run(step.toArray(String[]::new));
            if (code != ExitCode.OK && code != ExitCode.FINDINGS) {
                err.println("otb: JVM training: 'otb " + step.get(0) + "' exited with " + code);
                System.exit(ExitCode.INPUT);
            }
        }
        System.exit(ExitCode.OK);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
