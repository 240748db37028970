package otb.dissect;

import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.Packet;

/**
 * Where in the capture a session is parsing: the flow, the direction, and the packet whose
 * bytes completed the data at hand. Reused by the dispatcher (one per flow direction); valid
 * during a call.
 */
public final class StreamContext {
    private Flow flow;
    private Direction direction = Direction.TO_SERVER;
    /**
     * The engine's packet at hand (see {@link #at}), whose source, frame and time this context
     * gives; null when they were set as numbers.
     */
    private Packet packet;
    private String source = "";
    private long frame;
    private long timestampNanos;
    /** Gaps reported in this flow direction so far (see {@link #countGap}). */
    private long gaps;

    public StreamContext() {
    }

    /** For tests and tools: a fixed position. */
    public StreamContext(Flow flow, Direction direction, String source, long frame, long timestampNanos) {
        set(flow, direction, source, frame, timestampNanos);
    }

    public StreamContext set(Flow flow, Direction direction, Packet packet) {
        return set(flow, direction, packet.source(), packet.frameNumber(), packet.timestampNanos());
    }

    /**
     * The same flow and direction, at the packet being delivered: its source, frame and time
     * are read from it, so this stores nothing while a source delivers (a source reuses one
     * packet object). Valid during the delivery's call, as the packet is.
     */
    public StreamContext at(Packet packet) {
        if (this.packet != packet) {
            this.packet = packet;
        }
        return this;
    }

    public StreamContext set(Flow flow, Direction direction, String source, long frame, long timestampNanos) {
        // Stored only when they change: a reference store into this long-lived object costs a
        // garbage collector barrier, and a run of packets mostly shares flow, direction and source.
        if (this.flow != flow) {
            this.flow = flow;
        }
        if (this.direction != direction) {
            this.direction = direction;
        }
        if (this.packet != null) {
            this.packet = null;
        }
        if (this.source != source) {
            this.source = source;
        }
        this.frame = frame;
        this.timestampNanos = timestampNanos;
        return this;
    }

    /** Counts a gap (bytes lost) in the flow direction this context follows. */
    public void countGap() {
        gaps++;
    }

    /** Gaps counted in this flow direction so far: messages after one may follow lost ones. */
    public long gaps() { return gaps; }

    public Flow flow() { return flow; }

    public Direction direction() { return direction; }

    public String source() { return packet != null ? packet.source() : source; }

    public long frame() { return packet != null ? packet.frameNumber() : frame; }

    public long timestampNanos() { return packet != null ? packet.timestampNanos() : timestampNanos; }

    public Malformed malformed(Protocol protocol, String reason, long skippedBytes) {
        return new Malformed(flow, direction, protocol, source(), frame(), timestampNanos(), reason, skippedBytes);
    }
}
