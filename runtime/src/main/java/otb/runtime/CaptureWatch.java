package otb.runtime;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import otb.capture.LiveStatistics;

/**
 * Watches the live capture's counters (called every second on the pipeline thread): new losses
 * raise CAPTURE_LOSS with how many frames were lost since the last reading, an interface silent
 * for the limit raises NO_TRAFFIC once until traffic returns, and the counters are reported to
 * the listener every statistics interval. Wall-clock based: these are facts about
 * the sensor, not about the traffic.
 */
final class CaptureWatch implements Consumer<LiveStatistics> {

    /** Where the two live-only alerts go (the detector, once detecting). */
    interface Alerts {
        void captureLoss(long framesLost);

        void noTraffic(long silentNanos);
    }

    private final String interfaceName;
    private final long logIntervalNanos;
    private final long silentLimitNanos;
    private final LongSupplier monotonicNanos;
    private final MonitorListener listener;
    private final Alerts alerts;
    private long lastLost;
    private long lastFrames;
    private long lastTraffic;
    private long nextLog;
    private boolean silentRaised;

    CaptureWatch(String interfaceName, long logIntervalNanos, long silentLimitNanos, LongSupplier monotonicNanos,
                 MonitorListener listener, Alerts alerts) {
        this.interfaceName = interfaceName;
        this.logIntervalNanos = logIntervalNanos;
        this.silentLimitNanos = silentLimitNanos;
        this.monotonicNanos = monotonicNanos;
        this.listener = listener;
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
            listener.framesLost(interfaceName, lost - lastLost, statistics);
            lastLost = lost;
        }
        if (statistics.framesQueued() != lastFrames) {
            lastFrames = statistics.framesQueued();
            lastTraffic = now;
            silentRaised = false;
        } else if (!silentRaised && now - lastTraffic >= silentLimitNanos) {
            silentRaised = true;
            alerts.noTraffic(now - lastTraffic);
            listener.noTraffic(interfaceName, now - lastTraffic);
        }
        if (now - nextLog >= 0) {
            nextLog = now + logIntervalNanos;
            listener.counters(interfaceName, statistics);
        }
    }
}
