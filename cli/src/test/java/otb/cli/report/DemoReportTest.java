package otb.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import otb.baseline.model.Baseline;
import otb.baseline.store.BaselineStore;
import org.junit.jupiter.api.Test;

/**
 * The README's main job through the command line: {@code otb learn} the demo plant with its cells
 * file, {@code otb analyze} the capture with attacks, {@code otb report}; the page rendered in
 * Chromium has one map per configured cell, a node per asset and an edge per conversation.
 */
class DemoReportTest {
    private static final Path DEMO = Path.of("fixtures/pcaps/demo");

    @Test
    void demoPlantReport() throws Exception {
        Path directory = ReportCommandTest.targetDirectory().resolve("demo-report");
        Files.createDirectories(directory);
        Path database = directory.resolve("demo.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(directory.resolve("demo.db" + suffix));
        }
        Object[] learn = ReportCommandTest.otb("learn", DEMO.resolve("demo-learn.pcap").toString(), "--db",
                database.toString(), "--cells", DEMO.resolve("cells.conf").toString(), "--quiet");
        assertEquals(0, learn[0], (String) learn[1]);
        Object[] analyze = ReportCommandTest.otb("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db",
                database.toString(), "--quiet");
        assertTrue((int) analyze[0] == 0 || (int) analyze[0] == 1, (String) analyze[1]);
        Path html = directory.resolve("demo-report.html");
        Object[] report = ReportCommandTest.otb("report", "--db", database.toString(), "-o", html.toString());
        assertEquals(0, report[0], (String) report[1]);

        Baseline model;
        int alerts;
        List<otb.baseline.alert.Alert> stored;
        try (BaselineStore store = BaselineStore.open(database)) {
            model = store.loadLatest().baseline();
            stored = store.alerts(java.util.Optional.empty(), otb.baseline.alert.Severity.INFO, 100_000).stream()
                    .map(otb.baseline.store.StoredAlert::alert).toList();
            alerts = stored.size();
        }
        assertTrue(alerts >= 18, "the attack capture raises alerts for its scenarios: " + alerts);
        Chromium chromium = Chromium.find();
        Chromium.Run run = chromium.dumpDom(html);
        assertEquals(List.of(), run.consoleMessages());
        String dom = run.stdout();
        assertEquals(model.assets().size(), ReportCommandTest.countOf(dom, "class=\"asset-node\""));
        assertEquals(model.conversations().size(), ReportCommandTest.countOf(dom, "class=\"conversation-edge"));
        assertEquals(alerts, ReportCommandTest.countOf(dom, "class=\"alert-mark\""));
        Set<String> cells = new TreeSet<>();
        model.assets().forEach(asset -> cells.add(asset.cell()));
        for (String cell : List.of("line1", "line2", "substation", "eng")) {
            assertTrue(cells.contains(cell), cells.toString());
            assertTrue(dom.contains("data-cell=\"" + cell + "\""), "a map of cell " + cell);
        }
        // process context: one chart per alert that touches a point, its point first and its related points
        long withContext = stored.stream().filter(alert -> !alert.context().isEmpty()).count();
        assertTrue(withContext >= 4, "the demo's value and write alerts carry context: " + withContext);
        assertEquals(withContext, ReportCommandTest.countOf(dom, "class=\"context-chart\""));
        assertEquals(withContext, ReportCommandTest.countOf(dom, "class=\"alert-point\""));
        assertEquals(stored.stream().mapToLong(alert -> alert.context().related().size()).sum(),
                ReportCommandTest.countOf(dom, "class=\"related-point\""));
        assertTrue(dom.contains("data-point=\"holding_register:100\""), "the setpoint written out of range");
        // incidents: as many rows as the stored alerts form, the program download one of seven steps
        List<otb.baseline.alert.Incident> incidents = otb.baseline.alert.Incident.of(stored);
        assertTrue(incidents.size() < alerts, incidents.size() + " incidents of " + alerts + " alerts");
        assertEquals(incidents.size(), ReportCommandTest.countOf(dom, "class=\"incident-row\""));
        otb.baseline.alert.Incident download = incidents.stream().filter(incident -> incident.steps().stream()
                .anyMatch(step -> step.functionName().equals("download_block"))).findFirst().orElseThrow();
        assertTrue(dom.contains("id=\"incident-" + download.id() + "\" data-steps=\"" + download.steps().size() + "\""),
                "the program download's incident row");
        assertTrue(download.steps().size() >= 5, download.steps().toString());
        // the demo learned 30 minutes: immature by the default minimum of an hour
        assertTrue(dom.contains("id=\"maturity-warning\""), "the report says the snapshot is immature");
        chromium.screenshot(html, ReportCommandTest.targetDirectory().resolve("demo-report-screenshot.png"), 1400, 2400);
    }
}
