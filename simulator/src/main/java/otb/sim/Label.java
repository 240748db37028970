package otb.sim;

/**
 * What one injected scenario produced: the truth a detector is scored against. Frame numbers
 * are 1-based, as Wireshark counts them.
 */
final class Label {
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

    void addFrame(long frameNumber, long time) {
        if (frameCount == frames.length) {
            frames = java.util.Arrays.copyOf(frames, frames.length * 2);
        }
        frames[frameCount++] = (int) frameNumber;
        cover(time);
    }

    int frameCount() {
        return frameCount;
    }

    int frame(int index) {
        return frames[index];
    }

    boolean hasTimeRange() {
        return start != Long.MAX_VALUE;
    }
}
