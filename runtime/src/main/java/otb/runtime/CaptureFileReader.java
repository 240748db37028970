package otb.runtime;

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
 * rotated captures). A damaged file ends that file with one error; what was read before the
 * damage is kept, and the run goes on with the next file.
 */
public final class CaptureFileReader {

    /** What a read did: frames decoded, and one line per file that could not be read to its end. */
    public record Result(long frames, List<String> errors) {
        public Result {
            errors = List.copyOf(errors);
        }

        public boolean failed() {
            return !errors.isEmpty();
        }
    }

    private CaptureFileReader() {
    }

    /**
     * Runs every file through the pipeline into {@code out}; {@code frameObserver} sees every frame
     * before decoding (progress; null for none). Errors are collected, not thrown.
     */
    public static Result read(List<Path> files, DissectorConfig config, Consumer<? super OtEvent> out,
                              PacketSource.FrameHandler frameObserver) {
        Dissection dissection = new Dissection(CaptureLimits.defaults(), config, Dissectors.all(), out);
        dissection.engine().frameObserver(frameObserver);
        List<String> errors = new ArrayList<>();
        for (Path file : files) {
            try (PacketSource source = CaptureFiles.open(file)) {
                dissection.process(source);
            } catch (CaptureException e) {
                errors.add(e.getMessage());
            }
        }
        dissection.finish();
        return new Result(dissection.captureCounters().frames(), errors);
    }
}
