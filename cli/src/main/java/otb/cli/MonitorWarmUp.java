package otb.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import otb.baseline.Baseline;
import otb.baseline.Cells;
import otb.baseline.DetectionConfig;
import otb.baseline.Detector;
import otb.baseline.Learner;
import otb.capture.CaptureException;
import otb.capture.CaptureFiles;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.DissectorConfig;
import otb.dissect.Dissectors;
import otb.sim.PlantSimulator;
import otb.sim.SimulationOptions;

/**
 * Runs simulated plant traffic (otb simulate) through a throwaway pipeline before {@code otb
 * monitor} opens the interface, so that the JIT has compiled decoding, reassembly, the
 * dissectors, the learner and the detector before the first real frame. Without it the
 * pipeline's first seconds run about ten times slower and a busy link fills the kernel buffer
 * (capture/bench/README.md). Nothing of it reaches the database or the sinks.
 */
final class MonitorWarmUp {
    /**
     * Frames of simulated traffic written once and read as often as needed (about 20 MB in the
     * temporary directory).
     */
    static final long FILE_FRAMES = 250_000;

    private MonitorWarmUp() {
    }

    /**
     * Runs {@code frames} simulated frames through a learner and a detector against
     * {@code baseline}, in rounds over one file of at most {@link #FILE_FRAMES}.
     */
    static void run(long frames, Baseline baseline, Cells cells, DetectionConfig detection, DissectorConfig dissection)
            throws IOException {
        if (frames <= 0) {
            return;
        }
        Path file = Files.createTempFile("otb-monitor-warm-up", ".pcap");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                PlantSimulator.run(new SimulationOptions(1, SimulationOptions.DEFAULT_START, null,
                        Math.min(frames, FILE_FRAMES), List.of(), true), out);
            }
            for (long done = 0; done < frames; done += FILE_FRAMES) {
                Learner learner = new Learner(cells, new Baseline());
                Detector detector = new Detector(cells, baseline, detection, List.of());
                Dissection pipeline = new Dissection(CaptureLimits.defaults(), dissection, Dissectors.all(), event -> {
                    learner.accept(event);
                    detector.accept(event);
                });
                try (PacketSource source = CaptureFiles.open(file)) {
                    pipeline.process(source);
                } catch (CaptureException e) {
                    throw new IOException(e.getMessage(), e);
                }
                pipeline.finish();
                detector.finish();
            }
        } catch (otb.baseline.AlertSink.AlertSinkException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
