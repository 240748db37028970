package otb.capture;

/**
 * Frames in, flow events out: decodes each frame of a source (L2..L4, zero copy), reassembles
 * IPv4 fragments, tracks flows and reassembles TCP per direction, and calls a
 * {@link FlowListener}. Flows persist across sources, so rotated captures read in order behave
 * as one stream. Not thread-safe: one engine per pipeline thread.
 */
public final class CaptureEngine {
    // SKELETON: the capture work fills this in.
    public CaptureEngine(CaptureLimits limits, FlowListener listener) {
        throw new UnsupportedOperationException("capture engine not built yet");
    }

    /** Sees every frame before decoding (progress, evidence ring); default none. */
    public void frameObserver(PacketSource.FrameHandler observer) {
        throw new UnsupportedOperationException("capture engine not built yet");
    }

    /** Reads the whole source through the pipeline; frames before damage are processed. */
    public void process(PacketSource source) throws CaptureException {
        throw new UnsupportedOperationException("capture engine not built yet");
    }

    /** Processes one frame already read by a source (live capture hands frames over this way). */
    public void accept(Packet packet) {
        throw new UnsupportedOperationException("capture engine not built yet");
    }

    /** End of input: ends every flow with END_OF_INPUT and gives a last tick. */
    public void finish() {
        throw new UnsupportedOperationException("capture engine not built yet");
    }

    public CaptureCounters counters() {
        throw new UnsupportedOperationException("capture engine not built yet");
    }
}
