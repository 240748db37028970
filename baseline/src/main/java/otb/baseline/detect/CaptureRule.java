package otb.baseline.detect;

import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.model.Formats;

/** What a live capture itself reports: CAPTURE_LOSS and NO_TRAFFIC, folded per input. */
final class CaptureRule {
    /** Losses fold per input. */
    record LossKey(String input) implements AlertKey {
        @Override
        public String text() {
            return "loss|" + input;
        }
    }

    /** Silences of an input fold per input. */
    record SilentInputKey(String input) implements AlertKey {
        @Override
        public String text() {
            return "silent|" + input;
        }
    }

    private final DetectionContext context;

    CaptureRule(DetectionContext context) {
        this.context = context;
    }

    /** Live capture lost packets. */
    void captureLoss(long nanos, String input, long packetsLost) {
        context.raise(Alert.builder(AlertKind.CAPTURE_LOSS, new LossKey(input), nanos).evidence(0, input)
                .baseline("capture delivers every packet").detail(packetsLost + " packets lost"));
    }

    /** A live interface delivered nothing for {@code silentNanos}. */
    void noTraffic(long nanos, String input, long silentNanos) {
        context.raise(Alert.builder(AlertKind.NO_TRAFFIC, new SilentInputKey(input), nanos).evidence(0, input)
                .baseline("the interface carries traffic").detail("no packet for " + Formats.seconds(silentNanos)));
    }
}
