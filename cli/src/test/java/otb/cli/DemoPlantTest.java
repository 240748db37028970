package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.sim.PlantSimulator;
import otb.sim.SimulationOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job on the shipped demo plant: learn from the clean capture, then every labelled
 * attack raises its alert kind within its time, and a clean continuation of the same plant
 * raises nothing.
 */
class DemoPlantTest {
    private static final Path DEMO = Path.of("fixtures/pcaps/demo");
    /** An alert may come this long after its scenario's last frame (e.g. silence needs cycles to pass). */
    private static final long SLACK_NANOS = 120_000_000_000L;

    @TempDir
    static Path dir;

    static String db;

    @BeforeAll
    static void learn() {
        db = dir.resolve("demo.db").toString();
        CliRun learn = CliRun.run("learn", DEMO.resolve("demo-learn.pcap").toString(), "--db", db, "--cells",
                DEMO.resolve("cells.conf").toString());
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
    }

    @Test
    void everyInjectedScenarioRaisesItsAlertKindWithinItsTime() throws Exception {
        Path alerts = dir.resolve("attack.jsonl");
        CliRun analyze = CliRun.run("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db", db, "--no-store",
                "--jsonl", alerts.toString());
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        List<String> raised = Files.readAllLines(alerts);
        String labels = Files.readString(DEMO.resolve("demo-attack.labels.json"));
        Matcher event = Pattern.compile("\"kind\":\\s*\"([a-z0-9_]+)\",\\s*\"expected_alert\":\\s*\"([A-Z_]+)\","
                + "\\s*\"start\":\\s*\"([^\"]+)\",\\s*\"end\":\\s*\"([^\"]+)\"").matcher(labels);
        List<String> missed = new ArrayList<>();
        int scenarios = 0;
        while (event.find()) {
            scenarios++;
            long start = nanos(event.group(3));
            long end = nanos(event.group(4)) + SLACK_NANOS;
            boolean found = false;
            for (String alert : raised) {
                long ts = nanos(field(alert, "ts"));
                if (field(alert, "kind").equals(event.group(2)) && ts >= start - 1_000_000_000L && ts <= end) {
                    found = true;
                }
            }
            if (!found) {
                missed.add(event.group(1) + " -> " + event.group(2));
            }
        }
        assertEquals(18, scenarios, "the demo injects every scenario once");
        assertTrue(missed.isEmpty(), "scenarios without their alert: " + missed + "\n" + analyze.out());
    }

    @Test
    void aCleanContinuationOfThePlantRaisesNoAlert() throws Exception {
        Path clean = dir.resolve("clean.pcap");
        try (OutputStream out = Files.newOutputStream(clean)) {
            PlantSimulator.run(new SimulationOptions(2026, Instant.parse("2026-03-02T09:00:00Z"), Duration.ofMinutes(30),
                    Long.MAX_VALUE, List.of(), true), out);
        }
        CliRun analyze = CliRun.run("analyze", clean.toString(), "--db", db, "--no-store");
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        assertEquals("no alerts", analyze.out().strip(), analyze.out());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static long nanos(String iso) {
        Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
