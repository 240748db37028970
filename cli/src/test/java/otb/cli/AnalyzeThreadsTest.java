package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import otb.baseline.alert.Severity;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoredAlert;
import otb.dissect.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otb analyze --threads N} as a user runs it, against the demo plant's baseline (a real
 * SQLite file): with 1, 2 and 4 threads the same exit code, standard output (the alert table),
 * standard error (progress off: only the error lines), JSON lines byte for byte and alert rows
 * stored — on the attack capture, on a capture cut in the middle of a record followed by a whole
 * one (one line, exit 3, what came before the damage and the next file kept), on captures of other
 * protocols with {@code --fail-on}, and when the JSON lines cannot be written (a sink of the
 * detection stage failing: one line, exit 3).
 */
class AnalyzeThreadsTest {
    private static final Path DEMO = Path.of("fixtures/pcaps/demo");
    private static final Path ATTACK = DEMO.resolve("demo-attack.pcap");
    private static final Path SCANNERS = Path.of("fixtures/pcaps/modbus/modbus-and-non-modbus-p502.pcap");
    private static final Path S7_SCAN = Path.of("fixtures/pcaps/s7comm/s7ident.pcap");
    private static final int[] THREADS = {1, 2, 4};

    @TempDir
    static Path dir;

    private static Path learned;
    private static Path cut;

    @BeforeAll
    static void learnTheDemoAndCutTheAttack() throws Exception {
        learned = dir.resolve("learned.db");
        CliRun learn = CliRun.run("learn", DEMO.resolve("demo-learn.pcap").toString(), "--fresh", "--cells",
                DEMO.resolve("cells.conf").toString(), "--db", learned.toString(), "--by", "tester", "-q");
        assertEquals(0, learn.exitCode(), learn.err());
        byte[] whole = Files.readAllBytes(ATTACK);
        cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2 + 7));
    }

    /** What one run told and stored. */
    private record Run(int exitCode, String out, String err, String jsonLines, List<String> stored) {
    }

    private static Run analyze(String name, int threads, List<String> arguments) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name + "-" + threads));
        Path db = home.resolve("otb.db");
        Files.copy(learned, db, StandardCopyOption.REPLACE_EXISTING);
        Path jsonl = home.resolve("alerts.jsonl");
        List<String> args = new ArrayList<>(List.of("analyze", "--db", db.toString(), "-q", "--threads",
                Integer.toString(threads)));
        if (!arguments.contains("--jsonl")) {
            args.addAll(List.of("--jsonl", jsonl.toString()));
        }
        args.addAll(arguments);
        CliRun run = CliRun.run(args.toArray(String[]::new));
        List<String> stored;
        try (BaselineStore store = BaselineStore.openReadOnly(db)) {
            stored = store.alerts(Optional.empty(), Severity.INFO, 1_000_000).stream()
                    .map(alert -> alert.state().wireName() + " " + Json.write(alert.alert().fields())).toList();
        }
        String lines = Files.exists(jsonl) ? Files.readString(jsonl) : "";
        return new Run(run.exitCode(), run.out(), run.err(), lines, stored);
    }

    /** Runs {@code arguments} with every thread count; asserts they agree and returns the one-thread run. */
    private static Run sameWithEveryThreadCount(String name, String... arguments) throws Exception {
        Run one = analyze(name, 1, List.of(arguments));
        for (int threads : THREADS) {
            Run many = analyze(name, threads, List.of(arguments));
            String with = name + " with " + threads + " threads: ";
            assertEquals(one.exitCode(), many.exitCode(), with + "exit code; " + many.err());
            assertEquals(one.out(), many.out(), with + "the alert table");
            assertEquals(one.err(), many.err(), with + "the error lines");
            assertEquals(one.jsonLines(), many.jsonLines(), with + "the JSON lines");
            assertEquals(one.stored(), many.stored(), with + "the alerts stored");
        }
        return one;
    }

    @Test
    void theAttackCaptureRaisesTheSameAlertsWithEveryThreadCount() throws Exception {
        Run one = sameWithEveryThreadCount("attack", ATTACK.toString());
        assertEquals(ExitCode.OK, one.exitCode(), one.err());
        // the demo learns 30 minutes: only the immature baseline's warning
        assertTrue(one.err().startsWith("otb: warning: baseline snapshot 1 is immature"), one.err());
        assertEquals(1, one.err().lines().count(), one.err());
        for (String kind : List.of("SCAN", "FLOOD", "NEW_CONVERSATION")) {
            assertTrue(one.jsonLines().contains("\"kind\":\"" + kind + "\""), kind + " among the alerts");
        }
        assertEquals(one.jsonLines().lines().count(), one.stored().size(), "every alert stored");
    }

    @Test
    void aCutCaptureIsOneLineAndExitThreeWithWhatWasReadKeptAlike() throws Exception {
        Run damaged = sameWithEveryThreadCount("cut", cut.toString(), ATTACK.toString());
        assertEquals(ExitCode.INPUT, damaged.exitCode(), damaged.err());
        assertTrue(damaged.err().strip().startsWith("otb: " + cut + ": byte "), damaged.err());
        assertFalse(damaged.err().strip().contains("\n"), "one line: " + damaged.err());
        assertFalse(damaged.err().contains("Exception"), damaged.err());
        // what came before the damage and the whole next file were analysed, stored and printed
        Run whole = analyze("whole", 1, List.of(ATTACK.toString()));
        assertTrue(damaged.stored().size() > whole.stored().size() / 2, damaged.stored().size() + " alerts stored of "
                + whole.stored().size() + " for the whole capture alone");
        assertFalse(damaged.out().isBlank(), "the table printed");
    }

    @Test
    void otherProtocolsWithFailOnGiveTheSameExitCode() throws Exception {
        Run one = sameWithEveryThreadCount("scanners", SCANNERS.toString(), S7_SCAN.toString(), "--fail-on", "low");
        assertEquals(ExitCode.FINDINGS, one.exitCode(), one.err());
        assertFalse(one.stored().isEmpty());
    }

    @Test
    void alertsThatCannotBeWrittenAreOneLineAndExitThreeAlike() throws Exception {
        Path full = Path.of("/dev/full");
        assertTrue(Files.isWritable(full), "this test needs /dev/full (Linux)");
        Run one = sameWithEveryThreadCount("full", ATTACK.toString(), "--jsonl", full.toString());
        assertEquals(ExitCode.INPUT, one.exitCode(), one.err());
        // the reason is the system's (strerror: "No space left on device" in English)
        assertTrue(one.err().startsWith("otb: cannot write alerts: "), one.err());
        assertEquals(1, one.err().lines().count(), one.err());
        assertFalse(one.err().contains("Exception"), one.err());
    }
}
