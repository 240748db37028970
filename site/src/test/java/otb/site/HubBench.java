package otb.site;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.cells.Cells;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCells;
import otb.baseline.model.BaselineCodec;
import otb.baseline.model.BaselineLimits;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SiteBatch;
import otb.dissect.DissectorConfig;
import otb.runtime.OfflineLearning;

/**
 * The hub's figures for the README's deployment section (run by bench/site.sh, not a test): how
 * many alert records per second one hub writes to its site database, how long merging the
 * baselines of many sensors takes, and the memory a cell's baseline takes at the hub. A real
 * KRaft broker on 127.0.0.1; records made by {@link SiteRecords} as sensors make them.
 *
 * <p>Arguments: alert records (default 100000), sensors (default 100).
 */
public final class HubBench {
    private HubBench() {
    }

    public static void main(String[] args) throws Exception {
        int alertRecords = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int sensors = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dir = Files.createTempDirectory("otb-hub-bench");
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
            PublishTarget target = PublishTarget.parse(broker.bootstrap() + "/bench");
            SiteTopics.ensure(target, 12, 30_000);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    broker.bootstrap(), "enable.idempotence", "true", "acks", "all", "linger.ms", "20",
                    "compression.type", "gzip", "max.request.size", "20000000"), new StringSerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < alertRecords; i++) {
                    String sensor = "sensor-" + (i % sensors);
                    Alert alert = alert(i);
                    byte[] value = SiteRecords.alert(new SiteRecords.Header(sensor, 1, i / sensors + 1), alert,
                            false).getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(target.alertsTopic(), sensor + "/" + alert.cell(), value));
                }
                producer.flush();
            }
            long[] alertRun = runHub(target, dir.resolve("alerts.db"), "alerts");
            double seconds = alertRun[1] / 1e9;
            System.out.printf("alerts: %d records from %d sensors in %.1f s: %.0f records/s into one site database "
                    + "(%d transactions)%n", alertRun[0], sensors, seconds, alertRun[0] / seconds, alertRun[2]);

            // baselines: the demo plant's learned baseline (4 cells), once per sensor
            Baseline demo = learnDemo(dir);
            byte[] encoded = BaselineCodec.encode(demo);
            int cells = demo.cells().size();
            System.out.printf("baseline: demo plant, %d cells, %d assets, %d conversations, %d points; encoded %d bytes "
                    + "(%d per cell)%n", cells, demo.assets().size(), demo.conversations().size(), demo.points().size(),
                    encoded.length, encoded.length / cells);
            System.out.printf("memory: %d bytes of heap per decoded cell baseline%n", heapPerCopy(encoded) / cells);
            // each sensor publishes the baseline cut by cell, as SitePublisher does
            java.util.SortedMap<String, Baseline> parts = BaselineCells.cut(demo);
            Map<String, byte[]> encodedParts = new java.util.TreeMap<>();
            for (Map.Entry<String, Baseline> part : parts.entrySet()) {
                encodedParts.put(part.getKey(), BaselineCodec.encode(part.getValue()));
            }
            List<String> held = parts.keySet().stream().filter(c -> !c.isEmpty()).toList();
            System.out.printf("parts: %s bytes encoded%n", encodedParts.entrySet().stream()
                    .map(e -> (e.getKey().isEmpty() ? "sensor-wide" : e.getKey()) + " " + e.getValue().length).toList());
            List<SiteBatch.SensorBaseline> baselines = new ArrayList<>();
            for (int s = 0; s < sensors; s++) {
                long seq = 1;
                for (Map.Entry<String, byte[]> part : encodedParts.entrySet()) {
                    baselines.add(new SiteBatch.SensorBaseline("sensor-" + s, part.getKey(), 1, seq++, "",
                            BaselineCodec.FORMAT_VERSION, part.getValue(), part.getKey().isEmpty() ? held : List.of()));
                }
            }
            try (BaselineStore store = BaselineStore.open(dir.resolve("merge.db"))) {
                long began = System.nanoTime();
                store.applySite(new SiteBatch(List.of(), baselines, List.of()), "bench");
                long first = System.nanoTime() - began;
                long decodedFirst = store.sitePartsDecoded();
                // one sensor's checkpoint in which one cell learned something: that part and the
                // sensor-wide one arrive, the site is merged again from every sensor's parts
                long[] again = new long[5];
                for (int round = 0; round < again.length; round++) {
                    began = System.nanoTime();
                    store.applySite(new SiteBatch(List.of(), List.of(
                            new SiteBatch.SensorBaseline("sensor-" + round, "line1", 2, 1, "",
                                    BaselineCodec.FORMAT_VERSION, encodedParts.get("line1"), List.of()),
                            new SiteBatch.SensorBaseline("sensor-" + round, "", 2, 2, "",
                                    BaselineCodec.FORMAT_VERSION, encodedParts.get(""), held)), List.of()), "bench");
                    again[round] = System.nanoTime() - began;
                }
                java.util.Arrays.sort(again);
                long median = again[again.length / 2];
                System.out.printf("merge: %d sensors x %d cells into the site snapshot: %.2f s the first time (%d parts "
                        + "decoded), then %.2f s (median of %d) for a sensor checkpoint of one changed cell "
                        + "(%d parts decoded in all; %.2f ms per sensor cell merged)%n", sensors, cells, first / 1e9,
                        decodedFirst, median / 1e9, again.length, store.sitePartsDecoded() - decodedFirst,
                        median / 1e6 / (sensors * cells));
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs a hub until idle; returns records, nanoseconds until the last poll was written, transactions. */
    private static long[] runHub(PublishTarget target, Path database, String group) throws Exception {
        long[] lastWrite = {0};
        long began = System.nanoTime();
        Hub.Totals totals;
        try (BaselineStore store = BaselineStore.open(database)) {
            Hub hub = new Hub(new Hub.Options(target, group, 2000, 5_000, 12), store, new Hub.Listener() {
                @Override
                public void applied(int records, SiteBatch.Result result) {
                    lastWrite[0] = System.nanoTime();
                }

                @Override
                public void badRecord(String topic, int partition, long offset, String reason) {
                    throw new AssertionError(reason);
                }
            });
            totals = hub.run();
        }
        return new long[] {totals.records(), lastWrite[0] - began, totals.transactions()};
    }

    private static Baseline learnDemo(Path dir) throws Exception {
        try (BaselineStore store = BaselineStore.open(dir.resolve("demo.db"))) {
            OfflineLearning learning = OfflineLearning.start(store, Cells.load(SiteSensors.CELLS), true);
            learning.read(List.of(SiteSensors.LEARN), DissectorConfig.defaults(), null);
            return learning.baseline();
        }
    }

    /** Heap one decoded copy of the baseline retains, from 20 copies held at once. */
    private static long heapPerCopy(byte[] encoded) throws Exception {
        Runtime runtime = Runtime.getRuntime();
        List<Baseline> held = new ArrayList<>();
        settle();
        long before = runtime.totalMemory() - runtime.freeMemory();
        for (int i = 0; i < 20; i++) {
            held.add(BaselineCodec.decode(encoded, BaselineLimits.defaults()));
        }
        settle();
        long after = runtime.totalMemory() - runtime.freeMemory();
        if (held.size() != 20) {
            throw new AssertionError();
        }
        return (after - before) / 20;
    }

    private static void settle() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    private static Alert alert(int i) {
        String cell = "cell-" + (i % 40);
        return Alert.builder(AlertKind.NEW_FUNCTION_CODE, () -> "func|10.0." + (i % 200) + ".1 -> 10.1." + (i / 200)
                        + ".2 modbus unit 1", 1_700_000_000_000_000_000L + i * 1_000_000L).cell(cell)
                .endpoints("10.0." + (i % 200) + ".1", "10.1." + (i / 200 % 250) + ".2").protocol("modbus")
                .function(90, "unity_umas").baseline("functions read_holding_registers (3)")
                .detail("function unity_umas (90) never used in this conversation").evidence(i + 1, "eth1").build();
    }
}
