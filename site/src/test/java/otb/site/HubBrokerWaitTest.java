package otb.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SiteBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub that starts while the broker does not answer (here: killed, restarted after longer than
 * one attempt to reach it) waits for it, says so once each way, and then consumes everything, as
 * SiteCrashTest's second hub must when the restarted broker is slow to answer on a loaded machine.
 */
class HubBrokerWaitTest {
    @TempDir
    Path dir;
    private List<String> said;

    private List<String> said() {
        synchronized (said) {
            return List.copyOf(said);
        }
    }

    @Test
    void aHubWaitsForABrokerThatDoesNotAnswerYet() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
            List<String> notices = SiteSensors.notices();
            SitePublisher publisher = SiteSensors.publisher(broker.bootstrap(), "s1", dir.resolve("spool"), 1 << 20,
                    notices);
            for (int i = 1; i <= 20; i++) {
                String key = "asset|10.0.0." + i;
                publisher.accept(Alert.builder(AlertKind.NEW_ASSET, () -> key, 1_700_000_000_000_000_000L + i)
                        .cell("line1").endpoints("10.0.0." + i, "10.0.0.254").evidence(i, "eth1").build());
            }
            assertEquals(0, publisher.finish(), "published: " + notices);
            broker.kill();

            said = new ArrayList<>();
            AtomicReference<Object> outcome = new AtomicReference<>();
            Path site = dir.resolve("site.db");
            Thread hubThread = new Thread(() -> {
                try (BaselineStore store = BaselineStore.open(site)) {
                    Hub hub = new Hub(new Hub.Options(PublishTarget.parse(broker.bootstrap() + "/site"), "otb-hub", 500,
                            5_000, 3), store, new Hub.Listener() {
                                @Override
                                public void applied(int records, SiteBatch.Result result) {
                                }

                                @Override
                                public void badRecord(String topic, int partition, long offset, String reason) {
                                    said.add(reason);
                                }

                                @Override
                                public void broker(String line) {
                                    synchronized (said) {
                                        said.add(line);
                                    }
                                }
                            });
                    outcome.set(hub.run());
                } catch (Exception e) {
                    outcome.set(e);
                }
            });
            hubThread.start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (said().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            // the broker stays down for one more attempt: the hub goes on trying and says nothing more
            Thread.sleep(Hub.ATTEMPT_MILLIS + 2_000);
            assertTrue(hubThread.isAlive(), "the hub waits: " + outcome.get());
            synchronized (said) {
                assertEquals(1, said.size(), "said once that it waits: " + said);
                assertTrue(said.get(0).endsWith("; retrying"), said.toString());
            }
            broker.start();
            hubThread.join(180_000);
            assertTrue(outcome.get() instanceof Hub.Totals, "the hub ran: " + outcome.get());
            assertTrue(said.get(1).contains("answers again"), said.toString());
            try (BaselineStore store = BaselineStore.openReadOnly(site)) {
                assertEquals(20, store.alerts(Optional.empty(), Severity.INFO, 1000).size());
            }
        }
    }
}
