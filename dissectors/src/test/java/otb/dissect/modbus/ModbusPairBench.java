package otb.dissect.modbus;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import otb.capture.CaptureEngine;
import otb.capture.CaptureFiles;
import otb.capture.CaptureLimits;
import otb.capture.FlowListener;
import otb.capture.PacketSource;
import otb.dissect.Dispatcher;
import otb.dissect.DissectorConfig;
import otb.dissect.Dissectors;
import otb.dissect.OtMessage;

/**
 * Bench script (not a test; run by dissectors/bench/modbus-pair.sh): compares two builds of the
 * capture engine and dissectors by what dissection costs as the engine runs it (pipeline minus
 * engine, ns/frame), both in one JVM. Each build is loaded by a class loader of its own, so each
 * has its own classes, compiled code and profiles; their rounds alternate, so the machine's
 * drift hits both alike. Prints the median of the paired differences (B minus A): one JVM's
 * compiled code can be slower or faster by chance, so the script runs several JVMs, swapping
 * which build is loaded first, and the median over them is the figure to trust.
 *
 * <p>Arguments: PCAP ROUNDS CLASSPATH_A CLASSPATH_B (each a build's capture and dissectors
 * classes, this class's directory and the libraries, separated by the path separator).
 */
public final class ModbusPairBench {
    private ModbusPairBench() {
    }

    public static void main(String[] args) throws Exception {
        String pcap = args[0];
        int rounds = Integer.parseInt(args[1]);
        Variant[] variants = {load(args[2], pcap), load(args[3], pcap)};
        int warmup = rounds / 4;
        double[][] dissection = new double[2][rounds - warmup];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < 2; k++) {
                int which = (round + k) % 2;
                double nanos = variants[which].round();
                if (round >= warmup) {
                    dissection[which][round - warmup] = nanos;
                }
            }
        }
        double[] differences = new double[rounds - warmup];
        for (int i = 0; i < differences.length; i++) {
            differences[i] = dissection[1][i] - dissection[0][i];
        }
        System.out.printf("A %.2f  B %.2f  B-A %+.2f ns/frame (medians of %d paired rounds)%n",
                median(dissection[0]), median(dissection[1]), median(differences), differences.length);
    }

    /** One build's {@link Run}, through its own class loader. */
    private record Variant(Object run, java.lang.reflect.Method roundMethod) {
        double round() throws Exception {
            return (double) roundMethod.invoke(run);
        }
    }

    private static Variant load(String classpath, String pcap) throws Exception {
        URL[] urls = Arrays.stream(classpath.split(File.pathSeparator)).filter(part -> !part.isEmpty())
                .map(part -> {
                    try {
                        return new File(part).toURI().toURL();
                    } catch (java.net.MalformedURLException e) {
                        throw new IllegalArgumentException(part, e);
                    }
                }).toArray(URL[]::new);
        // The platform loader as parent: nothing of otb is shared with the other build.
        ClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
        Class<?> type = loader.loadClass(Run.class.getName());
        Object run = type.getConstructor(String.class).newInstance(pcap);
        return new Variant(run, type.getMethod("round"));
    }

    /** A build's round: the engine alone and the whole pipeline, back to back, order alternating. */
    public static final class Run {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final Path pcap;
        private boolean engineFirst;
        /** What the listeners and the consumer read, so that nothing is optimised away. */
        public long sink;

        public Run(String pcap) {
            this.pcap = Path.of(pcap);
        }

        /** Dissection's cost in this round: pipeline minus engine, ns per frame. */
        public double round() throws Exception {
            long[] read = new long[1];
            EngineOnlyListener engineOnly = new EngineOnlyListener();
            engineFirst = !engineFirst;
            double engine = engineFirst ? run(engineOnly) : 0;
            double pipeline = run(new Dispatcher(Dissectors.all(), DissectorConfig.defaults(), event -> {
                if (event instanceof OtMessage message) {
                    read[0] += message.unit() + message.frame();
                }
            }));
            if (!engineFirst) {
                engine = run(engineOnly);
            }
            sink += read[0] + engineOnly.read;
            return pipeline - engine;
        }

        private double run(FlowListener listener) throws Exception {
            long start = THREADS.getCurrentThreadCpuTime();
            CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
            try (PacketSource source = CaptureFiles.open(pcap)) {
                engine.process(source);
            }
            engine.finish();
            return (double) (THREADS.getCurrentThreadCpuTime() - start) / engine.counters().frames();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
