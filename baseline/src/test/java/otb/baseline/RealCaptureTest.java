package otb.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import otb.baseline.alert.Alert;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.detect.Detector;
import otb.baseline.learn.Learner;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.CellProgress;
import otb.baseline.model.Conversation;
import otb.capture.CaptureFiles;
import otb.capture.IpAddress;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.s7comm.S7Protocols;
import org.junit.jupiter.api.Test;

/**
 * End to end on real captures: the capture engine and the dissectors feed a learner with the
 * first half of a capture (by capture time) and a detector with the rest. Every alert is
 * expected and explained; anything more or less fails.
 */
class RealCaptureTest {

    /** What one capture gave: the learned baseline, the alerts, the messages detected on. */
    record Outcome(Baseline baseline, List<Alert> alerts, long detectedMessages) {
    }

    static Outcome learnFirstHalfAnalyseRest(String capture) throws Exception {
        return learnFirstHalfAnalyseRest(capture, false);
    }

    /** With {@code byEvents}, the first half is the first half of the events, not of the time. */
    static Outcome learnFirstHalfAnalyseRest(String capture, boolean byEvents) throws Exception {
        List<OtEvent> events = new ArrayList<>();
        Dissection dissection = Dissection.withDefaults(event -> events.add(event));
        try (PacketSource source = CaptureFiles.open(Path.of("fixtures/pcaps", capture))) {
            dissection.process(source);
        }
        dissection.finish();
        long first = events.get(0).timestampNanos();
        long last = events.get(events.size() - 1).timestampNanos();
        long split = byEvents ? events.get(events.size() / 2).timestampNanos() : first + (last - first) / 2;
        Learner learner = new Learner(Cells.automatic(), new Baseline());
        Detection.Collecting sink = new Detection.Collecting();
        Detector detector = new Detector(Cells.automatic(), learner.baseline(), DetectionConfig.defaults(), List.of(sink));
        long detected = 0;
        for (OtEvent event : events) {
            if (event.timestampNanos() < split) {
                learner.accept(event);
            } else {
                detector.accept(event);
                detected += event instanceof OtMessage ? 1 : 0;
            }
        }
        detector.finish();
        return new Outcome(learner.baseline(), sink.alerts, detected);
    }

    @Test
    void winccS400ProductionSecondHourIsQuiet() throws Exception {
        Outcome outcome = learnFirstHalfAnalyseRest("s7comm/wincc_s400_production.pcapng");
        Baseline baseline = outcome.baseline();
        // one WinCC station reading, subscribing and writing to one S7-400 over one connection
        assertEquals(2, baseline.assets().size());
        Conversation conversation = baseline.conversations().get(0);
        assertEquals(S7Protocols.S7COMM, conversation.key().protocol());
        assertTrue(conversation.writes(), "write_var learned in the first hour");
        assertTrue(baseline.asset(conversation.key().server()).roles().contains("s7_plc"));
        assertTrue(outcome.detectedMessages() > 400, "second half analysed: " + outcome.detectedMessages());
        // The second hour repeats the first: the same reads, writes, SZL reads and subscriptions.
        // The subscription management requests (change_driven_transfer*, unsubscribe) are not
        // periodic (their learned 99th percentile intervals are minutes), so their pauses are not
        // silences.
        assertEquals(List.of(), outcome.alerts(), Detection.describe(outcome.alerts()));
    }

    @Test
    void dnp3MasterThatReconnectsAndRepeatsItselfRaisesNoReplay() throws Exception {
        // by events: the capture's first minute by time holds only polls, the controls start later
        Outcome outcome = learnFirstHalfAnalyseRest("dnp3/dnp3_example.pcap", true);
        // The master 10.10.20.5 opens a new TCP connection every ~2.4 s and sends the same
        // select/operate sequence with the same 4-bit application sequence numbers each time.
        // Learning sees that habit (identical commands on several connections), so the copies in
        // the second half are not replays (without the rule: REPLAYED_COMMAND alerts).
        assertTrue(outcome.baseline().conversations().get(0).writes(), "controls learned in the first half");
        assertEquals(List.of(), outcome.alerts(), Detection.describe(outcome.alerts()));
        // Its reconnect habit (tshark -z conv,tcp: connections start at 96.75, 98.20, 100.61,
        // 103.01, ... s, 2.4 s apart, after the long polling connection that started at 0 s):
        // a connection 2.4 s after the previous start is one the master opens anyway, one 0.2 s
        // after it is not.
        otb.baseline.model.ReconnectHabit habit = outcome.baseline().ipConversation(new otb.baseline.model.IpConversationKey(
                IpAddress.parse("10.10.20.5"), IpAddress.parse("10.10.20.8"), otb.capture.Transport.TCP, 20000))
                .reconnects();
        assertTrue(habit.count() >= 2, habit.describe());
        assertTrue(habit.allows(2_404_000_000L), habit.describe());
        assertFalse(habit.allows(200_000_000L), habit.describe());
    }

