package otb.dissect.iec104;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.GoldenRows.counts;
import static otb.dissect.GoldenRows.minus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests against Wireshark: each IEC 104 capture runs through the whole pipeline and is
 * compared with the tshark reference files of fixtures/golden/iec104/STEM (see the README
 * there): every APDU's format, U function, sequence numbers, type, SQ, count, cause, P/N, T,
 * originator, common address and information object addresses, and every element value.
 * Frames Wireshark calls malformed are compared only in that otb flags them too.
 */
class Iec104GoldenTest {
    static final Path GOLDEN = Path.of("fixtures/golden/iec104");
    /** Each reference folder and the capture it was made from. */
    static final Map<String, Path> CAPTURES = Map.of(
            "TestDissectIec104", Path.of("fixtures/pcaps/other/TestDissectIec104.pcap"),
            "090813_diverse", Path.of("fixtures/pcaps/other/090813_diverse.pcap"),
            "synthetic", GOLDEN.resolve("synthetic/input.pcap"));
    /** Bitstring types (M_BO_NA_1, M_BO_TA_1, M_BO_TB_1, C_BO_NA_1, C_BO_TA_1): see {@link #bitstringAsOtbReadsIt}. */
    static final Set<Integer> BITSTRING_TYPES = Set.of(7, 8, 33, 51, 64);

    static Stream<String> stems() {
        return CAPTURES.keySet().stream().sorted();
    }

    static List<OtEvent> dissect(String stem) throws Exception {
        List<OtEvent> events = new ArrayList<>();
        Dissection dissection = new Dissection(CaptureLimits.defaults(), DissectorConfig.defaults(), Dissectors.all(),
                events::add);
        try (PacketSource source = CaptureFiles.open(CAPTURES.get(stem))) {
            dissection.process(source);
        }
        dissection.finish();
        return events;
    }

    static List<OtMessage> messages(List<OtEvent> events) {
        return events.stream().filter(e -> e instanceof OtMessage m && m.protocol() == Iec104Protocol.DESCRIPTOR)
                .map(e -> (OtMessage) e).toList();
    }

