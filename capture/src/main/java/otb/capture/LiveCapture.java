package otb.capture;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Frames from a live interface, receive only. A capture thread reads raw frames from libpcap
 * ({@code pcap_next_ex}) straight into a bounded {@link LiveFrameQueue};
 * {@link #run} takes them on the calling (pipeline) thread and hands them to the handler in the
 * same {@link Packet} form as file sources, so live and file input take the same path.
 *
 * <p>Losses are counted, never hidden: kernel and interface drops from {@code pcap_stats}, and
 * queue overflows when the pipeline falls behind. They are reported through {@link Events}
 * every {@link LiveCaptureOptions#statisticsInterval()}. When the interface disappears or the
 * capture fails, the capture thread says so once, reopens it with a doubling back-off and
 * resumes; frame numbers continue.
 */
public final class LiveCapture implements PacketSource {
    /** Frames handed to the pipeline between two checks of statistics, notices and stop. */
    static final int DRAIN_BATCH = 4096;
    /**
     * Park of the pipeline thread while the queue is empty: short right after frames came (so
     * a trickle of frames is not held back), doubling while nothing comes, up to the longest.
     */
    private static final long SHORTEST_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long LONGEST_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * How long the capture thread waits for room when the queue is full before it drops frames:
     * meanwhile the kernel buffer absorbs the burst (a pipeline warming up, a slow checkpoint).
     * After a wait that ran out, frames are dropped at once until the queue is half empty again.
     */
    private static final long QUEUE_FULL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long QUEUE_FULL_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** How long {@link #run} waits for the capture thread to end after a stop. */
    private static final long CAPTURE_THREAD_JOIN_MILLIS = 2_000;
    private static final System.Logger LOG = System.getLogger(LiveCapture.class.getName());

    /** What a live capture reports besides frames; called on the thread running {@link #run}. */
    public interface Events {
        /** Counters, every statistics interval and once when the run ends. Default: logged. */
        default void statistics(String interfaceName, LiveStatistics statistics) {
            LOG.log(statistics.lost() > 0 ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                    interfaceName + ": " + statistics.summary());
        }

        /** One line for the operator: capture lost, retrying, resumed. Default: logged. */
        default void notice(String line) {
            LOG.log(System.Logger.Level.WARNING, line);
        }
    }

    private final LiveCaptureOptions options;
    private final Events events;
    private final LiveFrameQueue queue;
    private final ConcurrentLinkedQueue<String> notices = new ConcurrentLinkedQueue<>();
    private final Packet packet = new Packet();
    /** The open handle, or null between a failure and a successful reopen. */
    private volatile LiveLibpcap handle;
    private volatile boolean stopping;
    private volatile boolean closed;
    private volatile Thread captureThread;
    private volatile long reopens;
    /** Link type of the handle the capture thread reads; capture thread only. */
    private int currentLinkType;

    // Statistics, guarded by this: sums over closed handles plus the last reading of the open one.
    private final long[] closedHandleTotals = new long[3];
    private final long[] openHandleReading = new long[3];
    private final long[] scratch = new long[3];

    private LiveCapture(LiveCaptureOptions options, Events events, LiveLibpcap handle) {
        this.options = options;
        this.events = events;
        this.handle = handle;
        this.queue = new LiveFrameQueue(options.queueFrames(), options.queueBytes());
        this.packet.source = options.interfaceName();
    }

    /**
     * Opens the interface now, so that a missing interface, a lack of permission or a bad filter
     * is reported before anything runs.
     *
     * @throws LiveCaptureException with one operator line naming the interface or the filter, and the reason
     */
    public static LiveCapture open(LiveCaptureOptions options, Events events) throws LiveCaptureException {
        try {
            return new LiveCapture(options, events, LiveLibpcap.open(options));
        } catch (LiveLibpcap.OpenException e) {
            throw e.toCaptureException();
        }
    }

    /** {@link #open(LiveCaptureOptions, Events)} with events logged through {@link System.Logger}. */
    public static LiveCapture open(LiveCaptureOptions options) throws LiveCaptureException {
        return open(options, new Events() { });
    }

    @Override
    public String name() {
        return options.interfaceName();
    }

    public LiveCaptureOptions options() {
        return options;
    }

    /** LINKTYPE_* of the interface as opened (frames carry their own in {@link Packet#linkType()}). */
    public int linkType() {
        LiveLibpcap current = handle;
        return current == null ? -1 : current.linkType();
    }

    /**
     * Captures until {@link #stop()}: frames go to {@code handler} on this thread, in arrival
     * order; frames already queued when the stop comes are still delivered.
     */
    @Override
    public void run(FrameHandler handler) throws CaptureException {
        if (closed) {
            throw new CaptureException("capture on " + name() + " is closed");
        }
        if (captureThread != null) {
            throw new IllegalStateException("capture on " + name() + " is already running");
        }
        Thread thread = new Thread(this::captureLoop, "otb-capture-" + name());
        thread.setDaemon(true);
        captureThread = thread;
        thread.start();
        long intervalNanos = options.statisticsInterval().toNanos();
        long nextStatistics = System.nanoTime() + intervalNanos;
        boolean handlerFailed = true;
        long parkNanos = SHORTEST_PARK_NANOS;
        try {
            while (true) {
                int handed = queue.drain(packet, handler, DRAIN_BATCH);
                deliverNotices();
                long now = System.nanoTime();
                if (now - nextStatistics >= 0) {
                    events.statistics(name(), statistics());
                    nextStatistics = now + intervalNanos;
                }
                if (handed == 0) {
                    if (stopping && !thread.isAlive() && queue.isEmpty()) {
                        break;
                    }
                    queue.awaitFrames(Math.min(parkNanos, Math.max(1, nextStatistics - now)));
                    parkNanos = Math.min(parkNanos * 2, LONGEST_PARK_NANOS);
                } else {
                    parkNanos = SHORTEST_PARK_NANOS;
                }
            }
            handlerFailed = false;
        } finally {
            stop();
            joinCaptureThread(thread);
            if (!handlerFailed) {
                // Frames the capture thread queued after the loop above saw it finish.
                queue.drain(packet, handler, Integer.MAX_VALUE);
                deliverNotices();
                events.statistics(name(), statistics());
            }
        }
    }

    /** The capture thread: read until stopped; on failure, reopen with back-off. */
    private void captureLoop() {
        LiveLibpcap.FrameSink sink = new LiveLibpcap.FrameSink() {
            /** True after a wait for room ran out: drop without waiting until the queue is half empty. */
            private boolean shedding;

            @Override
            public int reserve(int length) {
                if (shedding && queue.halfEmpty()) {
                    shedding = false;
                }
                int offset = queue.reserve(length);
                if (offset >= 0) {
                    return offset;
                }
                if (!shedding) {
                    long deadline = System.nanoTime() + QUEUE_FULL_WAIT_NANOS;
                    while (!stopping && System.nanoTime() - deadline < 0) {
                        queue.wakeConsumer();
                        LockSupport.parkNanos(QUEUE_FULL_POLL_NANOS);
                        offset = queue.reserve(length);
                        if (offset >= 0) {
                            return offset;
                        }
                    }
                    shedding = true;
                }
                queue.countOverflow();
                return -1;
            }

            @Override
            public byte[] buffer() {
                return queue.arena();
            }

            @Override
            public void publish(int length, long timestampNanos, int originalLength) {
                queue.publish(length, timestampNanos, originalLength, currentLinkType);
            }
        };
        long retryNanos = options.retryInitial().toNanos();
        int failedAttempts = 0;
        while (!stopping) {
            LiveLibpcap current = handle;
            if (current == null) {
                LockSupport.parkNanos(this, retryNanos);
                if (stopping) {
                    break;
                }
                try {
                    current = LiveLibpcap.open(options);
                } catch (LiveLibpcap.OpenException e) {
                    failedAttempts++;
                    retryNanos = Math.min(retryNanos * 2, options.retryMaximum().toNanos());
                    notice(name() + ": " + e.getMessage() + "; retrying in " + seconds(retryNanos));
                    continue;
                }
                handle = current;
                reopens++;
                notice(name() + ": capture resumed after " + (failedAttempts + 1) + " attempt"
                        + (failedAttempts == 0 ? "" : "s"));
                failedAttempts = 0;
                retryNanos = options.retryInitial().toNanos();
                if (stopping) {
                    break;
                }
            }
            currentLinkType = current.linkType();
            try {
                current.loop(sink);
            } catch (LiveLibpcap.OpenException e) {
                if (!stopping) {
                    notice(name() + ": capture failed (" + e.getMessage() + "); reopening in " + seconds(retryNanos));
                    retireHandle(current);
                }
            }
        }
    }

    /** Folds the last counters of a failed handle into the totals and closes it. */
    private synchronized void retireHandle(LiveLibpcap failed) {
        if (failed.statistics(scratch)) {
            System.arraycopy(scratch, 0, openHandleReading, 0, 3);
        }
        for (int i = 0; i < 3; i++) {
            closedHandleTotals[i] += openHandleReading[i];
            openHandleReading[i] = 0;
        }
        handle = null;
        failed.close();
    }

    private void notice(String line) {
        notices.add(line);
        queue.wakeConsumer();
    }

    private void deliverNotices() {
        String line;
        while ((line = notices.poll()) != null) {
            events.notice(line);
        }
    }

    private static String seconds(long nanos) {
        return nanos < 1_000_000_000L ? TimeUnit.NANOSECONDS.toMillis(nanos) + " ms"
                : TimeUnit.NANOSECONDS.toSeconds(nanos) + " s";
    }

    /** Counters so far; reads pcap_stats of the open handle. Safe from any thread. */
    public synchronized LiveStatistics statistics() {
        LiveLibpcap current = handle;
        if (current != null && current.statistics(scratch)) {
            System.arraycopy(scratch, 0, openHandleReading, 0, 3);
        }
        return new LiveStatistics(queue.framesQueued(), queue.bytesQueued(), queue.framesDelivered(),
                closedHandleTotals[0] + openHandleReading[0], closedHandleTotals[1] + openHandleReading[1],
                closedHandleTotals[2] + openHandleReading[2], queue.overflows(), reopens);
    }

    /** Ends {@link #run} soon: the capture thread leaves pcap_loop, queued frames are still handed over. */
    @Override
    public void stop() {
        stopping = true;
        LiveLibpcap current = handle;
        if (current != null) {
            current.breakLoop();
        }
        Thread thread = captureThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
        queue.wakeConsumer();
    }

    private void joinCaptureThread(Thread thread) {
        try {
            thread.join(CAPTURE_THREAD_JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the capture and releases the interface. */
    @Override
    public void close() {
        stop();
        closed = true;
        Thread thread = captureThread;
        if (thread != null && thread != Thread.currentThread()) {
            joinCaptureThread(thread);
        }
        synchronized (this) {
            LiveLibpcap current = handle;
            if (current != null && (thread == null || !thread.isAlive())) {
                retireHandle(current);
            }
        }
    }
}
