package otb.site;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SiteBatch;
import otb.baseline.store.SiteHistory;
import otb.baseline.store.StoreException;

/**
 * A site hub ({@code otb hub}): consumes the sensors' topics as a member of a consumer group
 * and keeps a site database in the format of a sensor's. Each poll becomes one
 * {@link SiteBatch} written in one database transaction; only after it committed are the
 * poll's offsets committed to Kafka. A hub killed between the two gets the same records again
 * and applying them again changes nothing (sightings are keyed by sensor and alert id,
 * baselines and health by sensor sequence), so no alert is lost and none is stored twice.
 */
public final class Hub {
    /** The consumer's session timeout (Kafka's default is 45 s; a hub is a long-running, steady member). */
    static final int SESSION_TIMEOUT_MILLIS = 10_000;
    /** One attempt to reach the broker at start. */
    static final long ATTEMPT_MILLIS = 15_000;
    /** How long a hub running until idle waits for a broker that does not answer at start. */
    static final long BROKER_WAIT_MILLIS = 300_000;
    /**
     * How a hub runs.
     *
     * @param source         brokers and topic prefix
     * @param group          consumer group; hubs of one group share the partitions (and so the sensors' cells)
     * @param maxPollRecords records per poll, and so per database transaction
     * @param idleMillis     stop after this long without a record, once every record the partitions
     *                       held then is read (0: run until {@link #stop})
     * @param partitions     partitions of the topics when the hub has to make them
     * @param history        which merged snapshots the site database keeps
     */
    public record Options(PublishTarget source, String group, int maxPollRecords, long idleMillis, int partitions,
                          SiteHistory history) {
        /** With the default snapshot history ({@link SiteHistory#defaults()}). */
        public Options(PublishTarget source, String group, int maxPollRecords, long idleMillis, int partitions) {
            this(source, group, maxPollRecords, idleMillis, partitions, SiteHistory.defaults());
        }
    }

    /** What a hub reports as it goes (the hub thread). */
    public interface Listener {
        /** A poll was written: {@code records} records, what they changed. */
        void applied(int records, SiteBatch.Result result);

        /** A record was skipped because it is not one this otb reads. */
        void badRecord(String topic, int partition, long offset, String reason);

        /** The broker did not answer, or answers again (one line each way; the hub retries meanwhile). */
        default void broker(String line) {
        }
    }

    /** Counters since the hub started. */
    public record Totals(long records, long alerts, long baselines, long health, long badRecords, long transactions) {
    }

    private final Options options;
    private final BaselineStore store;
    private final Listener listener;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopped;
    private long records;
    private long alerts;
    private long baselines;
    private long health;
    private long badRecords;
    private long transactions;

    public Hub(Options options, BaselineStore store, Listener listener) {
        this.options = options;
        this.store = store;
        this.listener = listener;
    }

