package otb.dissect.dnp3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.GoldenRows.counts;
import static otb.dissect.GoldenRows.minus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import otb.capture.CaptureFiles;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.DissectorConfig;
import otb.dissect.Dissectors;
import otb.dissect.Malformed;
import otb.dissect.MessageRecord;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests against Wireshark: every DNP3 capture of fixtures/pcaps/dnp3 runs through the
 * whole pipeline and is compared with the tshark reference files of fixtures/golden/dnp3/STEM
 * (see the README there). Documented disagreements, where otb is right, are listed in
 * differences.tsv and must match exactly.
 */
class Dnp3GoldenTest {
    static final Path GOLDEN = Path.of("fixtures/golden/dnp3");
    static final Path PCAPS = Path.of("fixtures/pcaps/dnp3");

    static Stream<String> captures() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            List<String> stems = dirs.filter(d -> Files.exists(d.resolve("messages.tsv")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
            assertEquals(15, stems.size(), "one reference folder per DNP3 capture");
            return stems.stream();
        }
    }

    static List<OtEvent> dissect(String stem, DissectorConfig config) throws Exception {
        List<OtEvent> events = new ArrayList<>();
        Dissection dissection = new Dissection(CaptureLimits.defaults(), config, Dissectors.all(), event -> events.add(event));
        try (PacketSource source = CaptureFiles.open(PCAPS.resolve(stem + ".pcap"))) {
            dissection.process(source);
        }
        dissection.finish();
        return events;
    }

    static List<OtMessage> dnp3Messages(List<OtEvent> events) {
        return events.stream().filter(e -> e instanceof OtMessage m && m.protocol() == Dnp3Protocol.DESCRIPTOR)
                .map(e -> (OtMessage) e).toList();
    }

