package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.capture.PcapWriter;
import otb.sim.PlantSimulator;
import otb.sim.ScenarioKind;
import otb.sim.ScenarioRequest;
import otb.sim.SimulationOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sequence discipline through the tool: learned from the first part of a capture, broken by the
 * attacks of the simulator's sequence scenarios and of real captures (DNP3 requests replayed
 * between the same two hosts; Modbus requests injected into a live master's connection), and
 * kept by the clean continuations of real captures, which raise no SEQUENCE_ANOMALY.
 */
class SequenceDisciplineTest {
    private static final Path PCAPS = Path.of("fixtures/pcaps");
    private static final Path DEMO = PCAPS.resolve("demo");

    @TempDir
    Path dir;

    /** Learns {@code learn} into a fresh database and analyses {@code analyse}: the alert lines. */
    private List<String> learnAndAnalyse(Path learn, Path analyse, String... cells) throws IOException {
        String db = dir.resolve("b-" + learn.getFileName() + ".db").toString();
        List<String> learnArgs = new ArrayList<>(List.of("learn", learn.toString(), "--fresh", "--db", db));
        learnArgs.addAll(List.of(cells));
        CliRun learned = CliRun.run(learnArgs.toArray(String[]::new));
        assertEquals(ExitCode.OK, learned.exitCode(), learned.err());
        Path alerts = dir.resolve("alerts-" + analyse.getFileName() + ".jsonl");
        CliRun analysed = CliRun.run("analyze", analyse.toString(), "--db", db, "--no-store", "--jsonl",
                alerts.toString());
        assertEquals(ExitCode.OK, analysed.exitCode(), analysed.err());
        return Files.readAllLines(alerts);
    }

    private static List<String> sequenceAlerts(List<String> alerts) {
        return alerts.stream().filter(line -> line.contains("\"kind\":\"SEQUENCE_ANOMALY\"")).toList();
    }

    @Test
    void theSimulatorsSequenceAttacksRaiseSequenceAnomalyWithinTheirTime() throws Exception {
        Path attack = dir.resolve("sequence-attack.pcap");
        List<ScenarioRequest> scenarios = List.of(new ScenarioRequest(ScenarioKind.SEQUENCE_REPLAY, null),
                new ScenarioRequest(ScenarioKind.SEQUENCE_INJECTION, null));
        PlantSimulator.Result result;
        try (OutputStream out = Files.newOutputStream(attack)) {
            result = PlantSimulator.run(new SimulationOptions(2026, Instant.parse("2026-03-02T09:00:00Z"),
                    Duration.ofMinutes(30), Long.MAX_VALUE, scenarios, true), out);
        }
        assertEquals(2, result.labels().size());
        List<String> alerts = learnAndAnalyse(DEMO.resolve("demo-learn.pcap"), attack, "--cells",
                DEMO.resolve("cells.conf").toString());
        List<String> sequence = sequenceAlerts(alerts);
        // the replay: the master's application and transport sequences jump back to values already used
        assertTrue(sequence.stream().anyMatch(line -> line.contains("\"src\":\"10.20.0.5\"")
                && line.contains("application_sequence expected") && line.contains("a value already used")),
                String.join("\n", alerts));
        // the injection: a jump to the injector's numbering, then two senders interleaving
        assertTrue(sequence.stream().anyMatch(line -> line.contains("\"src\":\"10.10.1.10\"")
                && line.contains("two senders interleave on transaction_id")), String.join("\n", alerts));
        for (String line : sequence) {
            long ts = nanos(field(line, "ts"));
            boolean within = result.labels().stream().anyMatch(label -> ts >= label.startNanos()
                    && ts <= label.endNanos() + 1_000_000_000L);
            assertTrue(within, "a SEQUENCE_ANOMALY outside the labelled attacks: " + line);
        }
        assertEquals(List.of(), alerts.stream().filter(line -> !line.contains("SEQUENCE_ANOMALY")
                && !line.contains("REPLAYED_COMMAND")).toList(), "the sequence attacks raise nothing else");
    }

    @Test
    void replayedDnp3RequestsBetweenTheSameHostsBreakTheMastersSequence() throws Exception {
        // dnp3_example.pcap: frames 1-291 a master polling an outstation (class reads, application
        // sequence advancing by one); from frame 292 the same two hosts exchange the same select
        // again and again on new connections, its sequence numbers repeated
        Path first = dir.resolve("dnp3-polls.pcap");
        Path rest = dir.resolve("dnp3-replays.pcap");
        CaptureHalves.split(PCAPS.resolve("dnp3/dnp3_example.pcap"), 291, first, rest);
        List<String> alerts = learnAndAnalyse(first, rest);
        List<String> sequence = sequenceAlerts(alerts);
        assertFalse(sequence.isEmpty(), String.join("\n", alerts));
        assertTrue(sequence.stream().allMatch(line -> line.contains("\"src\":\"10.10.20.5\"")
                && line.contains("\"dst\":\"10.10.20.8\"")), String.join("\n", sequence));
        assertTrue(sequence.stream().anyMatch(line -> line.contains("application_sequence expected")
                && line.contains("select")), String.join("\n", sequence));
        // each select names the binary output it operates and the value it asks for (a CROB's
        // 0 or 1): the break carries that point's process context
        List<String> selects = sequence.stream().filter(line -> line.contains("\"func_name\":\"select\"")).toList();
        assertFalse(selects.isEmpty(), String.join("\n", sequence));
        for (String line : selects) {
            assertTrue(Pattern.compile("\"context\":\\{\"point\":\"dnp3:binary_output:\\d+\",(\"before\":[^,]+,)?"
                    + "\"value\":[01],\"learned\":").matcher(line).find(), line);
        }
    }

