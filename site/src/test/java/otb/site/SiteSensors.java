package otb.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.baseline.store.StoredAlert;
import otb.dissect.DissectorConfig;
import otb.runtime.CaptureFileReader;
import otb.runtime.OfflineAnalysis;
import otb.runtime.OfflineLearning;

/** Sensors of the tests, run through the runtime as {@code otb learn} and {@code otb analyze --publish} run them. */
final class SiteSensors {
    static final Path DEMO = Path.of("fixtures/pcaps/demo");
    static final Path LEARN = DEMO.resolve("demo-learn.pcap");
    static final Path ATTACK = DEMO.resolve("demo-attack.pcap");
    static final Path CELLS = DEMO.resolve("cells.conf");

    private SiteSensors() {
    }

    /** Learns {@code learn} into a fresh {@code database}; with a publisher, publishes the learned baseline. */
    static void learn(Path database, Path learn, SitePublisher publisher) throws Exception {
        learn(database, learn, publisher, 1);
    }

    /** As {@link #learn(Path, Path, SitePublisher)}, publishing the learned baseline {@code times} times. */
    static void learn(Path database, Path learn, SitePublisher publisher, int times) throws Exception {
        Cells cells = Cells.load(CELLS);
        try (BaselineStore store = BaselineStore.open(database)) {
            OfflineLearning learning = OfflineLearning.start(store, cells, true);
            CaptureFileReader.Result read = learning.read(List.of(learn), DissectorConfig.defaults(), null);
            assertFalse(read.failed(), read.errors().toString());
            learning.save(learn.toString(), "");
            if (publisher != null) {
                publisher.cellsText(cells.text());
                for (int i = 0; i < times; i++) {
                    publisher.publishBaseline(learning.baseline().copy(), 0, 0, false);
                }
            }
        }
    }

    /** Analyses {@code attack} against the newest snapshot of {@code database}, storing and publishing the alerts. */
    static List<StoredAlert> analyze(Path database, Path attack, SitePublisher publisher) throws Exception {
        try (BaselineStore store = BaselineStore.open(database)) {
            Snapshot baseline = store.loadLatest();
            try (OfflineAnalysis analysis = OfflineAnalysis.start(store, baseline, DetectionConfig.defaults(),
                    new OfflineAnalysis.Sinks(true, null, publisher == null ? List.of() : List.of(() -> publisher)),
                    List.of())) {
                CaptureFileReader.Result read = analysis.read(List.of(attack), DissectorConfig.defaults(), null);
                assertFalse(read.failed(), read.errors().toString());
                analysis.finish();
            }
            return store.alerts(Optional.empty(), Severity.INFO, 1_000_000);
        }
    }

    /** A publisher for the tests: a spool of {@code spoolBytes}, a minute to drain, notices collected. */
    static SitePublisher publisher(String bootstrap, String sensor, Path spool, long spoolBytes, List<String> notices)
            throws SiteException {
        return SitePublisher.open(new PublishOptions(PublishTarget.parse(bootstrap + "/site"), sensor, spool, spoolBytes,
                60_000, 3), line -> {
                    synchronized (notices) {
                        notices.add(line);
                    }
                });
    }

    static List<String> notices() {
        return new ArrayList<>();
    }
}
