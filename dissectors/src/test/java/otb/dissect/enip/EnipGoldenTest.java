package otb.dissect.enip;

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
import java.util.TreeMap;
import java.util.stream.Stream;
import otb.capture.CaptureFiles;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.DissectorConfig;
import otb.dissect.Dissectors;
import otb.dissect.MessageRecord;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests against Wireshark: every EtherNet/IP capture runs through the whole pipeline and
 * its messages are compared with the tshark reference files of fixtures/golden/enip/STEM (see
 * the README there): per message the frame, protocol, direction, encapsulation command, CIP
 * service, path (class, instance, attribute) and general status. Documented disagreements are
 * listed in differences.tsv and must match exactly.
 */
class EnipGoldenTest {
    static final Path GOLDEN = Path.of("fixtures/golden/enip");
    static final Path PCAPS = Path.of("fixtures/pcaps");
    /** The captures, by the folder name of their reference. */
    static final Map<String, Path> CAPTURES = captureFiles();

    private static Map<String, Path> captureFiles() {
        Map<String, Path> captures = new TreeMap<>();
        try (Stream<Path> files = Files.list(PCAPS.resolve("enip"))) {
            files.forEach(file -> captures.put(file.getFileName().toString().replace(".pcap", ""), file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        captures.put("cip_stop_plc", PCAPS.resolve("other/cip_stop_plc.pcap"));
        captures.put("enip_test", PCAPS.resolve("other/enip_test.pcap"));
        return captures;
    }

    static Stream<String> captures() {
        return CAPTURES.keySet().stream();
    }

    static List<OtMessage> messages(String stem) throws Exception {
        List<OtMessage> messages = new ArrayList<>();
        Dissection dissection = new Dissection(CaptureLimits.defaults(), DissectorConfig.defaults(), Dissectors.all(),
                event -> {
                    if (event instanceof OtMessage message) {
                        messages.add(message);
                    }
                });
        try (PacketSource source = CaptureFiles.open(CAPTURES.get(stem))) {
            dissection.process(source);
        }
        dissection.finish();
        return messages;
    }

    static List<List<String>> rows(String stem, String file) throws IOException {
        Path path = GOLDEN.resolve(stem).resolve(file);
        if (!Files.exists(path)) {
            return List.of();
        }
        return Files.readAllLines(path).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> List.of(l.split("\t", -1))).toList();
    }

    /** The message row otb gives, in the columns of messages.tsv, read from its jsonl record. */
    static String messageRow(OtMessage message) {
        Map<String, Object> record = MessageRecord.fields(message);
        boolean cip = record.get("proto").equals("cip");
        return String.join("\t", String.valueOf(record.get("frame")), String.valueOf(record.get("proto")),
                String.valueOf(record.get("dir")),
                String.valueOf(cip ? record.getOrDefault("command", "-") : record.get("func")),
                cip ? String.valueOf(record.getOrDefault("func", "-")) : "-",
                String.valueOf(record.getOrDefault("class", "-")), String.valueOf(record.getOrDefault("instance", "-")),
                String.valueOf(record.getOrDefault("attribute", "-")), String.valueOf(record.getOrDefault("status", "-")));
    }



    private static Map<String, Integer> documented(String stem, String kind) throws IOException {
        return counts(rows(stem, "differences.tsv").stream().filter(r -> r.get(0).equals(kind))
                .map(r -> String.join("\t", r.subList(1, 10))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void messagesEqualWiresharkPerFrameCommandServicePathAndStatus(String stem) throws Exception {
        Map<String, Integer> expected = counts(rows(stem, "messages.tsv").stream().map(r -> String.join("\t", r)));
        Map<String, Integer> actual = counts(messages(stem).stream().map(EnipGoldenTest::messageRow));
        assertEquals(documented(stem, "missing"), minus(expected, actual), "Wireshark messages otb does not give");
        assertEquals(documented(stem, "extra"), minus(actual, expected), "otb messages Wireshark does not give");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void identityEqualsWiresharksListIdentityReplies(String stem) throws Exception {
        List<String> expected = rows(stem, "identity.tsv").stream().map(r -> String.join("\t", r)).toList();
        List<String> actual = new ArrayList<>();
        for (OtMessage message : messages(stem)) {
            Map<String, String> identity = message.identity();
            if (message.protocol() == EnipProtocols.ENIP && !identity.isEmpty()) {
                actual.add(String.join("\t", Long.toString(message.frame()), identity.get("vendor_id"),
                        identity.get("device_type"), identity.get("product_code"), identity.get("revision"),
                        identity.get("serial_number"), identity.getOrDefault("product_name", "-")));
            }
        }
        assertEquals(expected, actual);
    }

    /** At least 99.9% of Wireshark's messages over all captures are otb's too, field for field. */
    @Test
    void agreementOverAllCapturesIsAtLeast999PerMille() throws Exception {
        long wireshark = 0;
        long agreeing = 0;
        for (String stem : CAPTURES.keySet()) {
            Map<String, Integer> expected = counts(rows(stem, "messages.tsv").stream().map(r -> String.join("\t", r)));
            Map<String, Integer> actual = counts(messages(stem).stream().map(EnipGoldenTest::messageRow));
            long total = expected.values().stream().mapToLong(Integer::longValue).sum();
            long missing = minus(expected, actual).values().stream().mapToLong(Integer::longValue).sum();
            wireshark += total;
            agreeing += total - missing;
        }
        assertTrue(wireshark > 18_000, wireshark + " Wireshark messages");
        assertTrue(agreeing * 1000 >= wireshark * 999, agreeing + " of " + wireshark + " agree");
    }

    @Test
    void everyCaptureHasAReference() {
        for (String stem : CAPTURES.keySet()) {
            assertTrue(Files.exists(GOLDEN.resolve(stem).resolve("messages.tsv")), stem);
        }
        assertEquals(8, CAPTURES.size());
    }
}
