package otb.dissect.layer2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.GoldenRows.counts;
import static otb.dissect.GoldenRows.minus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests against Wireshark for the layer-2 protocols: every GOOSE, PROFINET DCP and LLDP
 * frame of the shared captures runs through the whole pipeline (capture engine's layer-2 path,
 * dispatcher, session) and is compared, field for field, with tshark's reading in
 * fixtures/golden/layer2/STEM/PROTO.tsv (see the README there). No frame may differ.
 */
class Layer2GoldenTest {
    static final Path GOLDEN = Path.of("fixtures/golden/layer2");

    static Stream<Arguments> references() {
        return Stream.of(
                Arguments.of("iec61850/GOOSE.pcap", "GOOSE", "goose"),
                Arguments.of("iec61850/GOOSE_DEMO.pcap", "GOOSE_DEMO", "goose"),
                Arguments.of("iec61850/Sample_File_GOOSE.pcap", "Sample_File_GOOSE", "goose"),
                Arguments.of("profinet/PROFINET-RT.pcap", "PROFINET-RT", "pn_dcp"),
                Arguments.of("profinet/ChangeIPUsingDCP.pcap", "ChangeIPUsingDCP", "pn_dcp"),
                Arguments.of("other/wrapup.pcapng", "wrapup", "lldp"));
    }

    static List<OtEvent> events(String capture) throws Exception {
        List<OtEvent> events = new ArrayList<>();
        Dissection dissection = new Dissection(CaptureLimits.defaults(), DissectorConfig.defaults(), Dissectors.all(),
                events::add);
        try (PacketSource source = CaptureFiles.open(Path.of("fixtures/pcaps").resolve(capture))) {
            dissection.process(source);
        }
        dissection.finish();
        return events;
    }

    /**
     * tshark's rows; a GOOSE frame's VLAN id 0 (an 802.1p priority tag, Sample_File_GOOSE) is
     * read as untagged, as otb's flows keep no VLAN 0.
     */
    static List<String> reference(String stem, String proto) throws IOException {
        return Files.readAllLines(GOLDEN.resolve(stem).resolve(proto + ".tsv")).stream().skip(1)
                .filter(l -> !l.isBlank())
                .map(l -> proto.equals("goose") ? l.replaceFirst("^([^\t]*\t[^\t]*)\t0\t", "$1\t\t") : l)
                .toList();
    }

    /** otb's rows in the columns of the reference, from the records' fields. */
    static List<String> rows(List<OtEvent> events, String proto) {
        String wireName = proto.equals("pn_dcp") ? "pn-dcp" : proto;
        Function<OtMessage, List<Object>> columns = switch (proto) {
            case "goose" -> Layer2GoldenTest::gooseColumns;
            case "pn_dcp" -> Layer2GoldenTest::dcpColumns;
            default -> Layer2GoldenTest::lldpColumns;
        };
        List<String> rows = new ArrayList<>();
        for (OtEvent event : events) {
            if (event instanceof OtMessage message && message.protocol().wireName().equals(wireName)) {
                List<String> cells = new ArrayList<>();
                for (Object cell : columns.apply(message)) {
                    cells.add(String.valueOf(cell));
                }
                rows.add(String.join("\t", cells));
            }
        }
        return rows;
    }

    private static String flag(Object value) {
        return Boolean.TRUE.equals(value) ? "1" : "0";
    }

    private static List<Object> gooseColumns(OtMessage m) {
        Map<String, Object> f = m.detail().fields();
        return List.of(m.frame(), m.src(), m.flow().vlan() == 0 ? "" : m.flow().vlan(),
                String.format("0x%04x", (Integer) f.get("app_id")), f.get("gocb_ref"), f.get("dat_set"),
                f.getOrDefault("go_id", ""), f.get("st_num"), f.get("sq_num"), f.get("time_allowed_to_live"),
                flag(f.get("test")), f.get("conf_rev"), flag(f.get("nds_com")), f.get("num_dat_set_entries"),
                flag(f.get("simulation")));
    }

    private static List<Object> dcpColumns(OtMessage m) {
        Map<String, Object> f = m.detail().fields();
        String serviceType = switch ((String) f.get("service_type")) {
            case "request" -> "0";
            case "response_success" -> "1";
            case "response_unsupported" -> "5";
            default -> "?";
        };
        return List.of(m.frame(), m.src(), f.get("frame_id"), m.function().getAsInt(), serviceType,
                String.format("0x%08x", (Long) f.get("xid")), f.getOrDefault("name_of_station", ""),
                f.getOrDefault("ip", ""),
                f.containsKey("vendor_id") ? String.format("0x%04x", (Integer) f.get("vendor_id")) : "",
                f.containsKey("device_id") ? String.format("0x%04x", (Integer) f.get("device_id")) : "");
    }

    private static List<Object> lldpColumns(OtMessage m) {
        Map<String, Object> f = m.detail().fields();
        boolean mac = Integer.valueOf(4).equals(f.get("chassis_id_subtype"));
        String chassis = (String) f.get("chassis_id");
        Object addresses = f.get("management_addresses");
        String firstIpv4 = addresses instanceof List<?> list && !list.isEmpty() && !list.get(0).toString().contains(":")
                ? list.get(0).toString() : "";
        // Wireshark shows a MAC chassis id as the MAC, any other as its octets in hex.
        return List.of(m.frame(), m.src(), mac ? chassis : "",
                mac ? chassis.replace(":", "") : HexFormat.of().formatHex(chassis.getBytes(StandardCharsets.UTF_8)),
                f.get("port_id"), f.get("ttl"), f.getOrDefault("system_name", ""), firstIpv4);
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("references")
    void framesEqualWiresharkFieldForField(String capture, String stem, String proto) throws Exception {
        List<OtEvent> events = events(capture);
        Map<String, Integer> expected = counts(reference(stem, proto).stream());
        Map<String, Integer> actual = counts(rows(events, proto).stream());
        assertEquals(Map.of(), minus(expected, actual), "Wireshark frames otb does not give alike");
        assertEquals(Map.of(), minus(actual, expected), "otb frames Wireshark does not give alike");
        assertTrue(events.stream().noneMatch(e -> e instanceof Malformed), "no Malformed event");
    }

    /** At least 99.9% agreement overall (here: all), over a fixed number of frames. */
    @Test
    void agreementOverAllCapturesIsAtLeast999PerMille() throws Exception {
        long wireshark = 0;
        long agreeing = 0;
        for (Arguments arguments : references().toList()) {
            Object[] a = arguments.get();
            Map<String, Integer> expected = counts(reference((String) a[1], (String) a[2]).stream());
            Map<String, Integer> actual = counts(rows(events((String) a[0]), (String) a[2]).stream());
            long total = expected.values().stream().mapToLong(Integer::longValue).sum();
            wireshark += total;
            agreeing += total - minus(expected, actual).values().stream().mapToLong(Integer::longValue).sum();
        }
        System.out.println("Layer-2 agreement with Wireshark: " + agreeing + " of " + wireshark + " frames");
        assertEquals(493, wireshark, "GOOSE 460, DCP 18, LLDP 15");
        assertTrue(agreeing * 1000 >= wireshark * 999, agreeing + " of " + wireshark + " agree");
    }
}
