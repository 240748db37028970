package otb.baseline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.baseline.Plant.MILLI;
import static otb.baseline.Plant.SECOND;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import otb.baseline.Detection;
import otb.baseline.Plant;
import otb.baseline.alert.Alert;
import otb.baseline.cells.Cells;
import otb.baseline.diff.BaselineDiff;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import org.junit.jupiter.api.Test;

/** Approving an alert folds its fact into the baseline: the same traffic then raises nothing of it. */
class FoldingTest {

    /** The stored text of a fact does not depend on the order its map iterates in (regression: it did). */
    @Test
    void aFactIsEncodedInKeyOrder() {
        Map<String, String> forward = new java.util.LinkedHashMap<>();
        forward.put("type", "function");
        forward.put("client", "10.0.0.1");
        forward.put("code", "5");
        Map<String, String> backward = new java.util.LinkedHashMap<>();
        backward.put("code", "5");
        backward.put("client", "10.0.0.1");
        backward.put("type", "function");
        assertEquals("client=10.0.0.1\tcode=5\ttype=function", Folding.encode(forward));
        assertEquals(Folding.encode(forward), Folding.encode(backward));
    }

    @Test
    void everyFoldedFactSilencesItsAlert() throws Exception {
        Plant plant = new Plant(7);
        Cells cells = Cells.automatic();
        Baseline baseline = Detection.learn(plant, cells, 1200);
        List<OtEvent> traffic = new ArrayList<>();
        plant.run(5, traffic::add);
        Flow intruder = plant.flow(IpAddress.parse("10.0.1.99"), 50001, Plant.PLC, 502);
        traffic.add(plant.started(intruder));
        traffic.add(plant.request(intruder, plant.now + MILLI, 3, "read_holding_registers", OperationClass.READ, 1)
                .range("holding_register", 0, 4).build());
        plant.write(plant.now + 10 * MILLI, 11, 15, traffic::add);                 // never-written register
        traffic.add(plant.request(plant.flowB, plant.now + MILLI, 6, "write_single_register", OperationClass.WRITE,
                plant.nextTxid()).range("holding_register", 1, 1).value("holding_register", 1, 0).build());
        OtMessage read = plant.request(plant.flowA, plant.now + SECOND, 3, "read_holding_registers",
                OperationClass.READ, plant.nextTxid()).range("holding_register", 0, 4).build();
        traffic.add(read);
        traffic.add(plant.readResponse(plant.flowA, plant.now + 5 * MILLI, read, 500, plant.counter, 0, 42));

        List<Alert> first = Detection.detect(baseline, cells, out -> traffic.forEach(out));
        List<String> kinds = first.stream().map(alert -> alert.kind().name()).sorted().toList();
        assertEquals(List.of("NEW_ASSET", "NEW_CONVERSATION", "NEW_WRITER", "VALUE_OUT_OF_RANGE",
                "WRITE_OUTSIDE_LEARNED_RANGE"), kinds, Detection.describe(first));

        Baseline approved = baseline.copy();
        for (Alert alert : first) {
            // through the stored text form, as approval does
            Map<String, String> fact = Folding.decode(Folding.encode(alert.fold()));
            assertTrue(Folding.apply(approved, fact), "a fact to fold: " + alert.jsonLine());
        }
        List<Alert> again = Detection.detect(approved, cells, out -> traffic.forEach(out));
        assertEquals(List.of(), again, Detection.describe(again));
        assertTrue(BaselineDiff.compare(baseline, approved).section("assets").size() == 1);
    }
}
