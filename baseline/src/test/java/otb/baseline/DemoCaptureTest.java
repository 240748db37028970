package otb.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.baseline.alert.Alert;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.detect.Detector;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.OtEvent;
import org.junit.jupiter.api.Test;

/**
 * The simulator's labelled demo plant (fixtures/pcaps/demo): learn the clean capture with the
 * plant's cells file, analyse the attack capture; every injected scenario raises its expected
 * alert kind within its labelled time range, and analysing the clean capture raises nothing.
 */
class DemoCaptureTest {
    static final Path DEMO = Path.of("fixtures/pcaps/demo");

    /** One labelled scenario. */
    record Label(String kind, String expectedAlert, long startNanos, long endNanos, String src, String dst) {
        boolean covers(Alert alert) {
            return alert.firstNanos() >= startNanos && alert.firstNanos() <= endNanos;
        }
    }

    static List<Label> labels(Path file) throws Exception {
        String json = Files.readString(file);
        String events = json.substring(json.indexOf("\"events\""));
        Matcher matcher = Pattern.compile("\"kind\": \"(\\w+)\",\\s*\"expected_alert\": \"(\\w+)\",\\s*"
                + "\"start\": \"([^\"]+)\",\\s*\"end\": \"([^\"]+)\",\\s*\"src\": \"([^\"]+)\",\\s*"
                + "\"dst\": \"([^\"]+)\"").matcher(events);
        List<Label> labels = new ArrayList<>();
        while (matcher.find()) {
            labels.add(new Label(matcher.group(1), matcher.group(2), nanos(matcher.group(3)), nanos(matcher.group(4)),
                    matcher.group(5), matcher.group(6)));
        }
        return labels;
    }

    static long nanos(String iso) {
        Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static void feed(Path capture, java.util.function.Consumer<OtEvent> out) throws Exception {
        Dissection dissection = Dissection.withDefaults(out);
        try (PacketSource source = CaptureFiles.open(capture)) {
            dissection.process(source);
        }
        dissection.finish();
    }

    static List<Alert> analyse(Baseline baseline, Cells cells, Path capture) throws Exception {
        Detection.Collecting sink = new Detection.Collecting();
        Detector detector = new Detector(cells, baseline, DetectionConfig.defaults(), List.of(sink));
        feed(capture, detector);
        detector.finish();
        return sink.alerts;
    }

    @Test
    void everyScenarioRaisesItsAlertAndTheCleanCaptureNothing() throws Exception {
        Cells cells = Cells.load(DEMO.resolve("cells.conf"));
        Learner learner = new Learner(cells, new Baseline());
        feed(DEMO.resolve("demo-learn.pcap"), learner);
        Baseline baseline = learner.baseline();

        List<Alert> clean = analyse(baseline, cells, DEMO.resolve("demo-learn.pcap"));
        assertEquals(List.of(), clean, "the learned capture itself:" + Detection.describe(clean));

        List<Alert> alerts = analyse(baseline, cells, DEMO.resolve("demo-attack.pcap"));
        List<Label> labels = labels(DEMO.resolve("demo-attack.labels.json"));
        assertEquals(18, labels.size());
        List<Alert> explained = new ArrayList<>();
        for (Label label : labels) {
            List<Alert> matching = alerts.stream().filter(alert -> alert.kind().name().equals(label.expectedAlert())
                    && label.covers(alert)).toList();
            assertTrue(!matching.isEmpty(), label + " raised no " + label.expectedAlert() + ":" + Detection.describe(alerts));
            explained.addAll(matching);
        }
        // The other alerts are side effects of the same scenarios, between the same hosts, during them:
        // - NEW_CONVERSATION 10.10.1.99 -> plc-1a: the new device (new_device) also opens a conversation;
        // - VALUE_OUT_OF_RANGE plc-1a: the reads show the setpoint 1450 (setpoint_out_of_range) until restored;
        // - CROSS_CELL_CONVERSATION ews -> plc-2a: the PLC stop comes from the eng cell into line2 (plc_stop);
        // - CROSS_CELL_CONVERSATION ews -> plc-1b: the scan comes from the eng cell into line1 (scan).
        List<Alert> others = alerts.stream().filter(alert -> !explained.contains(alert)).toList();
        assertEquals(List.of("NEW_CONVERSATION", "VALUE_OUT_OF_RANGE", "CROSS_CELL_CONVERSATION", "CROSS_CELL_CONVERSATION"),
                others.stream().map(alert -> alert.kind().name()).toList(), Detection.describe(others));
        for (Alert other : others) {
            assertTrue(labels.stream().anyMatch(label -> label.covers(other) && label.src().equals(other.src())
                    && label.dst().equals(other.dst())), "explained by a scenario: " + other.jsonLine());
        }
    }
}
