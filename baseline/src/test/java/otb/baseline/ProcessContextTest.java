package otb.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertContext;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Incident;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCodec;
import otb.baseline.model.BaselineLimits;
import otb.baseline.model.PointCorrelation;
import otb.baseline.model.PointKey;
import otb.capture.IpAddress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Process context and incidents on the simulator's demo plant: the points that move together
 * are learned (bounded, stored, merged), alerts that touch a point carry the value before, the
 * value written or reported, the learned envelope and the correlated points at the alert and
 * after; the S7 program download is one incident with its steps in order.
 */
class ProcessContextTest {
    static Cells cells;
    static Baseline learned;
    static List<Alert> alerts;

    @BeforeAll
    static void learnAndAnalyse() throws Exception {
        cells = Cells.load(DemoCaptureTest.DEMO.resolve("cells.conf"));
        Learner learner = new Learner(cells, new Baseline());
        DemoCaptureTest.feed(DemoCaptureTest.DEMO.resolve("demo-learn.pcap"), learner);
        learned = learner.baseline();
        alerts = DemoCaptureTest.analyse(learned, cells, DemoCaptureTest.DEMO.resolve("demo-attack.pcap"));
    }

    static PointKey setpoint() {
        // the line1 HMI writes holding register 100 of the PLC 10.10.1.21 (demo README)
        return learned.points().keySet().stream().filter(key -> key.server().equals(IpAddress.parse("10.10.1.21"))
                && key.space().equals("holding_register") && key.address() == 100).findFirst().orElseThrow();
    }

    @Test
    void pointsThatMoveTogetherAreLearnedBoundedPerPoint() {
        Map<PointKey, PointCorrelation> all = learned.correlations().all();
        assertFalse(all.isEmpty());
        for (Map.Entry<PointKey, PointCorrelation> entry : all.entrySet()) {
            List<PointCorrelation.Partner> partners = entry.getValue().partners();
            assertTrue(partners.size() <= PointCorrelation.PARTNERS, entry.getKey() + ": " + partners);
            for (PointCorrelation.Partner partner : partners) {
                assertEquals(entry.getKey().server(), partner.point().server(), "partners are of the same server");
                assertNotEquals(entry.getKey(), partner.point(), "a point is not its own partner");
                assertTrue(partner.together() > 0);
            }
            assertTrue(learned.points().containsKey(entry.getKey()), "only learned points: " + entry.getKey());
        }
        PointCorrelation setpoint = learned.correlations().of(setpoint());
        assertTrue(setpoint.changes() > 0, "the setpoint changed while learning");
        // the process values of the same PLC follow the setpoint's changes
        assertTrue(setpoint.partners().stream().anyMatch(p -> p.point().space().equals("input_register")),
                setpoint.partners().toString());
    }

    @Test
    void correlationsSurviveTheSnapshotCodecAndMergeByAdding() throws Exception {
        Baseline decoded = BaselineCodec.decode(BaselineCodec.encode(learned), BaselineLimits.defaults());
        assertEquals(learned.correlations().all().keySet(), decoded.correlations().all().keySet());
        for (Map.Entry<PointKey, PointCorrelation> entry : learned.correlations().all().entrySet()) {
            PointCorrelation back = decoded.correlations().of(entry.getKey());
            assertEquals(entry.getValue().partners(), back.partners(), entry.getKey().toString());
            assertEquals(entry.getValue().changes(), back.changes());
        }
        Baseline twice = learned.copy();
        twice.merge(learned);
        PointCorrelation once = learned.correlations().of(setpoint());
        PointCorrelation doubled = twice.correlations().of(setpoint());
        assertEquals(2 * once.changes(), doubled.changes());
        assertEquals(2 * once.partners().get(0).together(), doubled.partners().get(0).together());
        assertEquals(once.partners().get(0).point(), doubled.partners().get(0).point());
    }

    @Test
    void aWriteOutsideTheLearnedValuesCarriesItsProcessContext() {
        // setpoint_out_of_range: 1450 written to holding_register:100, learned {720, 730, 740}
        Alert write = alerts.stream().filter(a -> a.kind() == AlertKind.WRITE_OUTSIDE_LEARNED_RANGE
                && a.detail().equals("writes 1450 to holding_register:100")).findFirst().orElseThrow();
        AlertContext context = write.context();
        assertEquals("holding_register:100", context.point());
        assertEquals(1450, context.value().getAsDouble());
        double before = context.before().getAsDouble();
        assertTrue(before == 720 || before == 730 || before == 740, "the value before is a learned one: " + before);
        assertEquals("enumeration values {720, 730, 740}", context.learned());
        assertFalse(context.related().isEmpty());
        assertTrue(context.related().size() <= PointCorrelation.PARTNERS);
        for (AlertContext.Related related : context.related()) {
            assertTrue(related.atAlert().isPresent(), related.toString());
            assertTrue(related.after().isPresent(), related.toString());
        }
        assertTrue(context.related().stream().anyMatch(r -> r.after().getAsDouble() != r.atAlert().getAsDouble()),
                "the related process values moved in the 10 s after the write: " + context.related());
        // in every output form
        assertTrue(write.jsonLine().contains("\"context\":{\"point\":\"holding_register:100\",\"before\":"),
                write.jsonLine());
        assertTrue(context.compact().startsWith("holding_register:100 " + AlertContext.number(context.before())
                + "->1450 learned enumeration values {720, 730, 740}; with "), context.compact());
        // the value read back afterwards is out of range too, with its own context
        Alert readBack = alerts.stream().filter(a -> a.kind() == AlertKind.VALUE_OUT_OF_RANGE
                && a.detail().equals("holding_register:100 = 1450")).findFirst().orElseThrow();
        assertEquals(1450, readBack.context().value().getAsDouble());
    }

