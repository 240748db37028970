package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import otb.baseline.alert.Severity;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoredAlert;
import otb.capture.LiveTestNetwork;
import otb.capture.TestEnvironment;
import otb.site.KafkaBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otb monitor --publish} on a real interface: the demo plant's attack capture is replayed
 * with tcpreplay into a veth pair while the monitor (a child process) detects on it and publishes
 * to a real KRaft broker; then {@code otb hub} (a child process) consumes the topics into a site
 * database. The hub's alerts are the monitor's own stored alerts, each once, with its final count
 * and kind, attributed to the sensor; and the site holds the baseline the monitor detected
 * against, cell by cell.
 */
class MonitorPublishTest {
    private static final Path DEMO = Path.of("fixtures/pcaps/demo");
    private static final String UNAVAILABLE = LiveTestNetwork.unavailableReason("otb monitor --publish tests");
    /** The 39,124 frames in 8 s, within what the monitor takes without a loss. */
    private static final int REPLAY_PACKETS_PER_SECOND = 5_000;
    private static final int ATTACK_FRAMES = 39_124;

    @TempDir
    Path dir;

    @BeforeEach
    void requireRoot() {
        TestEnvironment.requireOrSkip(UNAVAILABLE);
    }

    @Test
    void theHubStoresTheAlertsTheMonitorRaisedOnTheWire() throws Exception {
        Path db = dir.resolve("sensor.db");
        CliRun learn = CliRun.run("learn", DEMO.resolve("demo-learn.pcap").toString(), "--fresh", "--cells",
                DEMO.resolve("cells.conf").toString(), "--db", db.toString(), "-q");
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        Path site = dir.resolve("site.db");

        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
            String target = broker.bootstrap() + "/plant";
            int exit;
            String err;
            try (LiveTestNetwork network = LiveTestNetwork.create();
                 MonitorCommandTest.MonitorProcess monitor = MonitorCommandTest.MonitorProcess.start(List.of(),
                         "-i", network.captureEnd, "--db", db.toString(), "--learn-for", "0s", "--warm-up", "0",
                         "--stats-every", "1s", "--publish", "kafka://" + target, "--sensor-id", "line1-sw3",
                         "--publish-spool", dir.resolve("spool").toString(), "--publish-wait", "120s")) {
                monitor.awaitErr("detecting against snapshot 1");
                network.replay(DEMO.resolve("demo-attack.pcap"), REPLAY_PACKETS_PER_SECOND);
                monitor.awaitErr("frames " + ATTACK_FRAMES + " (kernel ");
                exit = monitor.terminate();
                err = monitor.err.toString();
            }
            assertEquals(ExitCode.OK, exit, "SIGTERM ends monitor with 0 once the spool drained: " + err);
            assertTrue(err.contains("dropped kernel 0 interface 0 queue 0"), err);

            ChildOtb hub = ChildOtb.run(dir, "hub", "--kafka", target, "--db", site.toString(), "--until-idle", "10s",
                    "--quiet");
            assertEquals(0, hub.exitCode(), hub.toString());
        }

        Map<String, String> raised = alerts(db, null);
        assertTrue(raised.size() > 10, "the attack capture raises alerts on the wire: " + raised.size());
        assertEquals(raised, alerts(site, "line1-sw3"), "the hub's alerts are the monitor's");
        try (BaselineStore sensor = BaselineStore.openReadOnly(db);
             BaselineStore hub = BaselineStore.openReadOnly(site)) {
            assertEquals(List.of("line1-sw3"), List.copyOf(hub.siteSensors().keySet()));
            TreeSet<String> cells = new TreeSet<>(sensor.loadLatest().baseline().cells().keySet());
            assertEquals(cells, new TreeSet<>(hub.siteCellSensors().keySet()), "the cells the monitor detects in");
            assertEquals(sensor.loadLatest().baseline().messages(), hub.loadLatest().baseline().messages(),
                    "the baseline it detected against, every cell and the sensor-wide part");
        }
    }

    /** Alerts of a database by id: kind, count, first and last time; with {@code sensor}, each must list only it. */
    private static Map<String, String> alerts(Path database, String sensor) throws Exception {
        Map<String, String> alerts = new TreeMap<>();
        try (BaselineStore store = BaselineStore.openReadOnly(database)) {
            for (StoredAlert stored : store.alerts(Optional.empty(), Severity.INFO, 1_000_000)) {
                if (sensor != null) {
                    assertEquals(List.of(sensor), stored.sensors(), stored.alert().id());
                }
                alerts.put(stored.alert().id(), stored.alert().kind() + " x" + stored.alert().count() + " "
                        + stored.alert().firstNanos() + ".." + stored.alert().lastNanos());
            }
        }
        return alerts;
    }
}
