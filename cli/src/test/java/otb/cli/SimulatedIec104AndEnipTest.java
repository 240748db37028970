package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.capture.TestEnvironment;
import otb.sim.Label;
import otb.sim.PlantSimulator;
import otb.sim.ScenarioKind;
import otb.sim.ScenarioRequest;
import otb.sim.SimulationOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's IEC 104 substation and EtherNet/IP line through the tool: learned from a
 * clean half hour with them, the iec104_setpoint and cip_stop attacks of the next half hour
 * raise their labelled alert kinds within their labelled times, a clean continuation raises
 * none, and Wireshark dissects the frames as IEC 104 and EtherNet/IP with CIP, none malformed.
 */
class SimulatedIec104AndEnipTest {
    private static final Instant LEARN_START = Instant.parse("2026-03-02T08:00:00Z");
    private static final Instant ANALYSE_START = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path dir;

    private PlantSimulator.Result simulate(Path pcap, Instant start, List<ScenarioRequest> scenarios,
            boolean midStream) throws IOException {
        try (OutputStream out = Files.newOutputStream(pcap)) {
            return PlantSimulator.run(new SimulationOptions(2026, start, Duration.ofMinutes(30), Long.MAX_VALUE,
                    scenarios, midStream, null, true), out);
        }
    }

    private List<String> analyse(Path pcap, String db) throws IOException {
        Path alerts = dir.resolve("alerts-" + pcap.getFileName() + ".jsonl");
        CliRun analysed = CliRun.run("analyze", pcap.toString(), "--db", db, "--no-store", "--jsonl",
                alerts.toString());
        assertEquals(ExitCode.OK, analysed.exitCode(), analysed.err());
        return Files.readAllLines(alerts);
    }

    @Test
    void theAttacksRaiseTheirLabelledAlertsAndACleanContinuationNone() throws Exception {
        Path learn = dir.resolve("learn.pcap");
        Path attack = dir.resolve("attack.pcap");
        Path clean = dir.resolve("clean.pcap");
        simulate(learn, LEARN_START, List.of(), false);
        List<ScenarioRequest> scenarios = ScenarioRequest.parseList("iec104_setpoint,cip_stop");
        PlantSimulator.Result attacked = simulate(attack, ANALYSE_START, scenarios, true);
        simulate(clean, ANALYSE_START, List.of(), true);
        assertEquals(2, attacked.labels().size());

        String db = dir.resolve("b.db").toString();
        CliRun learned = CliRun.run("learn", learn.toString(), "--fresh", "--db", db);
        assertEquals(ExitCode.OK, learned.exitCode(), learned.err());
        List<String> alerts = analyse(attack, db);
        for (Label label : attacked.labels()) {
            ScenarioKind kind = label.kind();
            boolean raised = alerts.stream().anyMatch(line -> line.contains("\"kind\":\"" + kind.expectedAlert() + "\"")
                    && line.contains("\"src\":\"" + label.source() + "\"")
                    && line.contains("\"dst\":\"" + label.destination() + "\"")
                    && within(line, label));
            assertTrue(raised, kind.kindName() + " should raise " + kind.expectedAlert() + " from " + label.source()
                    + " within its label:\n" + String.join("\n", alerts));
        }
        // the set-point is a new command type of a known writer; the stop is a program/stop request
        assertTrue(alerts.stream().anyMatch(line -> line.contains("\"kind\":\"NEW_FUNCTION_CODE\"")
                && line.contains("c_se_nc_1")), String.join("\n", alerts));
        assertTrue(alerts.stream().anyMatch(line -> line.contains("\"kind\":\"PROGRAM_OR_STOP\"")
                && line.contains("stop")), String.join("\n", alerts));

        List<String> cleanAlerts = analyse(clean, db);
        assertEquals(List.of(), cleanAlerts.stream().filter(line -> line.contains("\"src\":\"10.21.")
                || line.contains("\"src\":\"10.40.") || line.contains("\"dst\":\"10.21.")
                || line.contains("\"dst\":\"10.40.") || line.contains("NEW_FUNCTION_CODE")
                || line.contains("PROGRAM_OR_STOP")).toList(), "the clean continuation raises none of them");
    }

    @Test
    void wiresharkDissectsTheFramesAsIec104AndEnipWithCip() throws Exception {
        TestEnvironment.requireOrSkip(onPath("tshark") ? null : "tshark is not installed");
        Path attack = dir.resolve("attack.pcap");
        simulate(attack, LEARN_START, ScenarioRequest.parseList("iec104_setpoint,cip_stop"), false);
        Map<String, Integer> stacks = new TreeMap<>();
        for (String line : tshark(attack, "-Y", "tcp.port == 2404 or tcp.port == 44818", "-T", "fields", "-e",
                "frame.protocols")) {
            stacks.merge(line.substring(line.indexOf("tcp")), 1, Integer::sum);
        }
        assertTrue(stacks.getOrDefault("tcp:iec60870_104:iec60870_asdu", 0) > 500, stacks.toString());
        assertTrue(stacks.getOrDefault("tcp:iec60870_104", 0) > 100, "S and U frames: " + stacks);
        assertTrue(stacks.getOrDefault("tcp:enip:cip", 0) > 3000, stacks.toString());
        // encapsulation without CIP: hmi-4's RegisterSession and its reply, the attacker's and its reply,
        // and the attacker's UnRegisterSession
        assertEquals(5, stacks.getOrDefault("tcp:enip", 0), stacks.toString());
        assertTrue(stacks.keySet().stream().allMatch(stack -> stack.equals("tcp") || stack.startsWith("tcp:iec60870_104")
                || stack.startsWith("tcp:enip")), stacks.toString());
        assertEquals(List.of(), tshark(attack, "-Y", "_ws.malformed or _ws.expert.severity >= error"),
                "no malformed frame");
        assertEquals(2, tshark(attack, "-Y", "iec60870_asdu.typeid == 50").size(), "the set-point and its confirmation");
        assertEquals(2, tshark(attack, "-Y", "cip.sc == 0x07 and cip.class == 0x8e || cip.sc == 0x87").size(),
                "the stop and its reply");
    }

    @Test
    void theSimulateCommandAddsThePartsAndSaysSoInTheLabels() throws Exception {
        Path pcap = dir.resolve("more.pcap");
        CliRun run = CliRun.run("simulate", "--duration", "1m", "--more-protocols", "-o", pcap.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        String labels = Files.readString(dir.resolve("more.labels.json"));
        assertTrue(labels.contains("--more-protocols"), labels);
        assertTrue(labels.contains("{\"name\": \"substation-104\", \"cidr\": \"10.21.0.0/24\"")
                && labels.contains("{\"name\": \"line4\", \"cidr\": \"10.40.0.0/24\""), labels);
        Path plain = dir.resolve("plain.pcap");
        assertEquals(ExitCode.OK, CliRun.run("simulate", "--duration", "1m", "-o", plain.toString()).exitCode());
        assertTrue(Files.size(pcap) > Files.size(plain) + 10_000, "the added parts' frames");
        assertTrue(!Files.readString(dir.resolve("plain.labels.json")).contains("line4"));
    }

    private static boolean within(String line, Label label) {
        Matcher m = Pattern.compile("\"ts\":\"([^\"]*)\"").matcher(line);
        if (!m.find()) {
            return false;
        }
        Instant instant = Instant.parse(m.group(1));
        long ts = instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        return ts >= label.startNanos() && ts <= label.endNanos() + 1_000_000_000L;
    }

    private static boolean onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> tshark(Path pcap, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "tshark " + command);
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }
}
