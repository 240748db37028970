package otb.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SiteBatch;
import otb.baseline.store.SiteHistory;
import otb.baseline.store.StoreException;
import otb.site.Hub;
import otb.site.PublishTarget;
import otb.site.SiteException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code otb hub}: consumes what the sensors of a site publish ({@code --publish}) and keeps the
 * site database: every alert once with the sensors that saw it, the sensors' baselines merged
 * into one snapshot. SIGTERM/SIGINT end it after the poll in progress is written and committed.
 */
@Command(name = "hub", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merge the alerts and baselines that sensors publish to Kafka ('otb monitor|analyze|learn "
                + "--publish') into one site database, which 'otb alerts', 'report', 'diff' and 'inventory' read "
                + "as a sensor's, with a sensor column.",
                "",
                "Consumes PREFIX.alerts, PREFIX.baselines and PREFIX.health as a member of consumer group --group "
                        + "(hubs of one group share the partitions); each poll is one database transaction and its "
                        + "offsets are committed only after it, so a hub killed at any moment loses nothing and "
                        + "stores nothing twice."},
        footer = {"%nExamples:",
                "  otb hub --kafka broker1:9092,broker2:9092/plant --db /var/lib/otb/site.db",
                "  otb hub --kafka 127.0.0.1:9092/plant --db site.db --until-idle 30s",
                ExitCode.HELP_SECTION})
final class HubCommand implements Callable<Integer> {
    private static final long SHUTDOWN_WAIT_SECONDS = 60;

    @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT[,HOST:PORT]/PREFIX",
            description = "Brokers and topic prefix the sensors publish to.")
    String kafka;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--group", paramLabel = "NAME", defaultValue = "otb-hub",
            description = "Kafka consumer group (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--until-idle", paramLabel = "DURATION",
            description = "Exit once no record came for this long and every record the topics held then was read;"
                    + " a broker that does not answer is waited for up to 5 minutes (default: run until SIGTERM,"
                    + " waiting for the broker as long as it takes).")
    String untilIdle;

    @Option(names = "--max-poll", paramLabel = "RECORDS", defaultValue = "500",
            description = "Records per poll and so per database transaction, 1..100000 (default: ${DEFAULT-VALUE}).")
    int maxPoll;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "12",
            description = "Partitions of the topics when the hub makes them (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--snapshot-every", paramLabel = "DURATION", defaultValue = "1h",
            description = "Keep the last merged site snapshot of each period this long, for 'otb diff --since' "
                    + "(default: ${DEFAULT-VALUE}); merges within a period replace its snapshot.")
    String snapshotEvery;

    @Option(names = "--keep-snapshots", paramLabel = "N", defaultValue = "" + SiteHistory.DEFAULT_KEEP,
            description = "Merged site snapshots kept at most, the newest, 1..100000 (default: ${DEFAULT-VALUE}).")
    int keepSnapshots;

    @Option(names = "--quiet", description = "Print only the summary at the end, not a line per poll.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PublishTarget source;
        try {
            source = PublishTarget.parse(kafka);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kafka: " + e.getMessage());
        }
        if (maxPoll < 1 || maxPoll > 100_000) {
            throw new UsageException("--max-poll " + maxPoll + ": use 1..100000");
        }
        if (partitions < 1 || partitions > 10_000) {
            throw new UsageException("--partitions " + partitions + ": use 1..10000");
        }
        long everyMillis = Durations.parseNanos(snapshotEvery) / 1_000_000L;
        if (everyMillis < 1) {
            throw new UsageException("--snapshot-every " + snapshotEvery + ": use at least 1s");
        }
        if (keepSnapshots < 1 || keepSnapshots > 100_000) {
            throw new UsageException("--keep-snapshots " + keepSnapshots + ": use 1..100000");
        }
        SiteHistory history = new SiteHistory(everyMillis, keepSnapshots);
        long idleMillis = untilIdle == null ? 0 : Math.max(1, Durations.parseNanos(untilIdle) / 1_000_000L);
        CountDownLatch finished = new CountDownLatch(1);
        try (BaselineStore store = database.openWriter("otb hub")) {
            Hub hub = new Hub(new Hub.Options(source, group, maxPoll, idleMillis, partitions, history), store,
                    new Hub.Listener() {
                        @Override
                        public void applied(int records, SiteBatch.Result result) {
                            if (!quiet) {
                                System.out.printf("%d records: %d new alerts, %d folded, %d repeated%s%n", records,
                                        result.newAlerts(), result.foldedAlerts(), result.repeated(),
                                        result.snapshot() > 0 ? "; site snapshot " + result.snapshot() : "");
                            }
                        }

                        @Override
                        public void badRecord(String topic, int partition, long offset, String reason) {
                            System.err.println("hub: skipped record " + topic + "/" + partition + "@" + offset + ": "
                                    + reason);
                        }

                        @Override
                        public void broker(String line) {
                            System.err.println("hub: " + line);
                        }
                    });
            Thread hook = new Thread(() -> {
                hub.stop();
                try {
                    finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "otb-hub-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                Hub.Totals totals = hub.run();
                System.out.printf("hub: %d records in %d transactions: %d alert records, %d baselines, %d health, "
                        + "%d skipped%n", totals.records(), totals.transactions(), totals.alerts(), totals.baselines(),
                        totals.health(), totals.badRecords());
                return totals.badRecords() > 0 ? ExitCode.INPUT : ExitCode.OK;
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook is running
                }
            }
        } catch (SiteException | StoreException e) {
            throw new InputException(e.getMessage(), e);
        }
    }
}
