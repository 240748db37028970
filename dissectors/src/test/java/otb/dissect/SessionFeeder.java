package otb.dissect;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.Transport;

/**
 * Feeds bytes to one protocol session as the Dispatcher would: each delivery is one packet's
 * bytes appended to what the session left unread in that direction (on UDP, each delivery is a
 * datagram on its own), parsed until the session needs more. Checks the session's contract on
 * every call: NEED_MORE consumes nothing, OK always makes progress. Each protocol's test
 * fixtures extend it with the shapes of their tests ({@code F} is that class, for chaining).
 *
 * @param <S> the session
 * @param <F> the feeder class extending this one
 */
public abstract class SessionFeeder<S extends ProtocolSession, F extends SessionFeeder<S, F>> {
    public final S session;
    public final List<OtEvent> events = new ArrayList<>();
    /** The context of the newest delivery. */
    public final StreamContext context;
    private final boolean datagrams;
    private final byte[][] unread = {new byte[0], new byte[0]};
    private long frame;

    protected SessionFeeder(S session, Flow flow) {
        this.session = session;
        this.context = new StreamContext(flow, Direction.TO_SERVER, "test", 0, 0);
        this.datagrams = flow.transport().datagrams();
    }

    @SuppressWarnings("unchecked")
    private F self() {
        return (F) this;
    }

    /** One delivery in {@code direction} as frame {@code frameNumber}, at {@code nanos}. */
    public F feed(Direction direction, byte[] chunk, long frameNumber, long nanos) {
        frame = frameNumber;
        context.set(context.flow(), direction, "test", frameNumber, nanos);
        int side = direction.ordinal();
        ByteBuffer in = ByteBuffer.wrap(datagrams ? chunk : TestBytes.concat(unread[side], chunk));
        while (in.hasRemaining()) {
            int before = in.position();
            ParseStatus status = session.parse(in, context, events::add);
            if (status == ParseStatus.NEED_MORE) {
                if (in.position() != before) {
                    throw new AssertionError("NEED_MORE after consuming bytes");
                }
                break;
            }
            if (status != ParseStatus.OK || in.position() == before) {
                throw new AssertionError("no progress: " + status);
            }
        }
        unread[side] = datagrams ? new byte[0] : Arrays.copyOfRange(in.array(), in.position(), in.limit());
        return self();
    }

    /** One delivery in {@code direction}, the next frame number, 1 ms after the frame before. */
    public F feed(Direction direction, byte[] chunk) {
        long next = frame + 1;
        return feed(direction, chunk, next, next * 1_000_000L);
    }

    public F toServer(byte[] chunk) {
        return feed(Direction.TO_SERVER, chunk);
    }

    public F toClient(byte[] chunk) {
        return feed(Direction.TO_CLIENT, chunk);
    }

    /** Feeds {@code bytes} in deliveries of {@code size}, each the next frame. */
    public F chunked(Direction direction, byte[] bytes, int size) {
        for (int at = 0; at < bytes.length; at += size) {
            feed(direction, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + size)));
        }
        return self();
    }

    /** {@code missing} bytes of {@code direction} were lost, seen at frame {@code frameNumber}: what was unread goes too. */
    public F gap(Direction direction, long frameNumber, long missing) {
        frame = frameNumber;
        unread[direction.ordinal()] = new byte[0];
        context.set(context.flow(), direction, "test", frameNumber, frameNumber * 1_000_000L);
        session.gap(context, missing, events::add);
        return self();
    }

    /** {@code missing} bytes of {@code direction} were lost, seen at the newest frame. */
    public F gap(Direction direction, long missing) {
        return gap(direction, frame, missing);
    }

    /** Bytes the session left unread in {@code direction}. */
    public int buffered(Direction direction) {
        return unread[direction.ordinal()].length;
    }

    /** Bytes the session left unread in both directions. */
    public int buffered() {
        return unread[0].length + unread[1].length;
    }

    public List<OtMessage> messages() {
        return events.stream().filter(e -> e instanceof OtMessage).map(e -> (OtMessage) e).toList();
    }

    public List<Malformed> malformed() {
        return events.stream().filter(e -> e instanceof Malformed).map(e -> (Malformed) e).toList();
    }
}
