package otb.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.AlertSink;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.detect.Detector;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.dissect.OtEvent;

/** Test helpers: learn a plant, run a detector, collect alerts. */
public final class Detection {
    private Detection() {
    }

    /** Learns {@code cycles} cycles of a fresh plant's normal traffic. */
    public static Baseline learn(Plant plant, Cells cells, int cycles) {
        Learner learner = new Learner(cells, new Baseline());
        plant.open(learner);
        plant.run(cycles, learner);
        return learner.baseline();
    }

    public static final class Collecting implements AlertSink {
        public final List<Alert> alerts = new ArrayList<>();
        public final List<Alert> opened = new ArrayList<>();

        @Override
        public void opened(Alert first) {
            opened.add(first);
        }

        @Override
        public void accept(Alert alert) {
            alerts.add(alert);
        }
    }

    /** Runs a detector over what {@code traffic} emits and returns the final alerts. */
    public static List<Alert> detect(Baseline baseline, Cells cells, Consumer<Consumer<OtEvent>> traffic) {
        return detect(baseline, cells, DetectionConfig.defaults(), traffic);
    }

    public static List<Alert> detect(Baseline baseline, Cells cells, DetectionConfig config,
                              Consumer<Consumer<OtEvent>> traffic) {
        Collecting sink = new Collecting();
        Detector detector = new Detector(cells, baseline, config, List.of(sink));
        traffic.accept(detector);
        try {
            detector.finish();
        } catch (AlertSink.AlertSinkException e) {
            throw new AssertionError(e);
        }
        return sink.alerts;
    }

    public static List<Alert> of(List<Alert> alerts, AlertKind kind) {
        return alerts.stream().filter(alert -> alert.kind() == kind).toList();
    }

    public static String describe(List<Alert> alerts) {
        StringBuilder text = new StringBuilder();
        for (Alert alert : alerts) {
            text.append('\n').append(alert.jsonLine());
        }
        return text.toString();
    }
}
