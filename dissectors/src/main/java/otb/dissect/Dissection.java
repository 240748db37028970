package otb.dissect;

import java.util.List;
import java.util.function.Consumer;
import otb.capture.CaptureCounters;
import otb.capture.CaptureEngine;
import otb.capture.CaptureException;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;

/**
 * The pipeline from frames to events: capture engine, dispatcher, protocol sessions. Offline
 * and live input take the same path; only the {@link PacketSource} differs.
 */
public final class Dissection {
    private final CaptureEngine engine;

    public Dissection(CaptureLimits limits, DissectorConfig config, List<ProtocolDissector> dissectors,
                      Consumer<? super OtEvent> out) {
        this.engine = new CaptureEngine(limits, new Dispatcher(dissectors, config, out));
    }

    /** All shipped dissectors with default bounds. */
    public static Dissection withDefaults(Consumer<? super OtEvent> out) {
        return new Dissection(CaptureLimits.defaults(), DissectorConfig.defaults(), Dissectors.all(), out);
    }

    /** Reads one source through the pipeline; flows carry over to the next source. */
    public void process(PacketSource source) throws CaptureException {
        engine.process(source);
    }

    /** End of input: ends every flow, flushing sessions. */
    public void finish() {
        engine.finish();
    }

    public CaptureEngine engine() {
        return engine;
    }

    public CaptureCounters captureCounters() {
        return engine.counters();
    }
}
