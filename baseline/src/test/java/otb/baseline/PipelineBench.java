package otb.baseline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.detect.Detector;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;

/**
 * The whole pipeline on a real capture file (page cache): capture engine, dissectors, then
 * nothing, the learner, or the detector; a benchmark, not a test. Run with
 * {@code baseline/bench pipeline FILE [REPEATS]}.
 */
public final class PipelineBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Cells cells = Cells.automatic();
        Learner learned = new Learner(cells, new Baseline());
        run(file, 1, learned);
        Baseline baseline = learned.baseline();
        for (int round = 0; round < 3; round++) {
            long[] messages = new long[1];
            Consumer<OtEvent> count = event -> messages[0] += event instanceof OtMessage ? 1 : 0;
            time("dissect only", file, repeats, count, messages);
            Learner learner = new Learner(cells, new Baseline());
            time("dissect+learn", file, repeats, count.andThen(learner), messages);
            Detector detector = new Detector(cells, baseline, DetectionConfig.defaults(),
                    List.of(new Detection.Collecting()));
            time("dissect+detect", file, repeats, count.andThen(detector), messages);
        }
    }

    private static void time(String what, Path file, int repeats, Consumer<OtEvent> out, long[] messages)
            throws Exception {
        messages[0] = 0;
        long cpu = THREADS.getCurrentThreadCpuTime();
        run(file, repeats, out);
        long cpuNanos = THREADS.getCurrentThreadCpuTime() - cpu;
        System.out.printf(Locale.ROOT, "%-15s %,11d messages, %,6d ms CPU: %,5.2f M messages per CPU second%n", what,
                messages[0], cpuNanos / 1_000_000, messages[0] / (cpuNanos / 1e9) / 1e6);
    }

    private static void run(Path file, int repeats, Consumer<OtEvent> out) throws Exception {
        for (int i = 0; i < repeats; i++) {
            Dissection dissection = Dissection.withDefaults(out);
            try (PacketSource source = CaptureFiles.open(file)) {
                dissection.process(source);
            }
            dissection.finish();
        }
    }
}
