package otb.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The three topics of a site and how they are made when missing (README, "A site of many
 * sensors"): alerts kept {@value #ALERT_RETENTION_DAYS} days; baselines compacted (only each
 * sensor's newest is needed) with records up to {@link SiteRecords#MAX_RECORD_BYTES}; health
 * kept {@value #HEALTH_RETENTION_DAYS} day. Partitions default to {@value #DEFAULT_PARTITIONS};
 * the replication factor is the cluster's default. Topics that exist are left as they are.
 */
final class SiteTopics {
    static final int DEFAULT_PARTITIONS = 12;
    static final int ALERT_RETENTION_DAYS = 7;
    static final int HEALTH_RETENTION_DAYS = 1;
    private static final long DAY_MILLIS = 86_400_000L;

    private SiteTopics() {
    }

    /** Creates the missing topics of {@code target}; a one-line exception when the cluster cannot be reached. */
    static void ensure(PublishTarget target, int partitions, long timeoutMillis) throws SiteException {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        // a request that hangs (a broker restarting or starved) is sent again within the call
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE,
                Math.max(1000, timeoutMillis / 3)));
        Admin admin = Admin.create(properties);
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(target.alertsTopic())) {
                missing.add(topic(target.alertsTopic(), partitions, Map.of("retention.ms",
                        Long.toString(ALERT_RETENTION_DAYS * DAY_MILLIS))));
            }
            if (!existing.contains(target.baselinesTopic())) {
                missing.add(topic(target.baselinesTopic(), partitions, Map.of("cleanup.policy", "compact",
                        "max.message.bytes", Integer.toString(SiteRecords.MAX_RECORD_BYTES + 1024 * 1024))));
            }
            if (!existing.contains(target.healthTopic())) {
                missing.add(topic(target.healthTopic(), partitions, Map.of("retention.ms",
                        Long.toString(HEALTH_RETENTION_DAYS * DAY_MILLIS))));
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException e) {
            throw new SiteException("cannot make the topics of " + target + ": " + SiteException.reason(e.getCause()), e);
        } catch (TimeoutException e) {
            throw new SiteException("no answer from " + target.bootstrap() + " within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteException("interrupted", e);
        } finally {
            // not Admin.close(): it waits for calls still pending, up to their own timeouts, after
            // this one has given up on them
            admin.close(java.time.Duration.ZERO);
        }
    }

    private static NewTopic topic(String name, int partitions, Map<String, String> config) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(config);
    }
}
