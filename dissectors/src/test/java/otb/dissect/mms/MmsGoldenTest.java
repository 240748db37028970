package otb.dissect.mms;

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
import java.util.TreeSet;
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
 * Golden tests against Wireshark: every MMS capture under fixtures/pcaps/iec61850 runs through the
 * whole pipeline and its MMS PDUs are compared with the tshark reference files of
 * fixtures/golden/mms/STEM (see the README there): per PDU the frame, PDU type, confirmed service
 * and invokeID. Documented disagreements are listed in differences.tsv and must match exactly.
 */
class MmsGoldenTest {
    static final Path GOLDEN = Path.of("fixtures/golden/mms");
    static final Path PCAPS = Path.of("fixtures/pcaps/iec61850");

    static Stream<String> captures() throws IOException {
        try (Stream<Path> folders = Files.list(GOLDEN)) {
            return folders.filter(Files::isDirectory).map(f -> f.getFileName().toString()).sorted().toList().stream();
        }
    }

    static List<OtEvent> events(String stem) throws Exception {
        List<OtEvent> events = new ArrayList<>();
        Dissection dissection = new Dissection(CaptureLimits.defaults(), DissectorConfig.defaults(), Dissectors.all(),
                events::add);
        try (PacketSource source = CaptureFiles.open(PCAPS.resolve(stem + ".pcap"))) {
            dissection.process(source);
        }
        dissection.finish();
        return events;
    }

    static List<List<String>> rows(String stem, String file) throws IOException {
        Path path = GOLDEN.resolve(stem).resolve(file);
        if (!Files.exists(path)) {
            return List.of();
        }
        return Files.readAllLines(path).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> List.of(l.split("\t", -1))).toList();
    }

    /** otb's row for an MMS PDU, in the columns of pdus.tsv: the service and invokeID the PDU itself carries. */
    static List<String> pduRows(List<OtEvent> events) {
        List<String> rows = new ArrayList<>();
        for (OtEvent event : events) {
            if (event instanceof OtMessage message && message.detail() instanceof MmsDetail.Pdu detail) {
                MmsPdu pdu = detail.pdu();
                rows.add(String.join("\t", Long.toString(message.frame()), MmsPdu.typeName(pdu.type()),
                        pdu.service() < 0 ? "-" : Integer.toString(pdu.service()),
                        pdu.invokeId() < 0 ? "-" : Long.toString(pdu.invokeId())));
            }
        }
        return rows;
    }

    private static Map<String, Integer> documented(String stem, String kind) throws IOException {
        return counts(rows(stem, "differences.tsv").stream().filter(r -> r.get(0).equals(kind))
                .map(r -> String.join("\t", r.subList(1, 5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void pdusEqualWiresharkPerFrameTypeServiceAndInvokeId(String stem) throws Exception {
        Map<String, Integer> expected = counts(rows(stem, "pdus.tsv").stream().map(r -> String.join("\t", r)));
        Map<String, Integer> actual = counts(pduRows(events(stem)).stream());
        assertEquals(documented(stem, "missing"), minus(expected, actual), "Wireshark PDUs otb does not give");
        assertEquals(documented(stem, "extra"), minus(actual, expected), "otb PDUs Wireshark does not give");
    }

    /** A frame Wireshark marks malformed gives a Malformed event or an anomaly; no other frame gives a Malformed event from the client. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void malformedFramesAreMalformedToOtbToo(String stem) throws Exception {
        List<OtEvent> events = events(stem);
        Set<Long> flagged = new TreeSet<>();
        for (OtEvent event : events) {
            if (event instanceof Malformed malformed) {
                flagged.add(malformed.frame());
            } else if (event instanceof OtMessage message && !message.anomalies().isEmpty()) {
                flagged.add(message.frame());
            }
        }
        for (List<String> row : rows(stem, "malformed.txt")) {
            assertTrue(flagged.contains(Long.parseLong(row.get(0))), stem + " frame " + row.get(0) + ": " + flagged);
        }
    }

    /** At least 99.9% of Wireshark's PDUs over all captures are otb's too, field for field. */
    @Test
    void agreementOverAllCapturesIsAtLeast999PerMille() throws Exception {
        long wireshark = 0;
        long agreeing = 0;
        for (String stem : captures().toList()) {
            Map<String, Integer> expected = counts(rows(stem, "pdus.tsv").stream().map(r -> String.join("\t", r)));
            Map<String, Integer> actual = counts(pduRows(events(stem)).stream());
            long total = expected.values().stream().mapToLong(Integer::longValue).sum();
            long missing = minus(expected, actual).values().stream().mapToLong(Integer::longValue).sum();
            wireshark += total;
            agreeing += total - missing;
        }
        System.out.println("MMS agreement with Wireshark: " + agreeing + " of " + wireshark + " PDUs");
        assertTrue(wireshark >= 60, wireshark + " Wireshark PDUs");
        assertTrue(agreeing * 1000 >= wireshark * 999, agreeing + " of " + wireshark + " agree");
    }

    @Test
    void everyMmsCaptureHasAReference() throws IOException {
        List<String> stems;
        try (Stream<Path> files = Files.list(PCAPS)) {
            stems = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("mms-")
                    || n.startsWith("iec61850_") || n.equals("piccolo.pcap")).map(n -> n.replace(".pcap", ""))
                    .sorted().toList();
        }
        assertEquals(stems, captures().toList());
        assertEquals(22, stems.size());
    }
}
