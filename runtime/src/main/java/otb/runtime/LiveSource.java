package otb.runtime;

import otb.capture.LiveCapture;
import otb.capture.LiveCaptureOptions;
import otb.capture.LiveStatistics;
import otb.capture.PacketSource;

/**
 * The frames of a live run: a source that delivers frames until {@link #stop()} and counts what
 * it delivered and lost. A network interface ({@link #interfaceCapture}) is one; frames mirrored
 * through a message bus would be another, and a test's capture file a third.
 */
public interface LiveSource extends PacketSource {

    /** LINKTYPE_* of the frames, for the capture copy. */
    int linkType();

    /** Largest frame delivered, in bytes (the capture copy's snap length). */
    int snapLength();

    /** Counters so far; safe from any thread. */
    LiveStatistics statistics();

    /** Opens a live source. A run with a warm-up opens it twice: a check before the warm-up, then for good. */
    interface Opener {
        /** The input's name, known before it is opened (the interface name). */
        String name();

        /**
         * Opens the source; it calls {@code events} on the thread running it: counters about once a
         * second, and notices for the operator.
         */
        LiveSource open(LiveCapture.Events events) throws PipelineException;
    }

    /**
     * Capture on a network interface through libpcap ({@link LiveCapture}) with {@code options};
     * counters are read every second, as the run's loss and silence checks need.
     */
    static Opener interfaceCapture(LiveCaptureOptions options) {
        return new InterfaceCapture.Opener(options.withStatisticsInterval(InterfaceCapture.COUNTER_INTERVAL));
    }
}
