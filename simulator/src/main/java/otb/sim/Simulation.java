package otb.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import otb.capture.PcapWriter;

/**
 * The discrete-event core: runs actors in capture-time order and writes their frames to the
 * pcap in timestamp order.
 *
 * <p>An actor stepping at time t only emits frames at t or later, and every actor still waiting
 * steps at its next time or later; so every pending frame not later than the earliest waiting
 * actor can be written. Pending frames are bounded by what the actors emit in one step each,
 * which keeps memory constant whatever the length of the capture.
 */
final class Simulation {
    private record PendingFrame(long time, long order, byte[] frame, Label label) {
    }

    private final PcapWriter writer;
    private final long endTime;
    private final long packetLimit;
    private final PriorityQueue<Actor> actors = new PriorityQueue<>((a, b) -> a.nextTime != b.nextTime
            ? Long.compare(a.nextTime, b.nextTime) : Integer.compare(a.order, b.order));
    private final PriorityQueue<PendingFrame> pending = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
    private final List<Label> labels = new ArrayList<>();
    private long pendingOrder;
    private int actorOrder;
    private long written;
    private long lastWrittenTime;

    /**
     * @param endTime     capture time at which the capture ends (exclusive), ns since the epoch
     * @param packetLimit largest number of frames to write, or {@code Long.MAX_VALUE}
     */
    Simulation(PcapWriter writer, long endTime, long packetLimit) {
        this.writer = writer;
        this.endTime = endTime;
        this.packetLimit = packetLimit;
    }

    void add(Actor actor, long firstTime) {
        actor.order = actorOrder++;
        actor.nextTime = firstTime;
        actors.add(actor);
    }

    Label newLabel(ScenarioKind kind, Host source, Host destination, int destinationPort, String protocol,
            String description) {
        Label label = new Label(labels.size() + 1, kind, source, destination, destinationPort, protocol, description);
        labels.add(label);
        return label;
    }

    List<Label> labels() {
        return labels;
    }

    /** Queues one frame for capture time {@code time}; {@code label} is null for normal traffic. */
    void emit(long time, byte[] frame, Label label) {
        pending.add(new PendingFrame(time, pendingOrder++, frame, label));
    }

    long framesWritten() {
        return written;
    }

    long lastWrittenTime() {
        return lastWrittenTime;
    }

    long endTime() {
        return endTime;
    }

    /** Runs until the end time or the packet limit, then writes what is due. */
    void run() throws IOException {
        try {
            while (!actors.isEmpty() && written < packetLimit) {
                Actor actor = actors.poll();
                long now = actor.nextTime;
                if (now >= endTime || now == Actor.RETIRED) {
                    break;
                }
                flushThrough(now);
                actor.step(now);
                if (actor.nextTime != Actor.RETIRED) {
                    if (actor.nextTime < now) {
                        throw new IllegalStateException("actor moved back in time: "
                                + actor.getClass().getSimpleName());
                    }
                    actors.add(actor);
                }
            }
            flushThrough(endTime - 1);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void flushThrough(long time) {
        while (!pending.isEmpty() && pending.peek().time <= time && written < packetLimit) {
            PendingFrame frame = pending.poll();
            if (frame.time >= endTime) {
                pending.clear();
                return;
            }
            try {
                writer.write(frame.time, frame.frame);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written++;
            lastWrittenTime = frame.time;
            if (frame.label != null) {
                frame.label.addFrame(written, frame.time);
            }
        }
    }
}
