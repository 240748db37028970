package otb.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import otb.baseline.alert.Severity;
import otb.baseline.store.SiteBatch;
import otb.baseline.diff.BaselineDiff;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.baseline.store.StoredAlert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three sensors on the demo plant's real captures publish to a real Kafka broker and one hub
 * merges them: sensor {@code line1} sees the frames to or from cell line1 (10.10.1.0/24),
 * {@code rest} the others, and {@code line1-b} the same frames as {@code line1} (overlapping
 * mirror ports). The site database must hold the learned facts of one sensor that learned all
 * the traffic, and one alert per alert the sensors raised, listing the sensors that saw it.
 */
class SiteMergeTest {
    @TempDir
    static Path dir;

    static KafkaBroker broker;
    static Path site;
    static Map<String, List<StoredAlert>> sensorAlerts = new HashMap<>();
    static Hub.Totals totals;

    @BeforeAll
    static void runSite() throws Exception {
        broker = KafkaBroker.start(dir.resolve("broker"));
        Path line1Learn = dir.resolve("line1-learn.pcap");
        Path restLearn = dir.resolve("rest-learn.pcap");
        Path line1Attack = dir.resolve("line1-attack.pcap");
        Path restAttack = dir.resolve("rest-attack.pcap");
        long[] learnSplit = CaptureSplit.split(SiteSensors.LEARN, SiteMergeTest::line1, line1Learn, restLearn);
        CaptureSplit.split(SiteSensors.ATTACK, SiteMergeTest::line1, line1Attack, restAttack);
        assertTrue(learnSplit[0] > 1000 && learnSplit[1] > 1000, "both mirror ports see traffic");

        SiteSensors.learn(dir.resolve("whole.db"), SiteSensors.LEARN, null);
        List<String> notices = SiteSensors.notices();
        for (String[] sensor : new String[][] {{"line1", line1Learn.toString(), line1Attack.toString()},
                {"line1-b", line1Learn.toString(), line1Attack.toString()},
                {"rest", restLearn.toString(), restAttack.toString()}}) {
            SitePublisher publisher = SiteSensors.publisher(broker.bootstrap(), sensor[0],
                    dir.resolve("spool-" + sensor[0]), PublishOptions.DEFAULT_SPOOL_BYTES, notices);
            Path database = dir.resolve(sensor[0] + ".db");
            // line1 publishes its baseline twice, as at two checkpoints with nothing learned between
            SiteSensors.learn(database, Path.of(sensor[1]), publisher, sensor[0].equals("line1") ? 2 : 1);
            sensorAlerts.put(sensor[0], SiteSensors.analyze(database, Path.of(sensor[2]), publisher));
            assertEquals(0, publisher.finish(), "everything published: " + notices);
        }
        site = dir.resolve("site.db");
        try (BaselineStore store = BaselineStore.open(site)) {
            Hub hub = new Hub(new Hub.Options(PublishTarget.parse(broker.bootstrap() + "/site"), "otb-hub", 500,
                    5_000, 3), store, new RecordingHubListener());
            totals = hub.run();
        }
    }