    /** Rows of a tab-separated reference file, header dropped. */
    static List<List<String>> rows(String stem, String file) throws IOException {
        return Files.readAllLines(GOLDEN.resolve(stem).resolve(file)).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> List.of(l.split("\t", -1))).toList();
    }

    static Set<Long> malformedFrames(String stem) throws IOException {
        return rows(stem, "malformed.txt").stream().map(r -> Long.parseLong(r.get(0)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** otb's message in the columns of apdus.tsv. */
    static String apduRow(OtMessage message) {
        String frame = Long.toString(message.frame());
        if (message.detail() instanceof Iec104Detail.Unnumbered u) {
            return String.join("\t", frame, "U", Integer.toString(u.controlOctet() >> 2), "-", "-",
                    "-", "-", "-", "-", "-", "-", "-", "-", "-");
        }
        if (message.detail() instanceof Iec104Detail.Supervisory s) {
            return String.join("\t", frame, "S", "-", "-", Integer.toString(s.receiveSequence()),
                    "-", "-", "-", "-", "-", "-", "-", "-", "-");
        }
        Iec104Detail.Information i = (Iec104Detail.Information) message.detail();
        Asdu asdu = i.asdu();
        String ioas = asdu.objects().stream().map(o -> Long.toString(o.address())).collect(Collectors.joining(","));
        return String.join("\t", frame, "I", "-", Integer.toString(i.sendSequence()),
                Integer.toString(i.receiveSequence()), Integer.toString(asdu.typeCode()), bit(asdu.sequence()),
                Integer.toString(asdu.count()), Integer.toString(asdu.cause()), bit(asdu.negative()), bit(asdu.test()),
                Integer.toString(asdu.originator()), Integer.toString(asdu.commonAddress()), ioas.isEmpty() ? "-" : ioas);
    }

    private static String bit(boolean set) {
        return set ? "1" : "0";
    }



    @ParameterizedTest(name = "{0}")
    @MethodSource("stems")
    void everyApduEqualsWiresharksOutsideTheFramesItCallsMalformed(String stem) throws Exception {
        Set<Long> malformed = malformedFrames(stem);
        Map<String, Integer> expected = counts(rows(stem, "apdus.tsv").stream()
                .filter(r -> !malformed.contains(Long.parseLong(r.get(0)))).map(r -> String.join("\t", r)));
        Map<String, Integer> actual = counts(messages(dissect(stem)).stream()
                .filter(m -> !malformed.contains(m.frame())).map(Iec104GoldenTest::apduRow));
        assertEquals(Map.of(), minus(expected, actual), "APDUs Wireshark shows and otb does not");
        assertEquals(Map.of(), minus(actual, expected), "APDUs otb shows and Wireshark does not");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stems")
    void everyElementValueEqualsWiresharks(String stem) throws Exception {
        Set<Long> malformed = malformedFrames(stem);
        // values per frame, type and address, sorted (a frame may repeat an address)
        Map<String, List<Double>> actual = new TreeMap<>();
        for (OtMessage message : messages(dissect(stem))) {
            if (malformed.contains(message.frame()) || !(message.detail() instanceof Iec104Detail.Information i)) {
                continue;
            }
            for (InformationObject object : i.asdu().objects()) {
                if (object.hasValue()) {
                    actual.computeIfAbsent(message.frame() + "\t" + i.asdu().typeCode() + "\t" + object.address(),
                            k -> new ArrayList<>()).add(object.value());
                }
            }
        }
        Map<String, List<Double>> expected = new TreeMap<>();
        for (List<String> row : rows(stem, "values.tsv")) {
            if (malformed.contains(Long.parseLong(row.get(0)))) {
                continue;
            }
            int type = Integer.parseInt(row.get(1));
            double value = BITSTRING_TYPES.contains(type) ? bitstringAsOtbReadsIt(row.get(3)) : Double.parseDouble(row.get(3));
            expected.computeIfAbsent(row.get(0) + "\t" + type + "\t" + row.get(2), k -> new ArrayList<>()).add(value);
        }
        assertEquals(expected.keySet(), actual.keySet(), "objects with values");
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

    /**
     * Wireshark 4.0 reads a BSI (101 clause 7.2.6.13) as 32 bits in network order (get_BSI:
     * proto_tree_add_bits_item with ENC_BIG_ENDIAN); the standard transmits every multi-octet
     * field least significant octet first, as otb (and lib60870) read it. The same four octets
     * compare equal once reversed: 12345678H on the wire as 78 56 34 12 is 0x78563412 to
     * Wireshark and 305419896 to otb.
     */
    static double bitstringAsOtbReadsIt(String wiresharkHex) {
        int wireshark = (int) Long.parseLong(wiresharkHex.replace("0x", ""), 16);
        return Integer.reverseBytes(wireshark) & 0xFFFF_FFFFL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stems")
    void everyFrameWiresharkCallsMalformedIsFlagged(String stem) throws Exception {
        Set<Long> flagged = new TreeSet<>();
        for (OtEvent event : dissect(stem)) {
            if (event instanceof Malformed malformed && malformed.protocol() == Iec104Protocol.DESCRIPTOR) {
                flagged.add(malformed.frame());
            } else if (event instanceof OtMessage message && !message.anomalies().isEmpty()) {
                flagged.add(message.frame());
            }
        }
        Set<Long> missed = new TreeSet<>(malformedFrames(stem));
        missed.removeAll(flagged);
        assertEquals(Set.of(), missed, stem + ": malformed per Wireshark, not flagged by otb");
    }

    /** The agreement figure the README states: every APDU row outside malformed frames, all captures. */
    @Test
    void agreementWithWiresharkIsAtLeast999PerMille() throws Exception {
        int compared = 0;
        int agreeing = 0;
        for (String stem : stems().toList()) {
            Set<Long> malformed = malformedFrames(stem);
            Map<String, Integer> expected = counts(rows(stem, "apdus.tsv").stream()
                    .filter(r -> !malformed.contains(Long.parseLong(r.get(0)))).map(r -> String.join("\t", r)));
            Map<String, Integer> actual = counts(messages(dissect(stem)).stream()
                    .filter(m -> !malformed.contains(m.frame())).map(Iec104GoldenTest::apduRow));
            for (Map.Entry<String, Integer> row : expected.entrySet()) {
                compared += row.getValue();
                agreeing += Math.min(row.getValue(), actual.getOrDefault(row.getKey(), 0));
            }
        }
        assertEquals(191 - 5, compared, "APDUs Wireshark shows outside the frames it calls malformed");
        assertTrue(agreeing * 1000L >= compared * 999L, agreeing + " of " + compared + " agree");
    }
}
