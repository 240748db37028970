package otb.cli;

import java.io.PrintStream;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import otb.capture.LiveStatistics;

/**
 * Watches the live capture's counters for {@code otb monitor} (called every second on the
 * pipeline thread): new losses raise CAPTURE_LOSS with how many frames were lost since the last
 * reading, an interface silent for the limit raises NO_TRAFFIC once until traffic returns, and
 * the counters are logged every statistics interval. Wall-clock based: these are facts about
 * the sensor, not about the traffic.
 */
final class MonitorCaptureWatch implements Consumer<LiveStatistics> {

    /** Where the two live-only alerts go (the detector, once detecting). */
    interface Alerts {
        void captureLoss(long framesLost);

        void noTraffic(long silentNanos);
    }

    private final String interfaceName;
    private final long logIntervalNanos;
    private final long silentLimitNanos;
    private final LongSupplier monotonicNanos;
    private final PrintStream err;
    private final Alerts alerts;
    private long lastLost;
    private long lastFrames;
    private long lastTraffic;
    private long nextLog;
    private boolean silentRaised;

    MonitorCaptureWatch(String interfaceName, long logIntervalNanos, long silentLimitNanos, LongSupplier monotonicNanos,
                        PrintStream err, Alerts alerts) {
        this.interfaceName = interfaceName;
        this.logIntervalNanos = logIntervalNanos;
        this.silentLimitNanos = silentLimitNanos;
        this.monotonicNanos = monotonicNanos;
        this.err = err;
        this.alerts = alerts;
        long now = monotonicNanos.getAsLong();
        this.lastTraffic = now;
        this.nextLog = now + logIntervalNanos;
    }

    @Override
    public void accept(LiveStatistics statistics) {
        long now = monotonicNanos.getAsLong();
        long lost = statistics.lost();
        if (lost > lastLost) {
            alerts.captureLoss(lost - lastLost);
            err.printf("otb: monitor %s: %d frames lost (%s)%n", interfaceName, lost - lastLost, statistics.summary());
            lastLost = lost;
        }
        if (statistics.framesQueued() != lastFrames) {
            lastFrames = statistics.framesQueued();
            lastTraffic = now;
            silentRaised = false;
        } else if (!silentRaised && now - lastTraffic >= silentLimitNanos) {
            silentRaised = true;
            alerts.noTraffic(now - lastTraffic);
            err.printf("otb: monitor %s: no traffic for %s%n", interfaceName, Durations.format(now - lastTraffic));
        }
        if (now - nextLog >= 0) {
            nextLog = now + logIntervalNanos;
            err.printf("otb: monitor %s: %s%n", interfaceName, statistics.summary());
        }
    }
}
