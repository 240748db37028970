package otb.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.SortedMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCells;
import otb.baseline.model.BaselineCodec;
import otb.runtime.CheckpointSink;
import otb.runtime.SensorCheckpoint;

/**
 * A sensor's side of a site: an alert sink (alerts as they open and in their final form) and
 * checkpoint sink (the learned baseline and the sensor's health at every checkpoint) that
 * publishes to Kafka through a {@link Spool}. The pipeline only appends to the spool; a sender
 * thread hands the records to an idempotent producer ({@code enable.idempotence}, {@code acks=all})
 * in order and acknowledges them in the spool once the broker has them. With the broker down the
 * sensor goes on; the spool grows to its bound and then drops records, counting them and raising
 * one BUDGET_EXCEEDED alert, sent when room comes back.
 *
 * <p>Records are keyed {@code sensor/cell} (alerts, baselines: one record per cell's part, the
 * sensor-wide part {@code sensor/}) or {@code sensor} (health), so the alerts of one cell of one
 * sensor keep their order in one partition and a compacted baselines topic keeps one record per
 * sensor and cell.
 */
public final class SitePublisher implements CheckpointSink {
    /** Records handed to the producer per round. */
    static final int SEND_BATCH = 500;
    private static final long RETRY_MILLIS = 1000;

    private final PublishOptions options;
    private final Spool spool;
    private final Consumer<String> notices;
    private final Thread sender;
    private volatile boolean closing;
    private boolean finished;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private volatile String lastFailure = "";
    private long alertsOpened;
    private long alertsFinal;
    private boolean dropsRaised;
    /** Records were dropped and the alert saying so is not in the spool yet (read by {@link #finish}). */
    private volatile boolean dropAlertPending;
    private long lastNanos;
    private String cellsText = "";
    /** Per cell, a digest of the cells text and the encoded part last spooled (one per cell of the sensor). */
    private final Map<String, byte[]> publishedParts = new HashMap<>();
    private long partsSent;
    private long partsUnchanged;

    private SitePublisher(PublishOptions options, Spool spool, Consumer<String> notices) {
        this.options = options;
        this.spool = spool;
        this.notices = notices;
        this.sender = new Thread(this::sendLoop, "otb-publish");
        sender.setDaemon(true);
    }

    /**
     * Opens the spool and starts sending; {@code notices} receives one line when the broker
     * cannot be reached and when it comes back (sender thread). Does not wait for the broker.
     */
    public static SitePublisher open(PublishOptions options, Consumer<String> notices) throws SiteException {
        Spool spool;
        try {
            spool = Spool.open(options.spoolDirectory(), options.spoolBytes());
        } catch (IOException e) {
            throw new SiteException("cannot use spool " + options.spoolDirectory() + ": " + SiteException.reason(e), e);
        }
        SitePublisher publisher = new SitePublisher(options, spool, notices);
        publisher.sender.start();
        return publisher;
    }

    /** The cells text (from the cells file) the sensor's baselines are learned with; "" for automatic cells. */
    public void cellsText(String text) {
        this.cellsText = text;
    }

    // ------------------------------------------------------------------ what the pipeline hands over

    @Override
    public void opened(Alert first) {
        alertsOpened++;
        publishAlert(first, true);
    }

    @Override
    public void accept(Alert alert) {
        alertsFinal++;
        publishAlert(alert, false);
    }

    private void publishAlert(Alert alert, boolean opened) {
        lastNanos = Math.max(lastNanos, alert.lastNanos());
        append(options.target().alertsTopic(), options.sensor() + "/" + alert.cell(),
                seq -> SiteRecords.alert(header(seq), alert, opened));
    }

    @Override
    public void checkpoint(SensorCheckpoint checkpoint) {
        lastNanos = Math.max(lastNanos, checkpoint.captureNanos());
        if (checkpoint.baseline() != null) {
            cellsText = checkpoint.cells().text();
            publishBaseline(checkpoint.baseline(), checkpoint.learnedNanos(), checkpoint.periodNanos(),
                    checkpoint.learning());
        }
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("ts_ns", checkpoint.captureNanos());
        counters.put("learning", checkpoint.learning());
        counters.put("learned_ns", checkpoint.learnedNanos());
        counters.put("period_ns", checkpoint.periodNanos());
        counters.put("frames_decoded", checkpoint.framesDecoded());
        if (checkpoint.statistics() != null) {
            counters.put("capture", checkpoint.statistics().asMap());
            counters.put("capture_lost", checkpoint.statistics().lost());
        }
        publishHealth(counters);
    }

