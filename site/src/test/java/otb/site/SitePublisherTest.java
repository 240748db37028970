package otb.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sensor publishing while the broker is down: it goes on, spools up to its bound, counts what
 * it drops and raises it as one BUDGET_EXCEEDED alert; when the broker is back it catches up in
 * order, every record once per sequence number.
 */
class SitePublisherTest {
    @TempDir
    Path dir;

    @Test
    void brokerDownSpoolsDropsPastTheBoundAndCatchesUpInOrder() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
            List<String> notices = SiteSensors.notices();
            SitePublisher publisher = SiteSensors.publisher(broker.bootstrap(), "s1", dir.resolve("spool"), 1 << 20,
                    notices);
            publisher.accept(alert(0));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (publisher.sent() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, publisher.sent(), "delivered while the broker is up: " + notices);
            broker.kill();
            for (int i = 1; i <= 3000; i++) {
                publisher.accept(alert(i)); // about 600 bytes each: the 1 MiB spool holds some 1700
            }
            assertTrue(publisher.dropped() > 0, "past the bound records are dropped");
            broker.start();
            publisher.accept(alert(3001)); // room is made as the broker acknowledges; the drop alert goes first
            assertEquals(0, publisher.finish(), "caught up: " + notices);
            assertTrue(notices.stream().anyMatch(n -> n.contains("full")), notices.toString());

            List<SiteBatch> read = readAlerts(broker);
            long previous = 0;
            int budget = 0;
            int alerts = 0;
            int repeats = 0;
            for (SiteBatch record : read) {
                // at least once, in order: a record whose acknowledgement the outage lost is sent
                // again right after the ones before it (the hub keeps one by epoch and sequence)
                if (record.seq() <= previous) {
                    repeats++;
                    continue;
                }
                assertTrue(record.seq() > previous, "in order: " + record.seq() + " after " + previous);
                previous = record.seq();
                if (record.kind() == AlertKind.BUDGET_EXCEEDED) {
                    budget++;
                } else {
                    alerts++;
                }
            }
            assertEquals(1, budget, "the drops raised once");
            assertEquals(3002 - publisher.dropped(), alerts, "every record not dropped arrived, in order");
            assertTrue(repeats <= SitePublisher.SEND_BATCH * publisher.sendFailures(),
                    "repeats only of records in flight when a send failed: " + repeats);
        }
    }

    /** What the test reads back of an alert record. */
    record SiteBatch(long seq, AlertKind kind) {
    }

    private static List<SiteBatch> readAlerts(KafkaBroker broker) throws Exception {
        List<SiteBatch> records = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(broker.bootstrap(), "site.alerts")) {
            SiteRecords.ParsedAlert alert = (SiteRecords.ParsedAlert) SiteRecords.parse(record.value());
            records.add(new SiteBatch(alert.sighting().seq(), alert.sighting().alert().kind()));
        }
        // one key (sensor/cell) for the test alerts, another for the drop alert: order holds per key
        records.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        return records;
    }

    private static Alert alert(int i) {
        return Alert.builder(AlertKind.NEW_ASSET, () -> "asset|10.0." + (i / 250) + "." + (i % 250),
                1_700_000_000_000_000_000L + i * 1_000_000L).cell("line1").endpoints("10.0.0.1", "10.0.0.2")
                .detail("x".repeat(300)).evidence(i + 1, "eth1").build();
    }
}