    private static boolean line1(CaptureSplit.Addresses addresses) {
        return CaptureSplit.inSlash24(addresses.source(), 10, 10, 1)
                || CaptureSplit.inSlash24(addresses.destination(), 10, 10, 1);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void siteBaselineHoldsTheFactsOfOneSensorLearningAllTheTraffic() throws Exception {
        Snapshot whole;
        Snapshot merged;
        try (BaselineStore store = BaselineStore.openReadOnly(dir.resolve("whole.db"))) {
            whole = store.loadLatest();
        }
        try (BaselineStore store = BaselineStore.openReadOnly(site)) {
            merged = store.loadLatest();
            assertEquals("hub", merged.info().command());
            // eng (10.50.0.0/24) holds the site's DNS and NTP server: every port sees its traffic
            assertEquals(Map.of("line1", List.of("line1", "line1-b"), "line2", List.of("rest"),
                    "substation", List.of("rest"), "eng", List.of("line1", "line1-b", "rest")),
                    store.siteCellSensors(), "which sensors see which cell");
        }
        BaselineDiff diff = BaselineDiff.compare(whole.baseline(), merged.baseline());
        assertTrue(diff.isEmpty(), "site vs whole: " + diff.counts() + " " + diff.changes().stream().limit(10).toList());
        assertEquals(whole.baseline().assets().size(), merged.baseline().assets().size());
        assertEquals(whole.baseline().conversations().size(), merged.baseline().conversations().size());
        assertEquals(whole.baseline().points().size(), merged.baseline().points().size());
    }

    @Test
    void overlappingSensorsAlertsAreFoldedNotDoubled() throws Exception {
        Set<String> line1 = ids(sensorAlerts.get("line1"));
        assertEquals(line1, ids(sensorAlerts.get("line1-b")), "two sensors on the same traffic raise the same alerts");
        assertTrue(!line1.isEmpty() && !ids(sensorAlerts.get("rest")).isEmpty(), "both ports raise alerts");
        Set<String> union = new TreeSet<>(line1);
        union.addAll(ids(sensorAlerts.get("rest")));
        try (BaselineStore store = BaselineStore.openReadOnly(site)) {
            List<StoredAlert> siteAlerts = store.alerts(Optional.empty(), Severity.INFO, 1_000_000);
            assertEquals(union, ids(siteAlerts), "one site alert per sensor alert, none twice");
            Map<String, StoredAlert> byId = new HashMap<>();
            sensorAlerts.values().forEach(list -> list.forEach(a -> byId.put(a.alert().id(), a)));
            for (StoredAlert alert : siteAlerts) {
                StoredAlert seen = byId.get(alert.alert().id());
                assertEquals(seen.alert().count(), alert.alert().count(), "count not doubled: " + alert.alert().id());
                List<String> expected = line1.contains(alert.alert().id())
                        ? (ids(sensorAlerts.get("rest")).contains(alert.alert().id()) ? List.of("line1", "line1-b", "rest")
                        : List.of("line1", "line1-b")) : List.of("rest");
                assertEquals(expected, alert.sensors(), "sensors of " + alert.alert().id());
            }
        }
    }

    @Test
    void baselinesGoOneRecordPerSensorAndCellAndOnlyWhenChanged() throws Exception {
        Map<String, Integer> records = new java.util.TreeMap<>();
        Map<String, Set<String>> cellsOf = new java.util.TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(broker.bootstrap(), "site.baselines")) {
            SiteBatch.SensorBaseline part = ((SiteRecords.ParsedBaseline) SiteRecords.parse(record.value())).baseline();
            assertEquals(part.sensor() + "/" + part.cell(), record.key(), "keyed by sensor and cell");
            records.merge(record.key(), 1, Integer::sum);
            if (part.cell().isEmpty()) {
                cellsOf.put(part.sensor(), new TreeSet<>(part.held()));
            }
        }
        for (String sensor : List.of("line1", "line1-b", "rest")) {
            try (BaselineStore store = BaselineStore.openReadOnly(dir.resolve(sensor + ".db"))) {
                assertEquals(new TreeSet<>(store.loadLatest().baseline().cells().keySet()), cellsOf.get(sensor),
                        "the sensor-wide part of " + sensor + " lists its cells");
            }
            for (String cell : cellsOf.get(sensor)) {
                assertEquals(1, records.get(sensor + "/" + cell), sensor + "/" + cell
                        + ": a cell's part goes once while it does not change: " + records);
            }
            assertEquals(sensor.equals("line1") ? 2 : 1, records.get(sensor + "/"), "sensor-wide part: " + records);
        }
        assertEquals(3 + cellsOf.values().stream().mapToInt(Set::size).sum(), records.size(), records.toString());
    }

    static Set<String> ids(List<StoredAlert> alerts) {
        return alerts.stream().map(a -> a.alert().id()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Collects what a hub reports. */
    static final class RecordingHubListener implements Hub.Listener {
        final List<String> bad = new java.util.ArrayList<>();

        @Override
        public void applied(int records, otb.baseline.store.SiteBatch.Result result) {
        }

        @Override
        public void badRecord(String topic, int partition, long offset, String reason) {
            bad.add(topic + ":" + partition + "@" + offset + " " + reason);
        }
    }
}