    @Test
    void alertsRaisedOnAWriteCarryTheContextOfThePointWritten() {
        // new_writer: the read-only display hmi-1b writes register 100; replayed_command: hmi-1's
        // last setpoint write, same bytes, on a new connection (demo README)
        for (AlertKind kind : List.of(AlertKind.NEW_WRITER, AlertKind.REPLAYED_COMMAND)) {
            Alert write = alerts.stream().filter(a -> a.kind() == kind).findFirst().orElseThrow();
            assertTrue(write.detail().contains("holding_register:100+1"), write.jsonLine());
            AlertContext context = write.context();
            assertEquals("holding_register:100", context.point(), write.jsonLine());
            double value = context.value().getAsDouble();
            assertTrue(value == 720 || value == 730 || value == 740, "a learned setpoint written: " + value);
            assertTrue(context.before().isPresent(), "the setpoint's value before, as last read: " + write.jsonLine());
            assertEquals("enumeration values {720, 730, 740}", context.learned());
            assertFalse(context.related().isEmpty(), write.jsonLine());
            assertTrue(context.related().stream().allMatch(r -> r.atAlert().isPresent() && r.after().isPresent()),
                    write.jsonLine());
            assertTrue(write.jsonLine().contains(",\"context\":{\"point\":\"holding_register:100\","),
                    write.jsonLine());
        }
    }

    @Test
    void alertsTouchingNoPointHaveNoContext() {
        // kinds raised on hosts, conversations or time, never on one message's points
        List<AlertKind> pointless = List.of(AlertKind.NEW_ASSET, AlertKind.SCAN, AlertKind.FLOOD,
                AlertKind.CHANNEL_SILENT, AlertKind.NO_RESPONSE, AlertKind.EXCEPTION_BURST, AlertKind.MALFORMED,
                AlertKind.CAPTURE_LOSS, AlertKind.NO_TRAFFIC, AlertKind.BUDGET_EXCEEDED);
        int withContext = 0;
        for (Alert alert : alerts) {
            if (pointless.contains(alert.kind())) {
                assertTrue(alert.context().isEmpty(), alert.jsonLine());
            }
            // a request that reads nothing and writes nothing (a read of the device identification,
            // a DNP3 disable_unsolicited, a PLC stop, a new conversation opened by a read) has none
            if (alert.kind() == AlertKind.NEW_FUNCTION_CODE || alert.kind() == AlertKind.PROGRAM_OR_STOP
                    || alert.kind() == AlertKind.NEW_CONVERSATION || alert.kind() == AlertKind.CROSS_CELL_CONVERSATION) {
                assertTrue(alert.context().isEmpty(), alert.jsonLine());
            }
            assertEquals(!alert.context().isEmpty(), alert.jsonLine().contains("\"context\""), alert.jsonLine());
            withContext += alert.context().isEmpty() ? 0 : 1;
        }
        // the write, the value read back, the frozen and replayed values, the new writer, the replay
        assertEquals(6, withContext, alerts.toString());
    }

    @Test
    void theProgramDownloadIsOneIncidentWithItsStepsInOrder() throws Exception {
        List<Incident> incidents = Incident.of(alerts);
        Incident download = incidents.stream().filter(i -> i.steps().stream()
                .anyMatch(a -> a.functionName().equals("download_block"))).findFirst().orElseThrow();
        List<String> steps = download.steps().stream().map(Incident::stepText).toList();
        // connect (a cross-cell conversation from the engineering station), stop, download, start
        assertEquals("CROSS_CELL_CONVERSATION", steps.get(0), steps.toString());
        assertTrue(steps.indexOf("PROGRAM_OR_STOP plc_stop") < steps.indexOf("PROGRAM_OR_STOP download_block"),
                steps.toString());
        assertTrue(steps.indexOf("PROGRAM_OR_STOP request_download") >= 0, steps.toString());
        assertEquals(Severity.CRITICAL, download.severity());
        assertEquals(download.first().id(), download.id(), "an incident's id is its first alert's");
        for (Alert step : download.steps()) {
            assertEquals(download.id(), step.incident());
            assertEquals("10.50.0.20", step.src());
            assertTrue(step.jsonLine().endsWith(",\"incident\":\"" + download.id() + "\"}"), step.jsonLine());
        }
        // alerts still exist one by one, and the incidents are fewer
        assertTrue(incidents.size() < alerts.size(), incidents.size() + " incidents of " + alerts.size());
        // deterministic: the same input gives the same alerts in the same incidents
        List<Alert> again = DemoCaptureTest.analyse(learned, cells, DemoCaptureTest.DEMO.resolve("demo-attack.pcap"));
        assertEquals(alerts.stream().map(a -> a.id() + "/" + a.incident()).toList(),
                again.stream().map(a -> a.id() + "/" + a.incident()).toList());
    }
}
