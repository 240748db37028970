package otb.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import otb.capture.CaptureException;
import otb.capture.CaptureFiles;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.DissectorConfig;
import otb.dissect.Dissectors;
import otb.dissect.OtEvent;

/**
 * Reads capture files in order through one dissection pipeline (flows carry over, as for
 * rotated captures). A damaged file ends that file with one error line; what was read before
 * the damage is kept, and the run goes on with the next file.
 */
final class CaptureRun {
    private final List<Path> files;
    private final DissectorConfig config;
    private final CommonOptions common;
    private final List<String> errors = new ArrayList<>();
    private long frames;

    CaptureRun(List<Path> files, DissectorConfig config, CommonOptions common) {
        this.files = files;
        this.config = config;
        this.common = common;
    }

    /** Runs every file through the pipeline into {@code out}; errors are collected, not thrown. */
    void run(Consumer<? super OtEvent> out, PrintStream err) {
        Dissection dissection = new Dissection(CaptureLimits.defaults(), config, Dissectors.all(), out);
        long totalBytes = 0;
        for (Path file : files) {
            try {
                totalBytes += Files.size(file);
            } catch (java.io.IOException e) {
                // reported when the file is opened
            }
        }
        try (Progress progress = Progress.start(totalBytes, common.quiet, err)) {
            dissection.engine().frameObserver(packet -> progress.frame(packet.capturedLength() + 16L));
            for (Path file : files) {
                try (PacketSource source = CaptureFiles.open(file)) {
                    dissection.process(source);
                } catch (CaptureException e) {
                    errors.add(e.getMessage());
                }
            }
            dissection.finish();
            frames = dissection.captureCounters().frames();
        }
        for (String error : errors) {
            err.println("otb: " + error);
        }
    }

    boolean failed() {
        return !errors.isEmpty();
    }

    long frames() {
        return frames;
    }
}
