package otb.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark, run by hand through bench/capture.sh (not a test): builds a large Ethernet capture
 * from the shipped ones (repeated with shifted timestamps and shifted addresses, so each
 * repetition makes new flows), then reads + decodes + looks up flows + reassembles it several
 * times and prints packets/s, MB/s, bytes allocated per packet and heap used.
 *
 * <p>Arguments: {@code [--packets N] [--file PATH] [--runs R] [--rebuild]}.
 */
public final class CaptureBenchmark {
    private static final long SECOND = 1_000_000_000L;

    private CaptureBenchmark() {
    }

    /** Consumes what the engine delivers so nothing is optimised away. */
    static final class CountingListener implements FlowListener {
        long payloadBytes;
        long gaps;
        long flows;
        long checksum;

        @Override
        public void flowStarted(Flow flow, Packet packet) {
            flows++;
        }

        @Override
        public void data(Flow flow, Direction direction, ByteBuffer payload, Packet packet) {
            payloadBytes += payload.remaining();
            checksum += payload.get(payload.position());
        }

        @Override
        public void gap(Flow flow, Direction direction, long missingBytes, Packet packet) {
            gaps++;
        }

        @Override
        public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
        }
    }

    public static void main(String[] args) throws Exception {
        long packets = 2_000_000;
        Path file = Path.of("/tmp/otb-bench-capture.pcap");
        int runs = 5;
        boolean rebuild = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--packets" -> packets = Long.parseLong(args[++i]);
                case "--file" -> file = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--rebuild" -> rebuild = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (rebuild || !Files.exists(file)) {
            build(file, packets);
        }
        long fileBytes = Files.size(file);
        System.out.printf(Locale.ROOT, "input %s: %.1f MB, max heap %d MiB%n", file, fileBytes / 1e6,
                Runtime.getRuntime().maxMemory() >> 20);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double best = 0;
        for (int run = 1; run <= runs; run++) {
            CountingListener listener = new CountingListener();
            CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            try (PacketSource source = CaptureFiles.open(file)) {
                engine.process(source);
            }
            engine.finish();
            long elapsed = System.nanoTime() - start;
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            long frames = engine.counters().frames();
            double packetsPerSecond = frames * 1e9 / elapsed;
            best = Math.max(best, packetsPerSecond);
            // CPU time of this thread: what one core does when other processes share the machine.
            System.out.printf(Locale.ROOT,
                    "run %d: %,d packets in %.3f s = %.2f M packets/s, %.0f MB/s (thread CPU %.3f s = %.2f M packets"
                            + "/CPU-s); %d flows, %,d payload bytes, %d gaps; %.1f bytes allocated/packet;"
                            + " heap used %d MiB%n",
                    run, frames, elapsed / 1e9, packetsPerSecond / 1e6, fileBytes * 1e3 / elapsed, cpu / 1e9,
                    frames * 1e3 / cpu, listener.flows, listener.payloadBytes, listener.gaps,
                    (double) allocated / frames, usedHeapMiB());
        }
        System.out.printf(Locale.ROOT, "best: %.2f M packets/s%n", best / 1e6);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "peak heap (sum of pool peaks) %d MiB%n", peak >> 20);
    }

    private static long usedHeapMiB() {
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) >> 20;
    }

    /** A shipped Ethernet frame and its time relative to the start of its capture. */
    private record Template(long offsetNanos, byte[] bytes) {
    }

    static void build(Path file, long packets) throws IOException, CaptureException {
        List<Template> templates = new ArrayList<>();
        long cursor = 0;
        List<Path> captures;
        try (var walk = Files.walk(CaptureFilesManifestTest.PCAPS)) {
            captures = walk.filter(p -> p.toString().matches(".*\\.pcap(ng)?$")).sorted().toList();
        }
        for (Path capture : captures) {
            List<Template> frames = new ArrayList<>();
            long[] first = {Long.MIN_VALUE};
            try (PacketSource source = CaptureFiles.open(capture)) {
                source.run(p -> {
                    if (p.linkType() != 1) {
                        return;
                    }
                    if (first[0] == Long.MIN_VALUE) {
                        first[0] = p.timestampNanos();
                    }
                    byte[] bytes = new byte[p.capturedLength()];
                    p.frame().get(0, bytes);
                    frames.add(new Template(p.timestampNanos() - first[0], bytes));
                });
            }
            long base = cursor;
            for (Template frame : frames) {
                templates.add(new Template(base + Math.max(0, frame.offsetNanos()), frame.bytes()));
                cursor = Math.max(cursor, base + Math.max(0, frame.offsetNanos()));
            }
            cursor += SECOND;
        }
        long span = cursor;
        long written = 0;
        long epoch = 1_700_000_000L * SECOND;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
             PcapWriter writer = new PcapWriter(out, 1, 262_144)) {
            for (int repetition = 0; written < packets; repetition++) {
                for (Template template : templates) {
                    if (written == packets) {
                        break;
                    }
                    byte[] bytes = template.bytes();
                    if (repetition > 0) {
                        bytes = Arrays.copyOf(bytes, bytes.length);
                        shiftAddresses(bytes, repetition);
                    }
                    writer.write(epoch + repetition * span + template.offsetNanos(), bytes);
                    written++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "built %s: %,d packets from %d frames of %d captures%n", file, written,
                templates.size(), captures.size());
    }

    /** Makes repetition r's IPv4 flows new ones: r goes into the second octet of both addresses. */
    private static void shiftAddresses(byte[] frame, int repetition) {
        if (frame.length >= 34 && (frame[12] & 0xFF) == 0x08 && frame[13] == 0x00) {
            frame[14 + 13] ^= (byte) repetition;
            frame[14 + 17] ^= (byte) repetition;
            frame[14 + 14] ^= (byte) (repetition >>> 8);
            frame[14 + 18] ^= (byte) (repetition >>> 8);
        }
    }
}