    @Test
    void groupsAreNeitherAssetsNorConversationPartnersOnAnOfficeCapture() throws Exception {
        Outcome outcome = learnFirstHalfAnalyseRest("other/wrapup.pcapng");
        // The first half holds NetBIOS name queries to 192.168.0.255 (frames 8, 12, 18: a directed
        // broadcast, sent to the broadcast MAC): no device has that address.
        List<String> assets = outcome.baseline().assets().stream().map(a -> a.address().toString()).toList();
        assertTrue(assets.contains("192.168.0.16"), assets.toString());
        assertTrue(assets.stream().noneMatch(a -> a.endsWith(".255") || IpAddress.parse(a).isGroup()), assets.toString());
        // The second half's DHCPv6 Solicits from fe80::98a:de6e:a5a4:6cfa port 546 to ff02::1:2 port 547
        // (frames 8357..8728) go to a group: a new sender to a group is no new conversation, and no
        // cross-cell one (the group, taken for the server by its lower port, made one before).
        assertEquals(List.of(), outcome.alerts(), Detection.describe(outcome.alerts()));
    }

    @Test
    void s7commCleanReadVarPollingIsQuiet() throws Exception {
        Outcome outcome = learnFirstHalfAnalyseRest("s7comm/s7comm_clean.pcap");
        // 15 minutes of one HMI polling one PLC with the same read_var items: learning converges
        // within seconds and the second half departs from nothing
        CellProgress cell = outcome.baseline().cells().get("192.168.0.0/24");
        assertTrue(cell.completeness() > 0.99, "completeness " + cell.completeness());
        assertEquals(List.of(), outcome.alerts(), Detection.describe(outcome.alerts()));
    }

    @Test
    void modbusTcpSecondHalfRaisesFiveExplainedAlerts() throws Exception {
        Outcome outcome = learnFirstHalfAnalyseRest("modbus/ModbusTCP.pcap");
        // one master (141.81.0.10) polling 13 slaves; 42 s of learning is short, so values that
        // stayed put while learning count as constants
        assertEquals(14, outcome.baseline().assets().size());
        List<Alert> alerts = outcome.alerts();
        List<String> seen = alerts.stream().map(a -> a.kind() + " " + a.dst()).toList();
        // (a status word of 141.81.0.26 with 7 learned bit patterns shows an eighth, 57344, just
        // above them: with more than a few values it is judged by its envelope, and 57344 is
        // within the learned span widened by its largest step, so it raises nothing)
        assertEquals(List.of(
                // 11:03:43: the whole input register block of 141.81.0.46 changes at once (text
                // registers 3..57 and more, learned constant): one alert, counted per value
                "VALUE_OUT_OF_RANGE 141.81.0.46",
                // 141.81.0.44: registers 1103/1104 step from 1 to 2 and 10000 to 10001, constant
                // for the 42 s of learning
                "VALUE_OUT_OF_RANGE 141.81.0.44",
                // right after the block change the master reads 20 ranges of 141.81.0.46 it never
                // read while learning, within 0.4 s: an address sweep, as a reconnaissance would do
                "SCAN 141.81.0.46",
                // then it stops polling the learned signatures of 141.81.0.46 (its first connection
                // ends at 55.8 s); the 10 silent signatures fold into one alert
                "CHANNEL_SILENT 141.81.0.46",
                // 141.81.0.163: register 44, learned constant 48960, reads 48939 once
                "VALUE_OUT_OF_RANGE 141.81.0.163"), seen, Detection.describe(alerts));
        Alert block = alerts.get(0);
        assertEquals(110, block.count());
        assertEquals(11, block.frames().size());
        Alert silent = alerts.get(3);
        assertEquals(10, silent.count());
        assertEquals(IpAddress.parse("141.81.0.10").toString(), silent.src());
        assertTrue(alerts.stream().allMatch(a -> a.input().endsWith("ModbusTCP.pcap")));
    }

    @Test
    void s7IdentityFromSzlBecomesAssetIdentity() throws Exception {
        Learner learner = new Learner(Cells.automatic(), new Baseline());
        Dissection dissection = Dissection.withDefaults(learner);
        try (PacketSource source = CaptureFiles.open(Path.of("fixtures/pcaps/s7comm/s7ident.pcap"))) {
            dissection.process(source);
        }
        dissection.finish();
        List<Asset> plcs = learner.baseline().assets().stream().filter(a -> a.roles().contains("s7_plc")).toList();
        assertEquals(1, plcs.size());
        assertTrue(!plcs.get(0).identity().isEmpty(), "SZL identity kept: " + plcs.get(0).identity());
        System.out.println("identity " + plcs.get(0).identity());
    }
}