    /**
     * Publishes a learned baseline cut by cell ({@link BaselineCells}): each cell's part whose
     * encoded state (or cells text) changed since this publisher last spooled it, whole, keyed
     * {@code sensor/cell}; then the sensor-wide part (messages, drops, the cells held), keyed
     * {@code sensor/}. The first call of a publisher sends every cell, so a new run (or a hub
     * reading a compacted topic) has all of them. Encoded now: the caller may learn on.
     */
    public synchronized void publishBaseline(Baseline baseline, long learnedNanos, long periodNanos, boolean learning) {
        String cells = cellsText;
        SortedMap<String, Baseline> parts = BaselineCells.cut(baseline);
        List<String> held = new ArrayList<>();
        for (Map.Entry<String, Baseline> part : parts.entrySet()) {
            String cell = part.getKey();
            if (cell.isEmpty()) {
                continue;
            }
            held.add(cell);
            byte[] model = BaselineCodec.encode(part.getValue());
            byte[] digest = digest(cells, model);
            if (Arrays.equals(digest, publishedParts.get(cell))) {
                partsUnchanged++;
                continue;
            }
            partsSent++;
            long messages = part.getValue().messages();
            if (append(options.target().baselinesTopic(), options.sensor() + "/" + cell, seq -> SiteRecords.baseline(
                    header(seq), cell, model, messages, cells, learnedNanos, periodNanos, learning, null))) {
                publishedParts.put(cell, digest);
            } else {
                publishedParts.remove(cell); // dropped: sent again at the next checkpoint
            }
        }
        Baseline sensorWide = parts.get(BaselineCells.SENSOR_WIDE);
        byte[] model = BaselineCodec.encode(sensorWide);
        append(options.target().baselinesTopic(), options.sensor() + "/", seq -> SiteRecords.baseline(header(seq),
                BaselineCells.SENSOR_WIDE, model, sensorWide.messages(), cells, learnedNanos, periodNanos, learning,
                held));
    }

    private static byte[] digest(String cellsText, byte[] model) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cellsText.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(model);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Publishes a health record: {@code counters} plus the publisher's own. */
    public void publishHealth(Map<String, Object> counters) {
        Map<String, Object> all = new LinkedHashMap<>(counters);
        all.put("alerts_opened", alertsOpened);
        all.put("alerts_final", alertsFinal);
        all.put("spool_bytes", spool.bytes());
        all.put("spool_pending", spool.pending());
        all.put("spool_dropped", spool.dropped());
        all.put("sent", sent.get());
        synchronized (this) {
            all.put("baseline_parts_sent", partsSent);
            all.put("baseline_parts_unchanged", partsUnchanged);
        }
        all.put("send_failures", sendFailures.get());
        append(options.target().healthTopic(), options.sensor(), seq -> SiteRecords.health(header(seq), all));
    }

    private SiteRecords.Header header(long seq) {
        return new SiteRecords.Header(options.sensor(), spool.epoch(), seq);
    }

    /** A record built for its sequence number. */
    private interface RecordText {
        String of(long seq);
    }

    /** Spools a record; false when it was dropped (spool full) or could not be written. */
    private boolean append(String topic, String key, RecordText text) {
        try {
            raiseDrops();
            if (spool.append(topic, key, seq -> bytes(text.of(seq))) > 0) {
                return true;
            }
            synchronized (this) {
                if (!dropsRaised) {
                    dropsRaised = true;
                    dropAlertPending = true;
                    notices.accept("publish spool " + spool.directory() + " full (" + options.spoolBytes()
                            + " bytes): dropping records, counted in the health records");
                }
            }
        } catch (IOException e) {
            notices.accept("cannot write publish spool " + spool.directory() + ": " + SiteException.reason(e));
        }
        return false;
    }

    /**
     * Appends the BUDGET_EXCEEDED alert of the drops once the spool has room for it again (the
     * pipeline's next record, or the sender after an acknowledgement, whichever comes first).
     */
    private synchronized void raiseDrops() throws IOException {
        if (!dropAlertPending) {
            return;
        }
        Alert alert = dropAlert(spool.dropped());
        byte[] record = bytes(SiteRecords.alert(header(0), alert, false));
        if (spool.hasRoom(record.length + 64L)
                && spool.append(options.target().alertsTopic(), options.sensor() + "/",
                        seq -> bytes(SiteRecords.alert(header(seq), alert, false))) > 0) {
            dropAlertPending = false;
        }
    }

