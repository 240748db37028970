package otb.baseline.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import otb.baseline.Plant;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.cells.Cells;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineLimits;
import otb.capture.IpAddress;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtMessage;
import otb.capture.Direction;
import otb.dissect.modbus.ModbusProtocol;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: learning stays within its budgets whatever the traffic, and says once per budget
 * that it reached one (250,000 distinct flows made about 250,000 automatic /24 cells; one Modbus
 * connection sweeping registers ran learning out of memory).
 */
class LearningBudgetTest {
    @Test
    void aFloodOfDistinctFlowsMakesAtMostTheAutomaticCellBudgetOfCells() {
        int budget = 200;
        Learner learner = new Learner(Cells.automatic(),
                new Baseline(BaselineLimits.defaults().withMaxAutomaticCells(budget)));
        Plant plant = new Plant(3);
        Random random = new Random(1);
        int flows = 20_000;
        for (int i = 0; i < flows; i++) {
            IpAddress client = IpAddress.ipv4(random.nextInt());
            IpAddress server = IpAddress.ipv4((10 << 24) | random.nextInt(1 << 24));
            plant.now += 10_000;
            learner.accept(plant.started(plant.flow(client, 1024 + i % 60_000, server, 1 + random.nextInt(65_000))));
        }
        Baseline baseline = learner.baseline();
        assertTrue(baseline.cells().size() <= budget + 1, baseline.cells().size() + " cells");
        assertTrue(baseline.cells().containsKey(Baseline.OVERFLOW_CELL));
        assertEquals(flows, baseline.ipConversations().size(), "every flow still learned");
        List<Alert> alerts = learner.budgetAlerts("flood.pcap");
        assertEquals(1, alerts.size(), alerts.toString());
        Alert alert = alerts.get(0);
        assertEquals(AlertKind.BUDGET_EXCEEDED, alert.kind());
        assertTrue(alert.detail().startsWith("learning reached the automatic cells budget of 200: addresses of "
                + "further automatic cells are learned in the cell automatic-overflow"), alert.detail());
    }

    @Test
    void aRegisterSweepLearnsAtMostThePointBudget() {
        int budget = 5_000;
        Learner learner = new Learner(Cells.automatic(), new Baseline(BaselineLimits.defaults().withMaxPoints(budget)));
        Plant plant = new Plant(3);
        learner.accept(plant.started(plant.flowA));
        Random random = new Random(2);
        for (int request = 0; request < 2_000; request++) {
            OtMessage.Builder response = OtMessage.builder(Plant.INPUT, ++plant.frame, plant.now += 1_000_000,
                            plant.flowA, Direction.TO_CLIENT, ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE)
                    .unit(1).function(3, "read_holding_registers", OperationClass.READ);
            for (int register = 0; register < 10; register++) {
                response.value("hr", request * 10L + register, random.nextInt(65_536));
            }
            learner.accept(response.build());
        }
        Baseline baseline = learner.baseline();
        assertEquals(budget, baseline.points().size());
        assertEquals(20_000 - budget, baseline.droppedObjects());
        List<Alert> alerts = learner.budgetAlerts("sweep.pcap");
        assertEquals(1, alerts.size(), alerts.toString());
        assertTrue(alerts.get(0).detail().startsWith("learning reached the points budget of 5000"),
                alerts.get(0).detail());
    }
}
