package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS, NTP, SNMP, syslog and DHCP crossing automatic cells (one per /24, no cells file) are low
 * severity; other services crossing them stay high, and so do infrastructure services between
 * cells a cells file declares without a conduit for them. On the demo plant's attack capture,
 * whose hosts ask 10.50.0.2 (another /24) for the time (udp/123) and which holds Modbus and S7comm
 * between /24s, against a baseline that knows none of its conversations (learned from another
 * plant's capture).
 */
class InfrastructureServicesTest {
    private static final String OTHER_PLANT = "fixtures/pcaps/modbus/ModbusTCP.pcap";
    private static final String DEMO = "fixtures/pcaps/demo/demo-attack.pcap";

    @TempDir
    Path dir;

    private List<String> crossCellAlerts(String... cellsOption) throws Exception {
        String db = dir.resolve("plant" + cellsOption.length + ".db").toString();
        List<String> learn = new java.util.ArrayList<>(List.of("learn", OTHER_PLANT, "--db", db, "-q"));
        learn.addAll(List.of(cellsOption));
        CliRun learned = CliRun.run(learn.toArray(String[]::new));
        assertEquals(ExitCode.OK, learned.exitCode(), learned.err());
        Path jsonl = dir.resolve("alerts" + cellsOption.length + ".jsonl");
        CliRun analyze = CliRun.run("analyze", DEMO, "--db", db, "--no-store", "--jsonl", jsonl.toString(), "-q");
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        return Files.readAllLines(jsonl).stream().filter(l -> l.contains("\"kind\":\"CROSS_CELL_CONVERSATION\"")).toList();
    }

    private static List<String> withService(List<String> alerts, String service) {
        return alerts.stream().filter(l -> l.contains("\"proto\":\"" + service + "\"")).toList();
    }

    @Test
    void infrastructureBetweenAutomaticCellsIsLowOtherServicesStayHigh() throws Exception {
        List<String> alerts = crossCellAlerts();
        List<String> dns = withService(alerts, "dns");
        List<String> ntp = withService(alerts, "ntp");
        
        assertFalse(ntp.isEmpty(), "the demo plant's NTP crosses /24s: " + alerts);
        for (String alert : concat(dns, ntp)) {
            assertTrue(alert.contains("\"severity\":\"low\""), alert);
            assertTrue(alert.contains("(infrastructure service between automatic cells)"), alert);
        }
        List<String> others = alerts.stream().filter(l -> !dns.contains(l) && !ntp.contains(l)).toList();
        assertFalse(others.isEmpty(), "other services cross /24s too: " + alerts);
        for (String alert : others) {
            assertTrue(alert.contains("\"severity\":\"high\"") || alert.contains("\"severity\":\"critical\""), alert);
        }
    }

    @Test
    void aCellsFileThatDrawsTheCellsKeepsThemHigh() throws Exception {
        // the demo's cells without its conduit for DNS and NTP: the operator drew these zones
        String cells = Files.readString(Path.of("fixtures/pcaps/demo/cells.conf"))
                .replace("conduit * -> eng udp/53 udp/123", "");
        Path file = Files.writeString(dir.resolve("cells.conf"), cells);
        List<String> alerts = crossCellAlerts("--cells", file.toString());
        List<String> infrastructure = concat(withService(alerts, "dns"), withService(alerts, "ntp"));
        assertFalse(infrastructure.isEmpty(), alerts.toString());
        for (String alert : infrastructure) {
            assertFalse(alert.contains("\"severity\":\"low\""), alert);
            assertFalse(alert.contains("infrastructure service"), alert);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
