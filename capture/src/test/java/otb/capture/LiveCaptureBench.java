package otb.capture;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * By-hand benchmark of live capture (not a test): captures on an interface through
 * {@link LiveCapture} into a {@link CaptureEngine} (decode, flow table, TCP reassembly) until no
 * frame arrived for the idle time, then prints frames and every loss counter. Run by
 * {@code capture/bench/live-capture-bench.sh}, which replays traffic at given rates.
 *
 * <p>Arguments: interface, idle seconds (default 3), kernel buffer MiB (default 32). System
 * properties: {@code otb.bench.immediate=true} for immediate mode, {@code otb.bench.engine=false}
 * to measure capture alone (no decoding).
 */
public final class LiveCaptureBench {
    private LiveCaptureBench() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        long idleNanos = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 3).toNanos();
        int bufferMiB = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        long[] payloadBytes = new long[1];
        FlowListener sink = new FlowListener() {
            @Override
            public void flowStarted(Flow flow, Packet packet) {
            }

            @Override
            public void data(Flow flow, Direction direction, ByteBuffer payload, Packet packet) {
                payloadBytes[0] += payload.remaining();
            }

            @Override
            public void gap(Flow flow, Direction direction, long missingBytes, Packet packet) {
            }

            @Override
            public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
            }
        };
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), sink);
        LiveCaptureOptions options = LiveCaptureOptions.defaults(name).withKernelBufferBytes(bufferMiB << 20)
                .withStatisticsInterval(Duration.ofSeconds(3600));
        options = options.withImmediateMode(Boolean.parseBoolean(System.getProperty("otb.bench.immediate", "false")));
        boolean decode = Boolean.parseBoolean(System.getProperty("otb.bench.engine", "true"));
        try (LiveCapture capture = LiveCapture.open(options, new LiveCapture.Events() { })) {
            long[] first = {0};
            long[] last = {0};
            Thread watchdog = new Thread(() -> {
                long seen = -1;
                long quietSince = System.nanoTime();
                while (true) {
                    LiveTestSleep.sleep(200);
                    long now = System.nanoTime();
                    long frames = capture.statistics().framesDelivered();
                    if (frames != seen) {
                        seen = frames;
                        quietSince = now;
                    } else if (frames > 0 && now - quietSince > idleNanos) {
                        capture.stop();
                        return;
                    }
                }
            });
            watchdog.setDaemon(true);
            watchdog.start();
            System.err.println("capturing on " + name + " (kernel buffer " + bufferMiB + " MiB)");
            capture.run(packet -> {
                long now = System.nanoTime();
                if (first[0] == 0) {
                    first[0] = now;
                }
                last[0] = now;
                if (decode) {
                    engine.accept(packet);
                }
            });
            engine.finish();
            LiveStatistics s = capture.statistics();
            double seconds = Math.max(1e-9, (last[0] - first[0]) / 1e9);
            long cpuNanos = ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            System.out.printf("otb: %d frames in %.2f s (%.0f frames/s), payload %d bytes; kernel received %d,"
                            + " kernel dropped %d, interface dropped %d, queue overflows %d; process CPU %.2f s%n",
                    s.framesDelivered(), seconds, s.framesDelivered() / seconds, payloadBytes[0], s.kernelReceived(),
                    s.kernelDropped(), s.interfaceDropped(), s.queueOverflows(), cpuNanos / 1e9);
        }
    }
}

/** Sleep without a checked exception, for the bench's watchdog. */
final class LiveTestSleep {
    private LiveTestSleep() {
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