    /** Rows of a tab-separated reference file, header dropped. */
    static List<List<String>> rows(String stem, String file) throws IOException {
        Path path = GOLDEN.resolve(stem).resolve(file);
        if (!Files.exists(path)) {
            return List.of();
        }
        return Files.readAllLines(path).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> List.of(l.split("\t", -1))).toList();
    }

    /**
     * The message row otb gives, in the columns of messages.tsv, read from the record that
     * {@code otb dissect --format jsonl} prints for it ({@link MessageRecord#fields}).
     */
    static String messageRow(OtMessage message) {
        Map<String, Object> record = MessageRecord.fields(message);
        Map<?, ?> link = (Map<?, ?>) record.get("link");
        String linkFunction = (Boolean.TRUE.equals(link.get("prm")) ? "p" : "s") + link.get("func");
        return String.join("\t", String.valueOf(record.get("frame")), String.valueOf(record.get("link_src")),
                String.valueOf(record.get("link_dst")), linkFunction, String.valueOf(record.getOrDefault("func", "-")),
                String.valueOf(record.getOrDefault("seq", "-")));
    }



    /**
     * Frames where otb and Wireshark are documented to differ (differences.tsv: kind "missing" or
     * "extra" for message rows, "objects" for frames whose object decoding differs).
     */
    static Set<Long> differingFrames(String stem) throws IOException {
        return rows(stem, "differences.tsv").stream().map(r -> Long.parseLong(r.get(1))).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void messagesEqualWiresharkPerFrameAddressesFunctionAndSequence(String stem) throws Exception {
        List<OtMessage> messages = dnp3Messages(dissect(stem, DissectorConfig.defaults()));
        Map<String, Integer> expected = counts(rows(stem, "messages.tsv").stream().map(r -> String.join("\t", r)));
        Map<String, Integer> actual = counts(messages.stream().map(Dnp3GoldenTest::messageRow));
        Map<String, Integer> documentedMissing = counts(rows(stem, "differences.tsv").stream()
                .filter(r -> r.get(0).equals("missing")).map(r -> String.join("\t", r.subList(1, 7))));
        Map<String, Integer> documentedExtra = counts(rows(stem, "differences.tsv").stream()
                .filter(r -> r.get(0).equals("extra")).map(r -> String.join("\t", r.subList(1, 7))));
        assertEquals(documentedMissing, minus(expected, actual), "Wireshark messages otb does not give");
        assertEquals(documentedExtra, minus(actual, expected), "otb messages Wireshark does not give");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void objectHeadersEqualWireshark(String stem) throws Exception {
        Set<Long> skip = new TreeSet<>(differingFrames(stem));
        rows(stem, "malformed.txt").forEach(r -> skip.add(Long.parseLong(r.get(0))));
        List<OtMessage> messages = dnp3Messages(dissect(stem, DissectorConfig.defaults()));
        Map<String, Integer> expected = counts(rows(stem, "objects.tsv").stream()
                .filter(r -> !skip.contains(Long.parseLong(r.get(0)))).map(r -> String.join("\t", r)));
        List<String> actual = new ArrayList<>();
        for (OtMessage message : messages) {
            Dnp3Detail detail = (Dnp3Detail) message.detail();
            if (detail.application() == null || skip.contains(message.frame())) {
                continue;
            }
            for (ObjectBlock block : detail.application().objects()) {
                boolean startStop = block.isStartStop();
                boolean counted = !startStop && !block.isAll();
                actual.add(String.join("\t", Long.toString(message.frame()), Integer.toString(detail.application().function()),
                        Integer.toString(block.group()), Integer.toString(block.variation()),
                        Integer.toString(block.prefixCode()), Integer.toString(block.rangeCode()),
                        startStop ? Long.toString(block.rangeStart()) : "-", startStop ? Long.toString(block.rangeStop()) : "-",
                        counted ? Long.toString(block.count()) : "-"));
            }
        }
        Map<String, Integer> got = counts(actual.stream());
        assertEquals(Map.of(), minus(expected, got), "object headers Wireshark shows and otb does not");
        assertEquals(Map.of(), minus(got, expected), "object headers otb shows and Wireshark does not");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void pointValuesEqualWireshark(String stem) throws Exception {
        Set<Long> skip = differingFrames(stem);
        List<OtMessage> messages = dnp3Messages(dissect(stem, DissectorConfig.defaults()));
        // values per frame, space and index, in a sorted list (events may repeat an index)
        Map<String, List<Double>> actual = new TreeMap<>();
        for (OtMessage message : messages) {
            if (skip.contains(message.frame())) {
                continue;
            }
            for (var value : message.values()) {
                if (!value.space().equals("dnp3:binary_output") || !isCrob(message, value.address())) {
                    actual.computeIfAbsent(message.frame() + "\t" + value.space() + "\t" + value.address(),
                            k -> new ArrayList<>()).add(value.value());
                }
            }
        }
        Map<String, List<Double>> expected = new TreeMap<>();
        for (List<String> row : rows(stem, "values.tsv")) {
            long frame = Long.parseLong(row.get(0));
            int group = Integer.parseInt(row.get(1));
            if (skip.contains(frame)) {
                continue;
            }
            expected.computeIfAbsent(frame + "\t" + ObjectLayout.space(group) + "\t" + row.get(3),
                    k -> new ArrayList<>()).add(Double.parseDouble(row.get(4)));
        }
        Set<String> onlyWireshark = new TreeSet<>(expected.keySet());
        onlyWireshark.removeAll(actual.keySet());
        Set<String> onlyOtb = new TreeSet<>(actual.keySet());
        onlyOtb.removeAll(expected.keySet());
        assertEquals(Set.of(), onlyWireshark, "point values Wireshark gives and otb does not");
        assertEquals(Set.of(), onlyOtb, "point values otb gives and Wireshark does not");
        for (Map.Entry<String, List<Double>> entry : expected.entrySet()) {
            List<Double> want = entry.getValue().stream().sorted().toList();
            List<Double> got = actual.get(entry.getKey()).stream().sorted().toList();
            assertEquals(want.size(), got.size(), entry.getKey());
            for (int i = 0; i < want.size(); i++) {
                // tshark prints floats with six significant digits
                assertEquals(want.get(i), got.get(i), 1e-6 + Math.abs(want.get(i)) * 1e-5, entry.getKey());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void controlRelayOutputBlocksEqualWireshark(String stem) throws Exception {
        Set<Long> skip = new TreeSet<>(differingFrames(stem));
        rows(stem, "malformed.txt").forEach(r -> skip.add(Long.parseLong(r.get(0))));
        Map<String, Integer> expected = counts(rows(stem, "crob.tsv").stream()
                .filter(r -> !skip.contains(Long.parseLong(r.get(0)))).map(r -> String.join("\t", r)));
        List<String> actual = new ArrayList<>();
        for (OtMessage message : dnp3Messages(dissect(stem, DissectorConfig.defaults()))) {
            Dnp3Detail detail = (Dnp3Detail) message.detail();
            if (detail.application() == null || skip.contains(message.frame())) {
                continue;
            }
            for (ObjectBlock block : detail.application().objects()) {
                if (block.group() != 12 || block.variation() != 1) {
                    continue;
                }
                for (ObjectPoint point : block.points()) {
                    Map<String, Object> crob = point.extra();
                    actual.add(String.join("\t", Long.toString(message.frame()), Long.toString(point.index()),
                            String.valueOf(crob.get("control_code")), String.valueOf(crob.get("count")),
                            String.valueOf(crob.get("on_time_ms")), String.valueOf(crob.get("off_time_ms")),
                            String.valueOf(crob.get("status"))));
                }
            }
        }
        assertEquals(expected, counts(actual.stream()));
    }

    /** True when the message carries a control relay output block for that point. */
    private static boolean isCrob(OtMessage message, long index) {
        Dnp3Detail detail = (Dnp3Detail) message.detail();
        return detail.application() != null && detail.application().objects().stream()
                .anyMatch(block -> block.group() == 12 && block.points().stream().anyMatch(p -> p.index() == index));
    }

    @Test
    void everyFrameWiresharkCallsMalformedIsFlagged() throws Exception {
        for (String stem : List.of("DNP3-Malformed", "direct_operate_crob_malform_but_good_crc")) {
            List<OtEvent> events = dissect(stem, DissectorConfig.defaults());
            Set<Long> flagged = new TreeSet<>();
            for (OtEvent event : events) {
                if (event instanceof Malformed malformed && malformed.protocol() == Dnp3Protocol.DESCRIPTOR) {
                    flagged.add(malformed.frame());
                } else if (event instanceof OtMessage message && !message.anomalies().isEmpty()) {
                    flagged.add(message.frame());
                }
            }
            Set<Long> wireshark = rows(stem, "malformed.txt").stream().map(r -> Long.parseLong(r.get(0)))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertTrue(wireshark.size() >= 1);
            Set<Long> missed = new TreeSet<>(wireshark);
            missed.removeAll(flagged);
            assertEquals(Set.of(), missed, stem + ": malformed per Wireshark, not flagged by otb");
        }
    }

    @Test
    void flowBufferOverflowCaptureStaysWithinBounds() throws Exception {
        // 17 link frames of one never-finished fragment (FIR, no FIN), about 4 kB.
        List<OtEvent> defaults = dissect("dnp3-flowbuffer-overflow-assert", DissectorConfig.defaults());
        assertEquals(List.of(), dnp3Messages(defaults));
        DissectorConfig small = new DissectorConfig(Map.of(), 16, 15_000_000_000L, 4096, 8, 1024);
        List<OtEvent> bounded = dissect("dnp3-flowbuffer-overflow-assert", small);
        List<String> reasons = bounded.stream().filter(e -> e instanceof Malformed).map(e -> ((Malformed) e).reason())
                .distinct().toList();
        assertTrue(reasons.contains("fragment_too_large"), reasons.toString());
        assertEquals(List.of(), dnp3Messages(bounded));
    }
}
