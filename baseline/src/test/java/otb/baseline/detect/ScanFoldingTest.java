package otb.baseline.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.baseline.Detection.describe;
import static otb.baseline.Detection.detect;
import static otb.baseline.Detection.learn;
import static otb.baseline.Detection.of;
import static otb.baseline.Plant.MILLI;

import java.util.List;
import otb.baseline.Plant;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.cells.Cells;
import otb.baseline.model.Baseline;
import otb.capture.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: a scan of many addresses and ports from one source is a handful of alerts, not one
 * per probe (it was one CROSS_CELL_CONVERSATION per SYN); distinct flows beyond the open-alert
 * budget fold into one alert per kind and one BUDGET_EXCEEDED.
 */
class ScanFoldingTest {
    private static final int[] PORTS = {502, 102, 20000, 22, 80, 443, 21, 23};

    @Test
    void aScanOfManyAddressesAndPortsIsAHandfulOfAlerts() {
        Plant plant = new Plant(7);
        Baseline baseline = learn(plant, Cells.automatic(), 50);
        IpAddress scanner = IpAddress.parse("10.99.0.66");
        int hosts = 2048;
        List<Alert> alerts = detect(baseline, Cells.automatic(), out -> {
            int clientPort = 40000;
            for (int port : PORTS) {
                for (int host = 0; host < hosts; host++) {
                    IpAddress target = IpAddress.ipv4((10 << 24) | (10 << 16) | host);
                    plant.now += MILLI / 100;
                    out.accept(plant.started(plant.flow(scanner, clientPort++, target, port)));
                }
            }
        });
        int probes = PORTS.length * hosts;
        assertTrue(alerts.size() <= 25, probes + " probes made " + alerts.size() + " alerts:" + describe(alerts.subList(0,
                Math.min(40, alerts.size()))));
        List<Alert> scans = of(alerts, AlertKind.SCAN);
        assertEquals(1, scans.size(), describe(alerts));
        Alert scan = scans.get(0);
        assertEquals(scanner.toString(), scan.src());
        String detail = scan.detail();
        assertTrue(detail.startsWith(probes + " novel hosts/ports from 10.99.0.66"), detail);
        assertTrue(detail.contains("servers 10.10.0.0..10.10.7.255"), detail);
        assertTrue(detail.contains("ports 21,22,23,80,102,443,502,20000"), detail);
        assertTrue(detail.contains("per second"), detail);
        assertTrue(detail.contains("frames "), detail);
        assertTrue(scan.count() > probes - 20, "count " + scan.count());
    }

    @Test
    void aFloodOfDistinctFlowsIsOneFloodAlert() {
        Plant plant = new Plant(7);
        Baseline baseline = learn(plant, Cells.automatic(), 50);
        int flows = 20_000;
        List<Alert> alerts = detect(baseline, Cells.automatic(), out -> {
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < flows; i++) {
                IpAddress client = IpAddress.ipv4((172 << 24) | random.nextInt(1 << 24));
                IpAddress server = IpAddress.ipv4((10 << 24) | random.nextInt(1 << 24));
                plant.now += MILLI / 100;   // 100,000 new flows a second (mk_big.py syn)
                out.accept(plant.started(plant.flow(client, 1024 + i % 60000, server, 1 + random.nextInt(65000))));
            }
        });
        // the first second's 50 new conversations (and their assets) are raised before it is a flood
        assertTrue(alerts.size() <= 160, alerts.size() + " alerts");
        List<Alert> floods = of(alerts, AlertKind.FLOOD);
        assertEquals(1, floods.size(), describe(alerts));
        assertTrue(floods.get(0).detail().startsWith((flows - 50) + " new conversations in "), floods.get(0).detail());
        assertTrue(floods.get(0).detail().contains("folded in: "), floods.get(0).detail());
    }

    @Test
    void distinctFlowsBeyondTheOpenAlertBudgetFoldIntoOneAlertPerKind() {
        Plant plant = new Plant(7);
        Baseline baseline = learn(plant, Cells.automatic(), 50);
        int budget = 500;
        DetectionConfig config = DetectionConfig.defaults().toBuilder().maxOpenAlerts(budget).build();
        int flows = 5000;
        List<Alert> alerts = detect(baseline, Cells.automatic(), config, out -> {
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < flows; i++) {
                // a new client for every flow: no scan, every flow its own novelties
                IpAddress client = IpAddress.ipv4((172 << 24) | random.nextInt(1 << 24));
                IpAddress server = IpAddress.ipv4((10 << 24) | random.nextInt(1 << 24));
                plant.now += 100 * MILLI;   // 10 a second: not a flood, each its own alerts
                out.accept(plant.started(plant.flow(client, 1024 + i % 60000, server, 1 + random.nextInt(65000))));
            }
        });
        assertTrue(alerts.size() <= budget + 10, alerts.size() + " alerts");
        List<Alert> budgets = of(alerts, AlertKind.BUDGET_EXCEEDED);
        assertEquals(1, budgets.size(), describe(budgets));
        assertTrue(budgets.get(0).detail().startsWith("open alerts budget of 500 reached"), budgets.get(0).detail());
        long folded = alerts.stream().filter(alert -> alert.key().startsWith("overflow|")).mapToLong(Alert::count)
                .sum();
        assertTrue(folded > flows, "folded " + folded);
    }
}
