package otb.cli;

import java.util.Optional;
import otb.baseline.DetectionConfig;
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

    /** The syslog sink, connected, when --syslog was given. */
    Optional<SyslogAlertSink> syslogSink() throws InputException {
        return syslog == null ? Optional.empty() : Optional.of(SyslogAlertSink.connect(syslog, syslogTransport));
    }
}
