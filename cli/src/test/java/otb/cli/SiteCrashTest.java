package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import otb.baseline.alert.Severity;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoredAlert;
import otb.site.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sensor ({@code otb analyze --publish}) and a hub ({@code otb hub}) as processes, with a
 * real KRaft broker, each killed with SIGKILL during the run: the sensor while it publishes, the
 * hub after it committed its first transactions, the broker while the restarted sensor runs
 * (which spools and catches up). The site database ends with exactly the alerts the sensor
 * raises on the capture, each once, with its final count, attributed to the sensor; and
 * {@code otb alerts}, {@code inventory}, {@code report} and {@code diff} read it.
 */
class SiteCrashTest {
    private static final Path DEMO = Path.of("fixtures/pcaps/demo");
    private static final String LEARN = DEMO.resolve("demo-learn.pcap").toString();
    private static final String ATTACK = DEMO.resolve("demo-attack.pcap").toString();
    private static final String CELLS = DEMO.resolve("cells.conf").toString();
    private static final long WAIT_MILLIS = 180_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void killingSensorHubAndBrokerLosesNoAlertAndStoresNoneTwice() throws Exception {
        Path sensorDb = dir.resolve("sensor.db");
        Path referenceDb = dir.resolve("reference.db");
        Path siteDb = dir.resolve("site.db");
        Path spool = dir.resolve("spool");
        ChildOtb learned = ChildOtb.run(dir, "learn", LEARN, "--db", sensorDb.toString(), "--cells", CELLS);
        assertEquals(0, learned.exitCode(), learned.toString());
        Files.copy(sensorDb, referenceDb);
        ChildOtb reference = ChildOtb.run(dir, "analyze", ATTACK, "--db", referenceDb.toString());
        assertEquals(0, reference.exitCode(), reference.toString());
        Map<String, Long> expected = counts(referenceDb);
        assertTrue(expected.size() > 10, "the attack capture raises alerts: " + expected.size());

        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
            String hub = broker.bootstrap() + "/plant";
            String[] sensor = {"analyze", ATTACK, "--db", sensorDb.toString(), "--publish", "kafka://" + hub,
                    "--sensor-id", "s1", "--publish-spool", spool.toString(), "--publish-wait", "120s"};
            Process hub1 = start("hub1", "hub", "--kafka", hub, "--db", siteDb.toString(), "--partitions", "3",
                    "--max-poll", "20");
            Process sensor1 = start("sensor1", sensor);
            // the sensor is killed once the broker acknowledged some of its records
            waitFor(() -> Files.exists(spool.resolve("acked")) || !sensor1.isAlive(), "sensor publishing");
            boolean sensorKilled = sensor1.isAlive();
            sensor1.destroyForcibly().waitFor();
            // the hub is killed once it committed alerts to the site database
            waitFor(() -> siteAlerts(siteDb) > 0, "hub writing the site database");
            assertTrue(hub1.isAlive(), "hub running");
            hub1.destroyForcibly().waitFor();
            long afterHubKill = siteAlerts(siteDb);

            // the broker goes down while the restarted sensor runs: it spools, then catches up
            broker.kill();
            Process sensor2 = start("sensor2", sensor);
            Thread.sleep(4_000);
            broker.start();
            assertTrue(sensor2.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS), "sensor ends");
            assertEquals(0, sensor2.exitValue(), "sensor2: " + Files.readString(dir.resolve("sensor2.err"))
                    + Files.readString(dir.resolve("sensor2.out")));

            ChildOtb hub2 = ChildOtb.run(dir, "hub", "--kafka", hub, "--db", siteDb.toString(), "--until-idle", "10s",
                    "--quiet");
            assertEquals(0, hub2.exitCode(), hub2.toString());
            assertTrue(sensorKilled || afterHubKill > 0, "something was killed during the run");
        }

        try (BaselineStore site = BaselineStore.openReadOnly(siteDb)) {
            List<StoredAlert> alerts = site.alerts(Optional.empty(), Severity.INFO, 1_000_000);
            Map<String, Long> seen = new TreeMap<>();
            for (StoredAlert alert : alerts) {
                seen.put(alert.alert().id(), alert.alert().count());
                assertEquals(List.of("s1"), alert.sensors(), alert.alert().id());
            }
            assertEquals(expected, seen, "every alert once, with its final count");
            assertEquals(List.of("s1"), List.copyOf(site.siteSensors().keySet()));
        }

        ChildOtb alerts = ChildOtb.run(dir, "alerts", "--db", siteDb.toString());
        assertEquals(0, alerts.exitCode(), alerts.toString());
        assertTrue(alerts.out().contains("sensors:  s1"), alerts.out());
        ChildOtb inventory = ChildOtb.run(dir, "inventory", "--db", siteDb.toString(), "--format", "csv");
        assertEquals(0, inventory.exitCode(), inventory.toString());
        assertTrue(inventory.out().startsWith("address,cell,roles,identity,macs,vendor,protocols,first_seen,last_seen,sensors"),
                inventory.out());
        assertTrue(inventory.out().contains(",s1\r\n"), inventory.out());
        Path html = dir.resolve("site.html");
        ChildOtb report = ChildOtb.run(dir, "report", "--db", siteDb.toString(), "-o", html.toString());
        assertEquals(0, report.exitCode(), report.toString());
        assertFalse(Files.readString(html).isEmpty());
        ChildOtb diff = ChildOtb.run(dir, "diff", "--db", siteDb.toString(), "--list");
        assertEquals(0, diff.exitCode(), diff.toString());
        assertTrue(diff.out().contains("hub"), diff.out());
    }

    private Process start(String name, String... args) throws Exception {
        return new ProcessBuilder(ChildOtb.command(List.of(), args))
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static long siteAlerts(Path database) {
        if (!Files.exists(database)) {
            return 0;
        }
        try (BaselineStore store = BaselineStore.openReadOnly(database)) {
            return store.alerts(Optional.empty(), Severity.INFO, 1_000_000).size();
        } catch (Exception e) {
            return 0; // not a database yet (the hub is creating it)
        }
    }

    private static Map<String, Long> counts(Path database) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (BaselineStore store = BaselineStore.openReadOnly(database)) {
            for (StoredAlert alert : store.alerts(Optional.empty(), Severity.INFO, 1_000_000)) {
                counts.put(alert.alert().id(), alert.alert().count());
            }
        }
        return counts;
    }
}