    /** The BUDGET_EXCEEDED alert saying the spool was full and records were dropped. */
    private Alert dropAlert(long dropped) {
        String key = "budget|publish-spool " + options.sensor();
        return Alert.builder(AlertKind.BUDGET_EXCEEDED, () -> key, lastNanos)
                .baseline("publish spool of at most " + options.spoolBytes() + " bytes")
                .detail("the broker did not take records for long enough that the spool filled; " + dropped
                        + " records dropped so far (health records count them all)")
                .evidence(0, options.sensor())
                .build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Records appended and not yet acknowledged by the broker. */
    public long pending() {
        return spool.pending();
    }

    /** Records dropped because the spool was full. */
    public long dropped() {
        return spool.dropped();
    }

    /** Sends that failed in this run (each may repeat at most one batch of records at the broker). */
    public long sendFailures() {
        return sendFailures.get();
    }

    /** Records the broker acknowledged in this run. */
    public long sent() {
        return sent.get();
    }

    @Override
    public void flush() {
        try {
            spool.sync();
        } catch (IOException e) {
            notices.accept("cannot write publish spool " + spool.directory() + ": " + SiteException.reason(e));
        }
    }

    /**
     * Ends publishing: waits up to the drain time for the broker to take what is spooled; what it
     * did not take stays in the spool for the next run. Returns the records left. Calling it
     * again only returns that number.
     */
    public long finish() {
        if (finished) {
            return spool.pending();
        }
        finished = true;
        flush();
        long deadline = System.nanoTime() + options.drainMillis() * 1_000_000L;
        // drained means nothing spooled and no drop alert still to append: the sender appends it
        // right after an acknowledgement makes room, which would otherwise be left behind
        while ((spool.pending() > 0 || dropAlertPending) && System.nanoTime() < deadline && sender.isAlive()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closing = true;
        try {
            spool.wake();
            sender.join(5_000);
            if (sender.isAlive()) {
                sender.interrupt(); // blocked on a broker that does not answer
                sender.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            spool.close();
        } catch (IOException e) {
            notices.accept("cannot close publish spool: " + SiteException.reason(e));
        }
        return spool.pending();
    }

    @Override
    public void close() {
        flush();
    }

    // ------------------------------------------------------------------ the sender thread

    private void sendLoop() {
        KafkaProducer<String, byte[]> producer = null;
        boolean reachable = true;
        boolean topicsMade = false;
        while (!closing) {
            try {
                if (!topicsMade) {
                    SiteTopics.ensure(options.target(), options.partitions(), 10_000);
                    topicsMade = true;
                }
                List<Spool.Entry> batch = spool.read(SEND_BATCH);
                if (batch.isEmpty()) {
                    spool.awaitAppend(200);
                    continue;
                }
                if (producer == null) {
                    producer = producer();
                }
                List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
                for (Spool.Entry entry : batch) {
                    acks.add(producer.send(new ProducerRecord<>(entry.topic(), entry.key(), entry.value())));
                }
                producer.flush();
                for (int i = 0; i < acks.size(); i++) {
                    try {
                        acks.get(i).get();
                    } catch (java.util.concurrent.ExecutionException failed) {
                        // the records before it reached the broker: only the rest is sent again (a
                        // record whose acknowledgement was lost may still repeat; the hub keeps one)
                        if (i > 0) {
                            spool.acknowledge(batch.get(i - 1).seq());
                            sent.addAndGet(i);
                        }
                        throw failed;
                    }
                }
                spool.acknowledge(batch.get(batch.size() - 1).seq());
                sent.addAndGet(batch.size());
                raiseDrops();
                if (!reachable) {
                    reachable = true;
                    notices.accept("publishing to " + options.target() + " again; " + spool.pending()
                            + " records still spooled");
                }
            } catch (InterruptedException e) {
                if (closing) {
                    break;
                }
            } catch (Exception e) {
                sendFailures.incrementAndGet();
                Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
                lastFailure = SiteException.reason(cause);
                if (reachable) {
                    reachable = false;
                    notices.accept("cannot publish to " + options.target() + ": " + lastFailure
                            + "; spooling in " + spool.directory());
                }
                if (producer != null) {
                    closeQuietly(producer, Duration.ZERO);
                    producer = null;
                }
                try {
                    spool.rewind();
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    if (closing) {
                        break;
                    }
                } catch (IOException io) {
                    notices.accept("cannot read publish spool: " + SiteException.reason(io));
                }
            }
        }
        if (producer != null) {
            closeQuietly(producer, Duration.ofSeconds(5));
        }
    }

    /** Closes a producer; its failure (an interrupt, a broker gone) changes nothing: the spool keeps what it did not ack. */
    private static void closeQuietly(KafkaProducer<String, byte[]> producer, Duration wait) {
        try {
            producer.close(wait);
        } catch (RuntimeException e) {
            // records it did not deliver were never acknowledged in the spool
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.target().bootstrap());
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "otb-sensor-" + options.sensor());
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(SiteRecords.MAX_RECORD_BYTES + 1024 * 1024));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }
}
