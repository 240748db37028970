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
 *
 * <p>With one thread everything runs on the caller's thread. With more, the dissection (read,
 * decode, flows, reassembly, protocol sessions) runs on a thread of its own and hands its events
 * to the consumer on the caller's thread through a bounded {@link EventHandOff}: the consumer sees
 * exactly the events, in exactly the order, of a one-thread run, so its output is the same (see
 * the runtime's README, "Threads").
 */
public final class CaptureFileReader {
    /** Name of the dissection stage's thread. */
    static final String DISSECTION_THREAD = "otb-dissection";

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
     * Runs every file through the pipeline into {@code out} on the caller's thread;
     * {@code frameObserver} sees every frame before decoding (progress; null for none). Errors are
     * collected, not thrown.
     */
    public static Result read(List<Path> files, DissectorConfig config, Consumer<? super OtEvent> out,
                              PacketSource.FrameHandler frameObserver) {
        return read(files, config, out, frameObserver, 1);
    }

    /**
     * As {@link #read(List, DissectorConfig, Consumer, PacketSource.FrameHandler)} with
     * {@code threads} threads (at least 1): with 2 or more the dissection runs on a thread of its
     * own, which also calls {@code frameObserver}; {@code out} is always called on the caller's
     * thread. An Error or RuntimeException of either stage is rethrown here, once both stopped.
     */
    public static Result read(List<Path> files, DissectorConfig config, Consumer<? super OtEvent> out,
                              PacketSource.FrameHandler frameObserver, int threads) {
        return read(files, config, out, frameObserver, threads, CaptureLimits.defaults());
    }

    /** As the read above, with the capture engine's {@code limits} (flow table, reassembly). */
    public static Result read(List<Path> files, DissectorConfig config, Consumer<? super OtEvent> out,
                              PacketSource.FrameHandler frameObserver, int threads, CaptureLimits limits) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (threads == 1) {
            return dissect(files, config, out, frameObserver, limits);
        }
        EventHandOff handOff = new EventHandOff();
        Result[] dissected = new Result[1];
        Thread dissection = new Thread(() -> {
            Throwable failure = null;
            try {
                dissected[0] = dissect(files, config, handOff, frameObserver, limits);
            } catch (EventHandOff.Abandoned stopped) {
                // the consumer failed; it reports why
            } catch (Throwable e) {
                failure = e;
            } finally {
                handOff.end(failure);
            }
        }, DISSECTION_THREAD);
        dissection.setDaemon(true);
        dissection.start();
        try {
            handOff.drainTo(out);
        } catch (InterruptedException e) {
            handOff.abandon();
            Thread.currentThread().interrupt();
            joinQuietly(dissection);
            return new Result(0, List.of("interrupted before the end of the input"));
        } catch (RuntimeException | Error e) {
            handOff.abandon();
            joinQuietly(dissection);
            throw e;
        }
        joinQuietly(dissection);
        return dissected[0];
    }

    /** Waits for a stage's thread to end; an interrupt is kept for the caller. */
    static void joinQuietly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Result dissect(List<Path> files, DissectorConfig config, Consumer<? super OtEvent> out,
                                  PacketSource.FrameHandler frameObserver, CaptureLimits limits) {
        Dissection dissection = new Dissection(limits, config, Dissectors.all(), out);
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
