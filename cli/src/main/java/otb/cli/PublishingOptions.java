package otb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import otb.site.PublishOptions;
import otb.site.PublishTarget;
import otb.site.SiteException;
import otb.site.SitePublisher;
import picocli.CommandLine.Option;

/** {@code --publish} and its settings: a sensor of a site sends its alerts, baselines and health to Kafka. */
final class PublishingOptions {
    @Option(names = "--publish", paramLabel = "kafka://HOST:PORT[,HOST:PORT]/PREFIX",
            description = "Also publish alerts, learned baselines and health to Kafka topics PREFIX.alerts, "
                    + "PREFIX.baselines and PREFIX.health, for 'otb hub' (README, \"A site of many sensors\").")
    String publish;

    @Option(names = "--sensor-id", paramLabel = "ID",
            description = "This sensor's id in the site (letters, digits, '.', '_', '-'; default: the host name).")
    String sensorId;

    @Option(names = "--publish-spool", paramLabel = "DIR",
            description = "Where records wait while the broker is away (default: the database's path + .spool).")
    Path spool;

    @Option(names = "--publish-spool-mib", paramLabel = "MIB", defaultValue = "256",
            description = "Bound of that spool on disk; past it records are dropped, counted and raised once as "
                    + "BUDGET_EXCEEDED (default: ${DEFAULT-VALUE}).")
    long spoolMiB;

    @Option(names = "--publish-wait", paramLabel = "DURATION", defaultValue = "30s",
            description = "At the end, how long to wait for the broker to take what is spooled; the rest is sent by "
                    + "the next run (default: ${DEFAULT-VALUE}).")
    String publishWait;

    boolean given() {
        return publish != null;
    }

    /** Opens the publisher for a run on {@code database}; null without --publish. */
    SitePublisher open(Path database) throws InputException {
        if (publish == null) {
            return null;
        }
        PublishOptions options;
        try {
            if (spoolMiB < 1 || spoolMiB > (1L << 20)) {
                throw new UsageException("--publish-spool-mib " + spoolMiB + ": use 1..1048576");
            }
            options = new PublishOptions(PublishTarget.parseUrl(publish), sensorId == null ? hostName() : sensorId,
                    spool == null ? Path.of(database + ".spool") : spool, spoolMiB << 20,
                    Durations.parseNanos(publishWait) / 1_000_000L, 12);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--publish: " + e.getMessage());
        }
        try {
            return SitePublisher.open(options, line -> System.err.println("publish: " + line));
        } catch (SiteException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    /** Waits for the spool to drain (up to --publish-wait) and says what is left; true when nothing is. */
    static boolean finish(SitePublisher publisher, PrintStream err) {
        if (publisher == null) {
            return true;
        }
        long left = publisher.finish();
        if (publisher.dropped() > 0) {
            err.println("publish: " + publisher.dropped() + " records dropped: the spool was full");
        }
        if (left > 0) {
            err.println("publish: " + left + " records still spooled; the next run with --publish sends them");
            return false;
        }
        return true;
    }

    /** The host name, kept to the characters a sensor id may have. */
    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                name = "";
            }
        }
        name = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return name.isEmpty() ? "sensor" : name.substring(0, Math.min(100, name.length()));
    }
}