    @Test
    void modbusRequestsInjectedIntoALiveMastersConnectionInterleave() throws Exception {
        // ModbusTCP.pcap: one master polls about ten slaves, each on a connection of its own,
        // transaction ids advancing by one; into the second half, three read requests with ids of
        // their own are injected on the master's connection to 141.81.0.24, as a man in the middle
        // would (the master's later segments renumbered past them)
        Path capture = PCAPS.resolve("modbus/ModbusTCP.pcap");
        Path first = dir.resolve("modbus-first.pcap");
        Path second = dir.resolve("modbus-second.pcap");
        long frames = CaptureHalves.split(capture, first, second);
        Path injected = dir.resolve("modbus-injected.pcap");
        int made = inject(second, injected, "141.81.0.24", 3, 40);
        assertEquals(3, made);
        List<String> clean = sequenceAlerts(learnAndAnalyse(first, second));
        assertEquals(List.of(), clean, "the clean second half keeps every discipline");
        List<String> alerts = sequenceAlerts(learnAndAnalyse(first, injected));
        assertTrue(alerts.stream().anyMatch(line -> line.contains("\"dst\":\"141.81.0.24\"")
                && line.contains("\"severity\":\"high\"") && line.contains("two senders interleave on transaction_id")),
                String.join("\n", alerts));
        assertTrue(alerts.stream().allMatch(line -> line.contains("\"dst\":\"141.81.0.24\"")), String.join("\n", alerts));
        assertTrue(frames > 15_000);
    }

    @Test
    void cleanContinuationsOfRealCapturesRaiseNoSequenceAnomaly() throws Exception {
        for (String capture : List.of("modbus/ModbusTCP.pcap", "modbus/modbus_test.pcap", "s7comm/s7comm_clean.pcap",
                "s7comm/wincc_s400_production.pcapng", "enip/cip_only.pcap", "dnp3/dnp3_test_data_part1.pcap",
                "other/TestDissectIec104.pcap")) {
            String name = capture.replace('/', '_');
            Path first = dir.resolve(name + ".first.pcap");
            Path second = dir.resolve(name + ".second.pcap");
            CaptureHalves.split(PCAPS.resolve(capture), first, second);
            assertEquals(List.of(), sequenceAlerts(learnAndAnalyse(first, second)), capture);
        }
    }

    /**
     * Copies {@code input}, inserting after every {@code every}-th request of 12 bytes (one read
     * ADU) to {@code server}:502 a copy with transaction id 0x7000 + n, and renumbering the
     * client's later segments of that connection past the inserted bytes.
     *
     * @return the requests inserted, at most {@code count}
     */
    private static int inject(Path input, Path output, String server, int count, int every) throws Exception {
        int[] state = {0, 0}; // requests seen, injected
        long[] shift = {0};
        byte[] serverAddress = address(server);
        try (PcapWriter writer = new PcapWriter(Files.newOutputStream(output), 1, 262_144);
             PacketSource source = CaptureFiles.open(input)) {
            source.run(packet -> {
                ByteBuffer view = packet.frame();
                byte[] frame = new byte[view.remaining()];
                view.get(frame);
                int tcp = 14 + (frame[14] & 0x0F) * 4;
                boolean toServer = frame.length > tcp + 20 && frame[23] == 6
                        && java.util.Arrays.equals(frame, 30, 34, serverAddress, 0, 4)
                        && ((frame[tcp + 2] & 0xFF) << 8 | frame[tcp + 3] & 0xFF) == 502;
                int payload = toServer ? frame.length - tcp - (frame[tcp + 12] >> 4 & 0x0F) * 4 : 0;
                ByteBuffer headers = ByteBuffer.wrap(frame);
                if (toServer && shift[0] != 0) {
                    headers.putInt(tcp + 4, (int) (headers.getInt(tcp + 4) + shift[0]));
                }
                try {
                    writer.write(packet.timestampNanos(), frame);
                    if (payload == 12 && ++state[0] % every == 0 && state[1] < count) {
                        byte[] copy = frame.clone();
                        ByteBuffer edit = ByteBuffer.wrap(copy);
                        int data = copy.length - 12;
                        edit.putShort(data, (short) (0x7000 + state[1]));         // its own transaction id
                        edit.putInt(tcp + 4, (int) (edit.getInt(tcp + 4) + 12));  // after the master's request
                        writer.write(packet.timestampNanos() + 1_000_000L, copy);
                        shift[0] += 12;
                        state[1]++;
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return state[1];
    }

    private static byte[] address(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
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