    /**
     * Consumes until {@link #stop} or, with an idle time, until no record came for that long.
     *
     * @throws SiteException  the broker cannot be reached to make the topics
     * @throws StoreException the site database cannot be written (the poll's offsets stay uncommitted)
     */
    public Totals run() throws SiteException, StoreException {
        if (!topicsMade()) {
            return totals();
        }
        try (KafkaConsumer<String, byte[]> opened = new KafkaConsumer<>(properties(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = opened;
            if (stopped) {
                return totals();
            }
            // idle time counts only while partitions are assigned: a hub that replaces a killed one
            // waits for the group to move the dead member's partitions (its session timeout)
            long[] idleSince = {System.nanoTime()};
            opened.subscribe(options.source().topics(), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    idleSince[0] = System.nanoTime();
                }
            });
            while (!stopped) {
                ConsumerRecords<String, byte[]> polled;
                try {
                    polled = opened.poll(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    break;
                }
                if (polled.isEmpty()) {
                    if (options.idleMillis() > 0 && !opened.assignment().isEmpty()
                            && System.nanoTime() - idleSince[0] > options.idleMillis() * 1_000_000L
                            && caughtUp(opened)) {
                        break;
                    }
                    if (opened.assignment().isEmpty()) {
                        idleSince[0] = System.nanoTime();
                    }
                    continue;
                }
                apply(polled);
                try {
                    opened.commitSync(offsets(polled));
                } catch (WakeupException e) {
                    opened.commitSync(offsets(polled));
                    break;
                }
                idleSince[0] = System.nanoTime();
            }
        } finally {
            consumer = null;
        }
        return totals();
    }

    /**
     * Makes the topics, retrying while the broker does not answer: a broker that is restarting,
     * or starved on a loaded machine, can leave one attempt unanswered, and a hub waits for it as
     * a sensor does. A hub running until idle gives up after {@link #BROKER_WAIT_MILLIS}.
     *
     * @return false when the hub was stopped meanwhile
     * @throws SiteException the broker refused (not a silence), or a hub running until idle waited in vain
     */
    private boolean topicsMade() throws SiteException {
        long deadline = System.nanoTime() + BROKER_WAIT_MILLIS * 1_000_000L;
        boolean said = false;
        while (!stopped) {
            try {
                SiteTopics.ensure(options.source(), options.partitions(), ATTEMPT_MILLIS);
                if (said) {
                    listener.broker("broker " + options.source().bootstrap() + " answers again");
                }
                return true;
            } catch (SiteException e) {
                if (!e.noAnswer() || (options.idleMillis() > 0 && System.nanoTime() > deadline)) {
                    throw e;
                }
                if (!said) {
                    said = true;
                    listener.broker(e.getMessage() + "; retrying");
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void apply(ConsumerRecords<String, byte[]> polled) throws StoreException {
        List<SiteBatch.Sighting> sightings = new ArrayList<>();
        List<SiteBatch.SensorBaseline> sensorBaselines = new ArrayList<>();
        List<SiteBatch.SensorHealth> sensorHealth = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : polled) {
            records++;
            try {
                SiteRecords.Parsed parsed = SiteRecords.parse(record.value());
                if (parsed instanceof SiteRecords.ParsedAlert alert) {
                    sightings.add(alert.sighting());
                } else if (parsed instanceof SiteRecords.ParsedBaseline baseline) {
                    sensorBaselines.add(baseline.baseline());
                } else if (parsed instanceof SiteRecords.ParsedHealth state) {
                    sensorHealth.add(state.health());
                }
            } catch (SiteRecords.BadRecordException e) {
                badRecords++;
                listener.badRecord(record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        }
        SiteBatch batch = new SiteBatch(sightings, sensorBaselines, sensorHealth);
        SiteBatch.Result result = batch.isEmpty() ? new SiteBatch.Result(0, 0, 0, 0, 0)
                : store.applySite(batch, options.source().toString(), options.history());
        alerts += sightings.size();
        baselines += sensorBaselines.size();
        health += sensorHealth.size();
        transactions++;
        listener.applied(polled.count(), result);
    }

    /**
     * Whether the hub has read every record its partitions hold now: an idle time alone is no
     * proof (a slow broker or a starved machine can keep a fetch waiting longer than it).
     */
    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer) {
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10));
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                if (consumer.position(end.getKey(), Duration.ofSeconds(10)) < end.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return false; // the broker did not answer: not known to be caught up
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(ConsumerRecords<String, byte[]> polled) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : polled.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = polled.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.source().bootstrap());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, options.group());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(options.maxPollRecords()));
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Integer.toString(SiteRecords.MAX_RECORD_BYTES + 1024 * 1024));
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "otb-hub");
        // a killed hub's partitions go to the others of its group after this long without a heartbeat
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MILLIS));
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MILLIS / 4));
        return properties;
    }

    /** Ends {@link #run} after the poll in progress is written and committed. Any thread. */
    public void stop() {
        stopped = true;
        KafkaConsumer<String, byte[]> running = consumer;
        if (running != null) {
            running.wakeup();
        }
    }

    public Totals totals() {
        return new Totals(records, alerts, baselines, health, badRecords, transactions);
    }
}
