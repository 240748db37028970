package otb.site;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a sensor publishes and a hub reads: the brokers to bootstrap from and the prefix of the
 * three topics, {@code PREFIX.alerts}, {@code PREFIX.baselines} and {@code PREFIX.health}.
 * Written {@code kafka://HOST:PORT[,HOST:PORT]/PREFIX} on a sensor ({@code --publish}) and
 * {@code HOST:PORT[,HOST:PORT]/PREFIX} on a hub ({@code --kafka}).
 *
 * @param bootstrap comma-separated host:port pairs
 * @param prefix    topic prefix: letters, digits, '.', '_' and '-', at most {@value #MAX_PREFIX} characters
 */
public record PublishTarget(String bootstrap, String prefix) {
    /** Kafka topic names are at most 249 characters; the longest suffix is ".baselines". */
    public static final int MAX_PREFIX = 200;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_PREFIX + "}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");
    private static final String SCHEME = "kafka://";

    /** {@code kafka://HOST:PORT[,HOST:PORT]/PREFIX}; a one-line IllegalArgumentException when it is not that. */
    public static PublishTarget parseUrl(String text) {
        if (!text.startsWith(SCHEME)) {
            throw new IllegalArgumentException("'" + text + "' is not kafka://HOST:PORT[,HOST:PORT]/PREFIX");
        }
        return parse(text.substring(SCHEME.length()));
    }

    /** {@code HOST:PORT[,HOST:PORT]/PREFIX}; a one-line IllegalArgumentException when it is not that. */
    public static PublishTarget parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' has no /PREFIX (topics are PREFIX.alerts, "
                    + "PREFIX.baselines, PREFIX.health)");
        }
        String prefix = text.substring(slash + 1);
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("bad topic prefix '" + prefix + "': 1 to " + MAX_PREFIX
                    + " letters, digits, '.', '_' or '-'");
        }
        List<String> brokers = new ArrayList<>();
        for (String broker : text.substring(0, slash).split(",", -1)) {
            int colon = broker.lastIndexOf(':');
            String host = colon < 0 ? "" : broker.substring(0, colon);
            if (colon < 0 || !HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("bad broker '" + broker + "': HOST:PORT");
            }
            int port;
            try {
                port = Integer.parseInt(broker.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("bad port in '" + broker + "': 1 to 65535");
            }
            brokers.add(host + ":" + port);
        }
        return new PublishTarget(String.join(",", brokers), prefix);
    }

    public String alertsTopic() {
        return prefix + ".alerts";
    }

    public String baselinesTopic() {
        return prefix + ".baselines";
    }

    public String healthTopic() {
        return prefix + ".health";
    }

    public List<String> topics() {
        return List.of(alertsTopic(), baselinesTopic(), healthTopic());
    }

    @Override
    public String toString() {
        return SCHEME + bootstrap + "/" + prefix;
    }
}
