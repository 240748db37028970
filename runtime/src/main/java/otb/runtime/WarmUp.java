package otb.runtime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import otb.capture.CaptureException;
import otb.capture.CaptureFiles;
import otb.capture.LiveRehearsal;
import otb.capture.PacketSource;

/**
 * Runs simulated plant traffic (see {@link Traffic}) through throwaway pipelines before a live run
 * reads the interface (frames wait in the kernel buffer meanwhile), so that the JIT has compiled decoding, reassembly, the dissectors, the
 * learner and the detector before the first real frame. The rounds run the live run's own
 * pipeline code (a throwaway {@link MonitorSession}) fed through {@link LiveRehearsal}, the live
 * capture's queue and buffer types: warmed up on the file's direct
 * buffers and a different event consumer, the compiled code met other types in the first live
 * frames, was deoptimized and recompiled while the link was busy (the C2 compiler took 2.3 s of
 * CPU in a 6 s burst at 330 k frames/s, as much as the pipeline itself). Without a warm-up the
 * pipeline's first seconds run about ten times slower and a busy link fills the kernel buffer
 * (capture/bench/README.md). Nothing of it reaches the database or the sinks.
 */
public final class WarmUp {
    /**
     * Frames of simulated traffic written once and read as often as needed (about 20 MB in the
     * temporary directory).
     */
    static final long FILE_FRAMES = 250_000;

    /** How often {@link #awaitCompilerIdle} looks at the compiler's total time. */
    private static final long COMPILER_POLL_MILLIS = 200;
    /** Compilation time within one poll below which the compiler counts as idle. */
    private static final long COMPILER_IDLE_MILLIS = 10;
    /** Quiet polls in a row that make the compiler idle (single compilations took up to a second). */
    private static final int COMPILER_QUIET_POLLS = 6;
    /** Longest wait for the compiler after the rounds. */
    private static final long COMPILER_WAIT_MILLIS = 30_000;

    private WarmUp() {
    }

    /**
     * Writes simulated plant traffic as a pcap file: connection set-up and every attack scenario,
     * so that the rarer branches live traffic takes (handshakes, S7 set-up, unknown conversations,
     * alerts) are compiled too and do not deoptimize the pipeline when they first occur. The
     * command line supplies the plant simulator ({@code otb simulate}); the runtime does not depend
     * on it.
     */
    @FunctionalInterface
    public interface Traffic {
        void write(long frames, OutputStream out) throws IOException;
    }

    /** How far the warm-up is, for the operator; called on the warm-up's thread. */
    public interface Progress {
        /** Round {@code round} (1-based) of {@code rounds} starts. */
        void round(int round, int rounds);

        /** The rounds ended; waiting for the JIT compiler's backlog (see {@link #awaitCompilerIdle}). */
        void awaitingCompiler();
    }

    /** One round: runs the frames of {@code source} through a throwaway pipeline, learning or detecting. */
    interface Round {
        void run(PacketSource source, boolean learning) throws CaptureException, IOException;
    }

    /**
     * Runs {@code frames} simulated frames through {@code round}, in rounds over one file of at
     * most {@link #FILE_FRAMES}. Rounds alternate between learning and detecting, the last one in
     * the mode the capture starts in ({@code learning}), so that both paths are compiled and the
     * start mode's profile weighs most.
     */
    static void run(long frames, boolean learning, Traffic traffic, Progress progress, Round round) throws IOException {
        if (frames <= 0) {
            return;
        }
        Path file = Files.createTempFile("otb-monitor-warm-up", ".pcap");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                traffic.write(Math.min(frames, FILE_FRAMES), out);
            }
            long rounds = (frames + FILE_FRAMES - 1) / FILE_FRAMES;
            for (long index = 0; index < rounds; index++) {
                progress.round((int) index + 1, (int) rounds);
                boolean roundLearns = (rounds - 1 - index) % 2 == 0 ? learning : !learning;
                try (PacketSource source = LiveRehearsal.of(CaptureFiles.open(file))) {
                    round.run(source, roundLearns);
                } catch (CaptureException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        progress.awaitingCompiler();
        awaitCompilerIdle();
    }

    /**
     * Waits until the JIT compiler has worked off what the warm-up queued: the compiler runs
     * behind the code it compiles, and with two cores its backlog took seconds after the rounds
     * ended, competing with the first live frames for the CPU (1-1.8 s of C2 time during a 2 M
     * frame burst). Idle means less than {@link #COMPILER_IDLE_MILLIS} of compilation in each of
     * {@link #COMPILER_QUIET_POLLS} polls {@link #COMPILER_POLL_MILLIS} apart; gives up after
     * {@link #COMPILER_WAIT_MILLIS}.
     */
    static void awaitCompilerIdle() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COMPILER_WAIT_MILLIS);
        long before = compiler.getTotalCompilationTime();
        int quietPolls = 0;
        while (System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(COMPILER_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = compiler.getTotalCompilationTime();
            // The total grows when a compilation ends, so one quiet poll may hide a long one running.
            quietPolls = now - before < COMPILER_IDLE_MILLIS ? quietPolls + 1 : 0;
            if (quietPolls == COMPILER_QUIET_POLLS) {
                return;
            }
            before = now;
        }
    }
}
