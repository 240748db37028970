package otb.runtime;

import java.time.Duration;
import otb.capture.CaptureException;
import otb.capture.LiveCapture;
import otb.capture.LiveCaptureException;
import otb.capture.LiveCaptureOptions;
import otb.capture.LiveStatistics;

/** A {@link LiveSource} on a network interface: {@link LiveCapture}, with its errors as the runtime's. */
final class InterfaceCapture implements LiveSource {
    /** How often capture counters are read (loss and silence checks); the report interval is the run's. */
    static final Duration COUNTER_INTERVAL = Duration.ofSeconds(1);

    private final LiveCapture capture;

    private InterfaceCapture(LiveCapture capture) {
        this.capture = capture;
    }

    /**
     * Opens {@link LiveCapture} with the options; a filter that does not compile is
     * {@link PipelineException.Reason#BAD_FILTER}.
     */
    record Opener(LiveCaptureOptions options) implements LiveSource.Opener {
        @Override
        public String name() {
            return options.interfaceName();
        }

        @Override
        public LiveSource open(LiveCapture.Events events) throws PipelineException {
            try {
                return new InterfaceCapture(LiveCapture.open(options, events));
            } catch (LiveCaptureException e) {
                PipelineException.Reason reason = e.reason() == LiveCaptureException.Reason.BAD_FILTER
                        ? PipelineException.Reason.BAD_FILTER : PipelineException.Reason.INPUT;
                throw new PipelineException(reason, e.getMessage(), e);
            }
        }
    }

    @Override
    public String name() {
        return capture.name();
    }

    @Override
    public void run(FrameHandler handler) throws CaptureException {
        capture.run(handler);
    }

    @Override
    public void stop() {
        capture.stop();
    }

    @Override
    public int linkType() {
        return capture.linkType();
    }

    @Override
    public int snapLength() {
        return capture.options().snapLength();
    }

    @Override
    public LiveStatistics statistics() {
        return capture.statistics();
    }

    @Override
    public void close() {
        capture.close();
    }
}
