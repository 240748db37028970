package otb.baseline.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.baseline.Detection.describe;
import static otb.baseline.Detection.detect;
import static otb.baseline.Detection.of;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.cells.Cells;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.baseline.model.SequenceDiscipline;
import otb.baseline.model.SequenceKey;
import otb.capture.CaptureFiles;
import otb.capture.IpAddress;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.OtEvent;
import otb.dissect.iec104.Iec104Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IEC 104 receive sequence numbers N(R) on a real capture (090813_diverse.pcap, one connection
 * 10.0.0.10:1075 -> 10.0.0.10:2404 caught mid-way, N(S) of the controlled station 77..130, of the
 * controlling station 20..39, as tshark shows iec60870_104.tx/rx): each side acknowledges only I
 * frames the other sent, never fewer than before. A copy of the capture whose frame 160 (the
 * controlled station's I frame N(S) 124, N(R) 39) acknowledges up to 45 instead, I frames the
 * controlling station never sent, is what an injected or replayed frame of another numbering
 * looks like.
 */
class Iec104AcknowledgementTest {
    private static final Path CAPTURE = Path.of("fixtures/pcaps/other/090813_diverse.pcap");
    private static final IpAddress HOST = IpAddress.parse("10.0.0.10");
    private final Cells cells = Cells.automatic();

    @TempDir
    Path dir;

    private static List<OtEvent> events(Path capture) throws Exception {
        List<OtEvent> events = new ArrayList<>();
        Dissection dissection = Dissection.withDefaults(events::add);
        try (PacketSource source = CaptureFiles.open(capture)) {
            dissection.process(source);
        }
        dissection.finish();
        return events;
    }

    private Baseline learned() throws Exception {
        Learner learner = new Learner(cells, new Baseline());
        events(CAPTURE).forEach(learner);
        return learner.baseline();
    }

    @Test
    void theControlledStationAcknowledgesOnlyWhatWasSent() throws Exception {
        Baseline baseline = learned();
        SequenceDiscipline server = baseline.sequence(
                new SequenceKey(HOST, HOST, Iec104Protocol.DESCRIPTOR, "receive_sequence", false));
        assertTrue(server.kept(), server.describeAcknowledgements());
        assertTrue(server.describeAcknowledgements().startsWith("acknowledges only frames sent, never fewer than before, in"),
                server.describeAcknowledgements());
        List<OtEvent> events = events(CAPTURE);
        List<Alert> alerts = detect(baseline, cells, out -> events.forEach(out));
        assertEquals(List.of(), of(alerts, AlertKind.SEQUENCE_ANOMALY), describe(alerts));
    }

    @Test
    void anAcknowledgementOfFramesNeverSentIsASequenceAnomaly() throws Exception {
        Baseline baseline = learned();
        Path forged = dir.resolve("forged.pcap");
        Files.write(forged, withReceiveSequence(Files.readAllBytes(CAPTURE), 160, 45));
        List<OtEvent> events = events(forged);
        List<Alert> alerts = detect(baseline, cells, out -> events.forEach(out));
        List<Alert> anomalies = of(alerts, AlertKind.SEQUENCE_ANOMALY);
        assertEquals(1, anomalies.size(), describe(alerts));
        Alert alert = anomalies.get(0);
        assertTrue(alert.detail().startsWith("receive_sequence 45 acknowledges frames the client never sent"
                + " (its next send_sequence is 39)"), alert.detail());
        assertTrue(alert.baselineFact().startsWith("receive_sequence of server 10.0.0.10 acknowledges only frames sent"),
                alert.baselineFact());
        // the frames after it acknowledge 39 again: fewer than the forged one, folded into the alert
        assertEquals(2, alert.count(), describe(alerts));
    }

    /**
     * The capture with the N(R) of one frame's APDU replaced: classic pcap, Ethernet, IPv4, TCP,
     * the APDU at the start of the TCP payload (control octets 3 and 4 hold N(R) shifted left by one).
     */
    private static byte[] withReceiveSequence(byte[] pcap, int frameNumber, int receiveSequence) {
        ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b2c3d4, in.getInt(0), "little-endian classic pcap");
        int at = 24;
        for (int frame = 1; frame < frameNumber; frame++) {
            at += 16 + in.getInt(at + 8);
        }
        int packet = at + 16;
        int ip = packet + 14;
        int tcp = ip + (pcap[ip] & 0x0f) * 4;
        int apdu = tcp + ((pcap[tcp + 12] >> 4) & 0x0f) * 4;
        assertEquals(0x68, pcap[apdu] & 0xff, "an APDU starts frame " + frameNumber);
        assertEquals(0, pcap[apdu + 2] & 1, "an I frame");
        byte[] copy = pcap.clone();
        copy[apdu + 4] = (byte) ((receiveSequence << 1) & 0xfe);
        copy[apdu + 5] = (byte) (receiveSequence >> 7);
        return copy;
    }
}
