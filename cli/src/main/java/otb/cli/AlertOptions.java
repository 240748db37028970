package otb.cli;

import java.util.List;
import java.util.function.Supplier;
import otb.baseline.detect.DetectionConfig;
import otb.runtime.AlertSinkOpener;
import otb.runtime.PipelineException;
import otb.runtime.SignedBaselineLabel;
import otb.runtime.SyslogAlertSink;
import picocli.CommandLine.Option;

/** Alert options shared by the commands that detect: syslog forwarding and de-duplication. */
public final class AlertOptions {
    @Option(names = "--syslog", paramLabel = "HOST:PORT", description = "Also send alerts to a syslog collector.")
    String syslog;

    @Option(names = "--syslog-transport", paramLabel = "udp|tcp", defaultValue = "udp",
            description = "Syslog over udp or tcp (default: ${DEFAULT-VALUE}).")
    SyslogAlertSink.Transport syslogTransport;

    @Option(names = "--dedup-window", paramLabel = "DURATION", defaultValue = "10m",
            description = "Repeats of an alert within this capture time are counted, not repeated (default: ${DEFAULT-VALUE}).")
    String dedupWindow;

    /** Detection thresholds with the chosen de-duplication window. */
    DetectionConfig detectionConfig() {
        return DetectionConfig.defaults().withDedupWindow(Durations.parseNanos(dedupWindow));
    }

    /**
     * The syslog sink when --syslog was given, opened (its HOST:PORT read and connected) when the
     * pipeline starts.
     */
    List<AlertSinkOpener> sinkOpeners() {
        return sinkOpeners(() -> null);
    }

    /**
     * As {@link #sinkOpeners()}, syslog messages naming the signed baseline detected against:
     * {@code label} is asked when the sink opens (null: none).
     */
    List<AlertSinkOpener> sinkOpeners(Supplier<SignedBaselineLabel> label) {
        if (syslog == null) {
            return List.of();
        }
        String target = syslog;
        SyslogAlertSink.Transport transport = syslogTransport;
        return List.of(() -> connect(target, transport, label.get()));
    }

    /** Reads HOST:PORT (IPv6 as [addr]:port) and connects. */
    private static SyslogAlertSink connect(String target, SyslogAlertSink.Transport transport,
                                           SignedBaselineLabel label) throws PipelineException {
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new UsageException("--syslog " + target + ": expected HOST:PORT");
        }
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("--syslog " + target + ": bad port");
        }
        return SyslogAlertSink.connect(host, port, transport, label);
    }
}
