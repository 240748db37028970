package otb.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.AlertSink;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.detect.Detector;
import otb.baseline.model.Baseline;
import otb.capture.LiveStatistics;
import org.junit.jupiter.api.Test;

/**
 * The counters watch of a live run, driven with a hand-moved clock, raising its alerts through
 * a real detector into a recording sink and reporting to a recording listener: losses become
 * CAPTURE_LOSS with the frames lost since the last reading, silence becomes NO_TRAFFIC once until
 * traffic returns, the counters are reported every interval.
 */
class CaptureWatchTest {
    private static final long SECOND = 1_000_000_000L;

    private final long[] clock = {0};
    private final List<Alert> alerts = new ArrayList<>();
    private final Detector detector = new Detector(Cells.automatic(), new Baseline(), DetectionConfig.defaults(),
            List.of(new AlertSink() {
                @Override
                public void accept(Alert alert) {
                    alerts.add(alert);
                }
            }));
    private final RecordingMonitorListener log = new RecordingMonitorListener();
    private final CaptureWatch watch = new CaptureWatch("eth9", 60 * SECOND, 300 * SECOND,
            () -> clock[0], log, new CaptureWatch.Alerts() {
                @Override
                public void captureLoss(long framesLost) {
                    detector.reportCaptureLoss(1_700_000_000L * SECOND + clock[0], "eth9", framesLost);
                }

                @Override
                public void noTraffic(long silentNanos) {
                    detector.reportNoTraffic(1_700_000_000L * SECOND + clock[0], "eth9", silentNanos);
                }
            });

    private static LiveStatistics counters(long frames, long kernelDropped, long queueOverflows) {
        return new LiveStatistics(frames, frames * 80, frames, frames + kernelDropped, kernelDropped, 0,
                queueOverflows, 0);
    }

    private void tick(LiveStatistics statistics) {
        clock[0] += SECOND;
        watch.accept(statistics);
    }

    @Test
    void lossesRaiseCaptureLossWithTheFramesLostSinceTheLastReading() throws Exception {
        tick(counters(100, 0, 0));
        tick(counters(200, 5, 0));
        tick(counters(300, 5, 2));
        tick(counters(400, 5, 2));
        detector.finish();
        List<Alert> loss = alerts.stream().filter(a -> a.kind() == AlertKind.CAPTURE_LOSS).toList();
        assertEquals(1, loss.size(), "one alert, de-duplicated: " + alerts);
        assertEquals(2, loss.get(0).count(), "two readings with new losses");
        assertEquals("eth9", loss.get(0).input());
        assertEquals("5 packets lost", loss.get(0).detail(), "the first reading's loss");
        assertEquals(List.of("framesLost eth9 5", "framesLost eth9 2"), log.events("framesLost"));
    }

    @Test
    void silenceRaisesNoTrafficOnceUntilTrafficReturns() throws Exception {
        tick(counters(100, 0, 0));
        for (int i = 0; i < 400; i++) {
            tick(counters(100, 0, 0));
        }
        tick(counters(150, 0, 0));
        for (int i = 0; i < 299; i++) {
            tick(counters(150, 0, 0));
        }
        detector.finish();
        List<Alert> silent = alerts.stream().filter(a -> a.kind() == AlertKind.NO_TRAFFIC).toList();
        assertEquals(1, silent.size(), alerts.toString());
        assertEquals(1, silent.get(0).count(), "once for the 400 s of silence; 299 s later is below the limit");
        assertEquals("no packet for 300.000 s", silent.get(0).detail());
        assertEquals(List.of("noTraffic eth9 " + 300 * SECOND), log.events("noTraffic"));
        assertTrue(alerts.stream().noneMatch(a -> a.kind() == AlertKind.CAPTURE_LOSS));
    }

    @Test
    void countersAreLoggedEveryInterval() {
        for (int i = 0; i < 180; i++) {
            tick(counters(i, 0, 0));
        }
        assertEquals(3, log.events("counters").size(), "180 s at one report a minute");
    }
}
