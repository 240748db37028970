package otb.dissect.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;
import otb.capture.CaptureFiles;
import otb.dissect.Dissection;
import otb.dissect.DissectorConfig;
import otb.dissect.Dissectors;
import otb.dissect.MessageRecord;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.PointValue;

/**
 * Golden test against Wireshark: otb's Modbus messages on every shared Modbus capture compared
 * with the tshark output committed under fixtures/golden/modbus/ (regenerate.sh makes it; this
 * test never runs tshark). Per frame: the multiset of (transaction id, unit, function) and of
 * exception codes, and, where Wireshark decodes them, the (register, value) and (bit, value) pairs.
 * Known, explained differences are listed in each capture's differences.tsv (see the README
 * there); any other difference, or a listed one that went away, fails the test.
 */
class ModbusGoldenTest {
    static final Path GOLDEN = Path.of("fixtures/golden/modbus");
    static final Path PCAPS = Path.of("fixtures/pcaps/modbus");

    static Stream<String> captures() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.filter(p -> Files.exists(p.resolve("tshark.tsv"))).map(p -> p.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    /**
     * Device identification objects (43/14 responses) per frame: object id and text. otb writes
     * bytes outside printable ASCII as \\xNN; the shared captures' objects are plain ASCII.
     */
    private static List<String> identityDifferences(Path file, List<OtMessage> messages) throws IOException {
        Map<Long, List<String>> reference = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] columns = line.split("\t", -1);
            String[] ids = columns[1].split("\\|", -1);
            String[] texts = columns[2].split("\\|", -1);
            List<String> objects = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                objects.add(ModbusFunctions.deviceObjectKey(Integer.parseInt(ids[i])) + "="
                        + (i < texts.length ? texts[i] : "?"));
            }
            java.util.Collections.sort(objects);
            reference.put(Long.parseLong(columns[0]), objects);
        }
        Map<Long, List<String>> produced = new TreeMap<>();
        for (OtMessage m : messages) {
            if (!m.identity().isEmpty()) {
                List<String> objects = produced.computeIfAbsent(m.frame(), f -> new ArrayList<>());
                m.identity().forEach((key, value) -> objects.add(key + "=" + value));
                java.util.Collections.sort(objects);
            }
        }
        List<String> out = new ArrayList<>();
        if (!reference.equals(produced)) {
            out.add("identity\t" + reference + "\t" + produced);
        }
        return out;
    }

    @Test
    void everySharedModbusCaptureHasReferences() throws IOException {
        assertTrue(Files.isDirectory(PCAPS), "shared captures not found at " + PCAPS.toAbsolutePath());
        try (Stream<Path> files = Files.list(PCAPS)) {
            for (Path pcap : files.filter(p -> p.toString().endsWith(".pcap")).toList()) {
                String stem = pcap.getFileName().toString().replaceAll("\\.pcap$", "");
                assertTrue(Files.exists(GOLDEN.resolve(stem).resolve("tshark.tsv")), "no reference for " + stem);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void agreesWithWireshark(String stem) throws Exception {
        List<OtMessage> messages = dissect(PCAPS.resolve(stem + ".pcap"));
        Path dir = GOLDEN.resolve(stem);

        Map<String, Integer> reference = new TreeMap<>();
        Map<String, Integer> referenceExceptions = new TreeMap<>();
        for (String line : Files.readAllLines(dir.resolve("tshark.tsv"))) {
            String[] columns = line.split("\t", -1);
            long frame = Long.parseLong(columns[0]);
            List<String> txids = list(columns[1]);
            List<String> units = list(columns[2]);
            List<String> functions = list(columns[3]);
            for (int i = 0; i < functions.size(); i++) {
                // As oracle_compare.py: a missing i-th id repeats the last one.
                String txid = i < txids.size() ? txids.get(i) : txids.isEmpty() ? "" : txids.get(txids.size() - 1);
                String unit = i < units.size() ? units.get(i) : units.isEmpty() ? "" : units.get(units.size() - 1);
                add(reference, key(frame, txid, unit, Integer.parseInt(functions.get(i)) & 0x7F));
            }
            for (String code : list(columns.length > 4 ? columns[4] : "")) {
                add(referenceExceptions, String.format("%07d\texception\t%s", frame, code));
            }
        }
        Map<String, Integer> produced = new TreeMap<>();
        Map<String, Integer> producedExceptions = new TreeMap<>();
        for (OtMessage m : messages) {
            add(produced, key(m.frame(), String.valueOf(m.transactionId().getAsLong()), String.valueOf(m.unit()),
                    m.function().getAsInt()));
            if (m.isException()) {
                add(producedExceptions, String.format("%07d\texception\t%d", m.frame(), m.exceptionCode()));
            }
        }
        List<String> differences = new ArrayList<>();
        differences.addAll(difference("missing", reference, produced));
        differences.addAll(difference("extra", produced, reference));
        differences.addAll(difference("missing", referenceExceptions, producedExceptions));
        differences.addAll(difference("extra", producedExceptions, referenceExceptions));
        differences.addAll(valueDifferences(dir.resolve("registers.tsv"), "registers", messages,
                Set.of(ModbusFunctions.READ_HOLDING_REGISTERS, ModbusFunctions.READ_INPUT_REGISTERS),
                Set.of(ModbusFunctions.WRITE_MULTIPLE_REGISTERS)));
        differences.addAll(valueDifferences(dir.resolve("bits.tsv"), "bits", messages,
                Set.of(ModbusFunctions.READ_COILS, ModbusFunctions.READ_DISCRETE_INPUTS), Set.of()));
        differences.addAll(identityDifferences(dir.resolve("identity.tsv"), messages));

        assertEquals(expectedDifferences(dir), differences,
                stem + ": differences with Wireshark changed; agreement " + agreement(reference, produced));
    }

    /**
     * Point values per frame, as Wireshark decodes them: registers of function 3/4 responses and
     * 16 requests, bits of function 1/2 responses. Wireshark numbers the points of a response
     * whose request it did not see from 0; otb gives no values then (the addresses are unknown),
     * so in frames holding such an unpaired response otb's pairs need only be a subset of
     * Wireshark's.
     */
    private static List<String> valueDifferences(Path file, String kind, List<OtMessage> messages,
                                                 Set<Integer> responseFunctions, Set<Integer> requestFunctions)
            throws IOException {
        Map<Long, Map<String, Integer>> reference = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] columns = line.split("\t", -1);
            List<String> numbers = list(columns[1]);
            List<String> values = list(columns[2]);
            Map<String, Integer> pairs = reference.computeIfAbsent(Long.parseLong(columns[0]), f -> new TreeMap<>());
            for (int i = 0; i < numbers.size(); i++) {
                add(pairs, numbers.get(i) + "=" + (i < values.size() ? values.get(i) : "?"));
            }
        }
        Map<Long, Map<String, Integer>> produced = new TreeMap<>();
        Map<Long, Boolean> unpairedRead = new HashMap<>();
        for (OtMessage m : messages) {
            int function = m.function().getAsInt();
            boolean readResponse = m.role() == otb.dissect.MessageRole.RESPONSE && responseFunctions.contains(function);
            boolean writeRequest = m.role() == otb.dissect.MessageRole.REQUEST && requestFunctions.contains(function);
            if (readResponse && m.requestFrame().isEmpty() && !m.isException()) {
                unpairedRead.put(m.frame(), true);
            }
            if (!readResponse && !writeRequest) {
                continue;
            }
            for (PointValue value : m.values()) {
                add(produced.computeIfAbsent(m.frame(), f -> new TreeMap<>()),
                        value.address() + "=" + (long) value.value());
            }
        }
        List<String> out = new ArrayList<>();
        int framesEqual = 0;
        java.util.Set<Long> frames = new java.util.TreeSet<>(reference.keySet());
        frames.addAll(produced.keySet());
        for (long frame : frames) {
            Map<String, Integer> want = reference.getOrDefault(frame, Map.of());
            Map<String, Integer> got = produced.getOrDefault(frame, Map.of());
            List<String> extra = difference("extra", got, want);
            if (unpairedRead.containsKey(frame) ? !extra.isEmpty() : !want.equals(got)) {
                out.add(kind + "\t" + frame + "\t" + summary(want) + "\t" + summary(got));
            } else if (!got.isEmpty() && want.equals(got)) {
                framesEqual++;
            }
        }
        if (!reference.isEmpty() && !unpairedRead.keySet().containsAll(reference.keySet())) {
            // Some frame had values to compare beyond unpaired responses: some must have matched.
            assertTrue(framesEqual > 0, file + ": no frame's values were compared");
        }
        return out;
    }

    /**
     * modbus_example.pcap with port 502 rewritten to 5020 (derived/README.md): no hint port, so the
     * content probe alone must find the flow, with the same messages Wireshark shows on 502.
     */
    @Test
    void modbusOnAnotherPortIsFoundByContent() throws Exception {
        List<OtMessage> messages = dissect(GOLDEN.resolve("derived/modbus_example_port5020.pcap"));
        List<String> reference = new ArrayList<>();
        for (String line : Files.readAllLines(GOLDEN.resolve("modbus_example/tshark.tsv"))) {
            String[] columns = line.split("\t", -1);
            reference.add(key(Long.parseLong(columns[0]), columns[1], columns[2], Integer.parseInt(columns[3]) & 0x7F));
        }
        List<String> produced = new ArrayList<>();
        for (OtMessage m : messages) {
            produced.add(key(m.frame(), String.valueOf(m.transactionId().getAsLong()), String.valueOf(m.unit()),
                    m.function().getAsInt()));
            assertEquals(5020, m.role() == otb.dissect.MessageRole.REQUEST ? m.dstPort() : m.srcPort());
        }
        assertEquals(reference, produced);
    }

    /**
     * TLS, DCE/RPC, HTTP and scanner probes on port 502, and the server's replies to them: none is
     * taken for Modbus, not even as a malformed Modbus stream. Only the flow from port 3082 is.
     */
    @Test
    void nonModbusOnPort502IsNotModbus() throws Exception {
        List<OtEvent> events = new ArrayList<>();
        Dissection dissection = new Dissection(CaptureLimits.defaults(), DissectorConfig.defaults(), Dissectors.all(),
                event -> events.add(event));
        try (PacketSource source = CaptureFiles.open(PCAPS.resolve("modbus-and-non-modbus-p502.pcap"))) {
            dissection.process(source);
        }
        dissection.finish();
        int modbus = 0;
        int flowsOn502 = 0;
        for (OtEvent event : events) {
            if (event instanceof otb.dissect.Malformed malformed && malformed.protocol() == ModbusProtocol.DESCRIPTOR) {
                throw new AssertionError("unexpected malformed Modbus " + malformed);
            }
            if (event instanceof OtMessage m && m.protocol() == ModbusProtocol.DESCRIPTOR) {
                assertEquals(3082, m.flow().clientPort());
                modbus++;
            }
            if (event instanceof otb.dissect.FlowEnded ended && ended.flow().serverPort() == 502) {
                flowsOn502++;
                assertEquals(ended.flow().clientPort() == 3082, ended.protocol().equals(java.util.Optional.of(ModbusProtocol.DESCRIPTOR)),
                        ended.flow().toString());
            }
        }
        assertEquals(12, modbus);
        assertTrue(flowsOn502 > 5, "flows on 502: " + flowsOn502);
    }

    @Test
    void jsonlOutputIsByteIdenticalFromRunToRun() throws Exception {
        Path pcap = PCAPS.resolve("ModbusTCP.pcap");
        List<String> first = dissect(pcap).stream().map(MessageRecord::jsonLine).toList();
        List<String> second = dissect(pcap).stream().map(MessageRecord::jsonLine).toList();
        assertTrue(first.size() > 15_000);
        assertEquals(first, second);
    }

    /**
     * A message kept after the call that delivered it says exactly what it said during the call:
     * messages are values. Every Modbus capture; the records compared are otb dissect's JSON lines.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ModbusTCP", "modbus_test", "modbusSmall", "modbus_example", "fuzz-72",
            "modbus_test_data_part1"})
    void messagesKeptAfterTheCallSayWhatTheySaidDuringIt(String stem) throws Exception {
        List<String> during = new ArrayList<>();
        List<OtMessage> kept = new ArrayList<>();
        Dissection dissection = new Dissection(CaptureLimits.defaults(), DissectorConfig.defaults(), Dissectors.all(),
                event -> {
                    if (event instanceof OtMessage m && m.protocol() == ModbusProtocol.DESCRIPTOR) {
                        during.add(MessageRecord.jsonLine(m));
                        kept.add(m);
                    }
                });
        try (PacketSource source = CaptureFiles.open(PCAPS.resolve(stem + ".pcap"))) {
            dissection.process(source);
        }
        dissection.finish();
        assertFalse(during.isEmpty());
        assertEquals(during, kept.stream().map(MessageRecord::jsonLine).toList());
    }

    static List<OtMessage> dissect(Path pcap) throws Exception {
        List<OtEvent> events = new ArrayList<>();
        Dissection dissection = new Dissection(CaptureLimits.defaults(), DissectorConfig.defaults(), Dissectors.all(),
                event -> events.add(event));
        try (PacketSource source = CaptureFiles.open(pcap)) {
            dissection.process(source);
        }
        dissection.finish();
        List<OtMessage> messages = new ArrayList<>();
        for (OtEvent event : events) {
            if (event instanceof OtMessage m && m.protocol() == ModbusProtocol.DESCRIPTOR) {
                messages.add(m);
            }
        }
        return messages;
    }

    private static List<String> expectedDifferences(Path dir) throws IOException {
        Path file = dir.resolve("differences.tsv");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // The last column is the reason, for people; the rest is what the test produces.
            out.add(line.substring(0, line.lastIndexOf('\t')));
        }
        return out;
    }

    private static List<String> difference(String kind, Map<String, Integer> left, Map<String, Integer> right) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : left.entrySet()) {
            int surplus = entry.getValue() - right.getOrDefault(entry.getKey(), 0);
            for (int i = 0; i < surplus; i++) {
                out.add(kind + "\t" + entry.getKey());
            }
        }
        return out;
    }

    private static String agreement(Map<String, Integer> reference, Map<String, Integer> produced) {
        int total = 0;
        int agree = 0;
        for (Map.Entry<String, Integer> entry : reference.entrySet()) {
            total += entry.getValue();
            agree += Math.min(entry.getValue(), produced.getOrDefault(entry.getKey(), 0));
        }
        return agree + " of " + total;
    }

    private static String summary(Map<String, Integer> pairs) {
        return pairs.size() > 6 ? pairs.size() + " pairs" : pairs.keySet().toString();
    }

    /** Frame numbers are zero-padded so that keys sort in frame order. */
    private static String key(long frame, String txid, String unit, int function) {
        return String.format("%07d\t%s\t%s\t%d", frame, txid, unit, function);
    }

    private static void add(Map<String, Integer> counts, String key) {
        counts.merge(key, 1, Integer::sum);
    }

    private static List<String> list(String column) {
        return column.isEmpty() ? List.of() : List.of(column.split(","));
    }
}
