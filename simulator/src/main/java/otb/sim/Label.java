package otb.sim;

/**
 * What one injected scenario produced: the truth a detector is scored against (written to the
 * labels file by {@link LabelsJson}). Frame numbers are 1-based, as Wireshark counts them;
 * times are capture time in nanoseconds since the epoch.
 */
public final class Label {
    final int id;
    final ScenarioKind kind;
    final String source;
    final String destination;
    final int destinationPort;
    final String protocol;
    final String description;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    private int[] frames = new int[16];
    private int frameCount;

    Label(int id, ScenarioKind kind, Host source, Host destination, int destinationPort, String protocol,
            String description) {
        this.id = id;
        this.kind = kind;
        this.source = source.ip();
        this.destination = destination.ip();
        this.destinationPort = destinationPort;
        this.protocol = protocol;
        this.description = description;
    }

    /** Widens the time range to include {@code time}. */
    void cover(long time) {
        start = Math.min(start, time);
        end = Math.max(end, time);
    }

    /**
     * Limits the time range to a capture that ends at {@code captureEnd}: a scenario that had not
     * begun by then has no range, one still running ends there.
     */
    void clip(long captureEnd) {
        if (start > captureEnd) {
            start = Long.MAX_VALUE;
            end = Long.MIN_VALUE;
        } else if (end > captureEnd) {
            end = captureEnd;
        }
    }

    void addFrame(long frameNumber, long time) {
        if (frameCount == frames.length) {
            frames = java.util.Arrays.copyOf(frames, frames.length * 2);
        }
        frames[frameCount++] = (int) frameNumber;
        cover(time);
    }

    public int frameCount() {
        return frameCount;
    }

    /** The {@code index}-th labelled frame number, in capture order. */
    public int frame(int index) {
        return frames[index];
    }

    public boolean hasTimeRange() {
        return start != Long.MAX_VALUE;
    }

    public ScenarioKind kind() {
        return kind;
    }

    /** Start of the scenario's effect, ns since the epoch; meaningful when {@link #hasTimeRange()}. */
    public long startNanos() {
        return start;
    }

    /** End of the scenario's effect (inclusive), ns since the epoch. */
    public long endNanos() {
        return end;
    }

    /** Client (initiator) address, dotted quad. */
    public String source() {
        return source;
    }

    /** Server address, dotted quad. */
    public String destination() {
        return destination;
    }

    public int destinationPort() {
        return destinationPort;
    }

    /** "modbus", "dnp3" or "s7comm". */
    public String protocol() {
        return protocol;
    }

    public String description() {
        return description;
    }
}
