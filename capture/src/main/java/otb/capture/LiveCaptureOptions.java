package otb.capture;

import java.time.Duration;

/**
 * How to capture on a live interface. Every bound of live capture is here.
 *
 * @param interfaceName      interface to capture on, as {@code otb interfaces} lists it
 * @param snapLength         bytes kept of each frame, {@value #MIN_SNAP_LENGTH}..{@value #MAX_SNAP_LENGTH}
 * @param promiscuous        receive frames not addressed to this host (a mirror port needs it)
 * @param filter             BPF expression (tcpdump syntax) applied in the kernel; empty for all frames
 * @param kernelBufferBytes  libpcap ring in the kernel, {@value #MIN_KERNEL_BUFFER_BYTES}..{@value #MAX_KERNEL_BUFFER_BYTES} bytes
 * @param immediateMode      deliver each frame as it arrives instead of in kernel blocks (at most
 *                           100 ms late); off by default: on Linux it makes libpcap wake per frame
 *                           (TPACKET_V2), which cost kernel drops above about 150 k frames/s here,
 *                           where block delivery (TPACKET_V3) kept up with tcpreplay's top speed
 * @param queueFrames        frames the capture thread may queue ahead of the pipeline, a power of two
 * @param queueBytes         bytes of frame data that queue may hold, a power of two, at least twice the snap length
 * @param statisticsInterval how often counters are read from libpcap and reported (wall clock)
 * @param retryInitial       first wait before reopening an interface that disappeared or failed
 * @param retryMaximum       longest wait between reopen attempts (the wait doubles up to it)
 */
public record LiveCaptureOptions(String interfaceName, int snapLength, boolean promiscuous, String filter,
                                 int kernelBufferBytes, boolean immediateMode, int queueFrames, int queueBytes,
                                 Duration statisticsInterval, Duration retryInitial, Duration retryMaximum) {
    public static final int MIN_SNAP_LENGTH = 64;
    /** libpcap's and Wireshark's largest snap length. */
    public static final int MAX_SNAP_LENGTH = 262_144;
    public static final int DEFAULT_SNAP_LENGTH = 65_535;
    public static final int MIN_KERNEL_BUFFER_BYTES = 1 << 20;
    public static final int MAX_KERNEL_BUFFER_BYTES = 1 << 30;
    /** 32 MiB: holds about 0.2 s of a saturated gigabit link of small frames. */
    public static final int DEFAULT_KERNEL_BUFFER_BYTES = 32 << 20;
    public static final int DEFAULT_QUEUE_FRAMES = 1 << 16;
    public static final int DEFAULT_QUEUE_BYTES = 32 << 20;
    public static final int MAX_QUEUE_FRAMES = 1 << 24;
    public static final int MAX_QUEUE_BYTES = 1 << 30;

    public LiveCaptureOptions {
        if (interfaceName == null || interfaceName.isBlank()) {
            throw new IllegalArgumentException("interface name is empty");
        }
        filter = filter == null ? "" : filter;
        requireRange("snap length", snapLength, MIN_SNAP_LENGTH, MAX_SNAP_LENGTH);
        requireRange("kernel buffer bytes", kernelBufferBytes, MIN_KERNEL_BUFFER_BYTES, MAX_KERNEL_BUFFER_BYTES);
        requireRange("queue frames", queueFrames, 2, MAX_QUEUE_FRAMES);
        requireRange("queue bytes", queueBytes, 2 * snapLength, MAX_QUEUE_BYTES);
        if (Integer.bitCount(queueFrames) != 1 || Integer.bitCount(queueBytes) != 1) {
            throw new IllegalArgumentException("queue frames and queue bytes must be powers of two: "
                    + queueFrames + ", " + queueBytes);
        }
        requirePositive("statistics interval", statisticsInterval);
        requirePositive("retry initial", retryInitial);
        requirePositive("retry maximum", retryMaximum);
    }

    /** Promiscuous, 65535-byte snap length, no filter, 32 MiB kernel buffer, block (not immediate) delivery. */
    public static LiveCaptureOptions defaults(String interfaceName) {
        return new LiveCaptureOptions(interfaceName, DEFAULT_SNAP_LENGTH, true, "", DEFAULT_KERNEL_BUFFER_BYTES,
                false, DEFAULT_QUEUE_FRAMES, DEFAULT_QUEUE_BYTES, Duration.ofSeconds(60), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    public LiveCaptureOptions withFilter(String expression) {
        return new LiveCaptureOptions(interfaceName, snapLength, promiscuous, expression, kernelBufferBytes,
                immediateMode, queueFrames, queueBytes, statisticsInterval, retryInitial, retryMaximum);
    }

    public LiveCaptureOptions withImmediateMode(boolean immediate) {
        return new LiveCaptureOptions(interfaceName, snapLength, promiscuous, filter, kernelBufferBytes,
                immediate, queueFrames, queueBytes, statisticsInterval, retryInitial, retryMaximum);
    }

    public LiveCaptureOptions withPromiscuous(boolean on) {
        return new LiveCaptureOptions(interfaceName, snapLength, on, filter, kernelBufferBytes,
                immediateMode, queueFrames, queueBytes, statisticsInterval, retryInitial, retryMaximum);
    }

    public LiveCaptureOptions withSnapLength(int bytes) {
        return new LiveCaptureOptions(interfaceName, bytes, promiscuous, filter, kernelBufferBytes,
                immediateMode, queueFrames, queueBytes, statisticsInterval, retryInitial, retryMaximum);
    }

    public LiveCaptureOptions withKernelBufferBytes(int bytes) {
        return new LiveCaptureOptions(interfaceName, snapLength, promiscuous, filter, bytes,
                immediateMode, queueFrames, queueBytes, statisticsInterval, retryInitial, retryMaximum);
    }

    public LiveCaptureOptions withQueue(int frames, int bytes) {
        return new LiveCaptureOptions(interfaceName, snapLength, promiscuous, filter, kernelBufferBytes,
                immediateMode, frames, bytes, statisticsInterval, retryInitial, retryMaximum);
    }

    public LiveCaptureOptions withStatisticsInterval(Duration interval) {
        return new LiveCaptureOptions(interfaceName, snapLength, promiscuous, filter, kernelBufferBytes,
                immediateMode, queueFrames, queueBytes, interval, retryInitial, retryMaximum);
    }

    public LiveCaptureOptions withRetry(Duration initial, Duration maximum) {
        return new LiveCaptureOptions(interfaceName, snapLength, promiscuous, filter, kernelBufferBytes,
                immediateMode, queueFrames, queueBytes, statisticsInterval, initial, maximum);
    }

    private static void requireRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " out of range " + min + ".." + max + ": " + value);
        }
    }

    private static void requirePositive(String what, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
    }
}
