package otb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;
import otb.dissect.DissectorConfig;
import otb.dissect.OtEvent;
import otb.runtime.CaptureFileReader;

/**
 * Reads capture files through the runtime's pipeline with progress on stderr; afterwards prints
 * one error line per file that could not be read to its end (what was read before is kept).
 */
final class CaptureRun {
    /** A read of files into the pipeline: {@link CaptureFileReader#read} or a runtime's own read. */
    interface Reading {
        CaptureFileReader.Result read(List<Path> files, DissectorConfig config, PacketSource.FrameHandler frameObserver);
    }

    /** A read with a number of threads: {@code OfflineLearning::read}, {@code OfflineAnalysis::read}. */
    interface ThreadedReading {
        CaptureFileReader.Result read(List<Path> files, DissectorConfig config, PacketSource.FrameHandler frameObserver,
                                      int threads, CaptureLimits limits);
    }

    private final List<Path> files;
    private final DissectorConfig config;
    private final CaptureLimits limits;
    private final CommonOptions common;
    private CaptureFileReader.Result result = new CaptureFileReader.Result(0, List.of());

    /** @param limits the capture engine's budgets ({@code --max-flows}) */
    CaptureRun(List<Path> files, DissectorConfig config, CaptureLimits limits, CommonOptions common) {
        this.files = files;
        this.config = config;
        this.limits = limits;
        this.common = common;
    }

    /** Runs every file through the pipeline into {@code out}; errors are printed, not thrown. */
    void run(Consumer<? super OtEvent> out, PrintStream err) {
        run((files, config, observer) -> CaptureFileReader.read(files, config, out, observer, 1, limits), err);
    }

    /** Runs every file through {@code reading} with {@code threads} threads; errors are printed, not thrown. */
    void run(ThreadedReading reading, int threads, PrintStream err) {
        run((files, config, observer) -> reading.read(files, config, observer, threads, limits), err);
    }

    /** Runs every file through {@code reading}; errors are printed, not thrown. */
    void run(Reading reading, PrintStream err) {
        long totalBytes = 0;
        for (Path file : files) {
            try {
                totalBytes += Files.size(file);
            } catch (IOException e) {
                // reported when the file is opened
            }
        }
        try (Progress progress = Progress.start(totalBytes, common.quiet, err)) {
            result = reading.read(files, config, packet -> progress.frame(packet.capturedLength() + 16L));
        }
        for (String error : result.errors()) {
            err.println("otb: " + error);
        }
    }

    boolean failed() {
        return result.failed();
    }

    long frames() {
        return result.frames();
    }
}
