package otb.baseline.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import otb.baseline.Detection;
import otb.baseline.Plant;
import otb.baseline.cells.Cells;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.capture.IpAddress;
import otb.dissect.OperationClass;
import org.junit.jupiter.api.Test;

/** Diffing two baselines of the same plant a week apart, one thing changed per section. */
class BaselineDiffTest {

    @Test
    void reportsWhatChangedAndNothingElse() {
        Cells cells = Cells.automatic();
        Baseline before = Detection.learn(new Plant(7), cells, 1200);

        Plant later = new Plant(7);
        Learner learner = new Learner(cells, new Baseline());
        later.open(learner);
        later.cycleNanos = 2 * Plant.SECOND;                      // polling twice as slow
        later.run(1200, learner);
        // a new client reading input registers of the second PLC, with a new function
        var flow = later.flow(IpAddress.parse("10.0.1.12"), 41000, Plant.PLC2, 502);
        learner.accept(later.started(flow));
        learner.accept(later.request(later.flowB, later.now, 43, "read_device_identification",
                OperationClass.DIAGNOSTIC, later.nextTxid()).build());
        Baseline after = learner.baseline();

        BaselineDiff diff = BaselineDiff.compare(before, after);
        assertEquals(List.of("10.0.1.12"), diff.section("assets").stream().map(BaselineDiff.Change::subject).toList());
        assertEquals(List.of("added"), diff.section("assets").stream().map(BaselineDiff.Change::change).toList());
        assertEquals(1, diff.section("ip_conversations").size());
        assertEquals(List.of("10.0.1.10 -> 10.0.1.21 modbus unit 1: 43 read_device_identification"),
                diff.section("functions").stream().map(BaselineDiff.Change::subject).toList());
        List<BaselineDiff.Change> timing = diff.section("timing");
        assertEquals(3, timing.size(), "both polls and the setpoint writes slowed: " + diff.json());
        assertTrue(timing.get(0).before().startsWith("median 1.0") && timing.get(0).after().startsWith("median 2.0"),
                timing.get(0).toString());
        assertTrue(diff.section("latency").isEmpty(), "latency did not change: " + diff.json());
        assertTrue(diff.section("conversations").isEmpty());
        assertTrue(BaselineDiff.compare(before, before.copy()).isEmpty());
        assertTrue(diff.json().startsWith("{\"counts\":{\"assets\":1,"), diff.json());
    }
}
