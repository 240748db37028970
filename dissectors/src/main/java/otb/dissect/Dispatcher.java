package otb.dissect;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.FlowListener;
import otb.capture.Packet;
import otb.capture.Transport;

/**
 * Hands each flow's bytes to the protocol that carries them. A flow is probed delivery by
 * delivery (dissectors whose hint port matches first, then the rest) until one matches or
 * {@link DissectorConfig#maxProbeChunks()} deliveries failed; then its session gets every byte,
 * starting with the deliveries held back while probing, in arrival order.
 *
 * <p>While a flow is probed its {@link Flow#attachment} is a {@link FlowState}; once it has a
 * session, a {@link SessionFlow}: the session with the dispatcher's own state for the flow.
 */
public final class Dispatcher implements FlowListener {
    private final List<ProtocolDissector> dissectors;
    private final DissectorConfig config;
    private final Consumer<? super OtEvent> out;
    /** Where probing happens (flows without a session); flows with one have their own (see {@link SessionFlow}). */
    private final StreamContext probeContext = new StreamContext();
    /** The flows with a session, in order of detection, for deterministic ticks. */
    private final Set<SessionFlow> live = new LinkedHashSet<>();
    /** Their sessions, by identity: a dissector that gave one out twice would mix two flows' pairing. */
    private final Set<ProtocolSession> sessionsInUse = Collections.newSetFromMap(new IdentityHashMap<>());

    public Dispatcher(List<ProtocolDissector> dissectors, DissectorConfig config, Consumer<? super OtEvent> out) {
        this.dissectors = List.copyOf(dissectors);
        this.config = config;
        this.out = out;
    }

    @Override
    public void flowStarted(Flow flow, Packet packet) {
        flow.attachment = new FlowState(flow);
        out.accept(new FlowStarted(flow, packet.source(), packet.frameNumber(), packet.timestampNanos()));
    }

    @Override
    public void data(Flow flow, Direction direction, ByteBuffer payload, Packet packet) {
        if (flow.attachment instanceof SessionFlow tracked) {
            tracked.count(direction, payload.remaining());
            if (payload.hasRemaining()) {
                // The flow direction's own context, placed when the session started: a packet moves it on.
                deliver(tracked, direction, payload, tracked.context(direction).at(packet));
            }
            return;
        }
        FlowState state = state(flow);
        state.count(direction, payload.remaining());
        if (state.notIndustrial || !payload.hasRemaining()) {
            return;
        }
        probeContext.set(flow, direction, packet);
        probe(state, direction, payload, packet);
    }

    @Override
    public void gap(Flow flow, Direction direction, long missingBytes, Packet packet) {
        if (flow.attachment instanceof SessionFlow tracked) {
            tracked.buffer(direction).clear();
            StreamContext context = tracked.context(direction).set(flow, direction, packet);
            context.countGap();
            tracked.session.gap(context, missingBytes, out);
        } else {
            state(flow).dropPending(direction);
        }
    }

    @Override
    public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
        if (flow.attachment instanceof SessionFlow tracked) {
            tracked.session.close(timestampNanos, out);
            live.remove(tracked);
            sessionsInUse.remove(tracked.session);
            out.accept(tracked.ended(flow, reason, timestampNanos, Optional.of(tracked.dissector.protocol())));
        } else {
            out.accept(state(flow).ended(flow, reason, timestampNanos, Optional.empty()));
        }
        flow.attachment = null;
    }

    @Override
    public void tick(long captureTimeNanos) {
        for (SessionFlow tracked : live) {
            tracked.session.tick(captureTimeNanos, out);
        }
    }

    /** The state of a flow without a session. */
    private FlowState state(Flow flow) {
        if (flow.attachment instanceof FlowState state) {
            return state;
        }
        FlowState state = new FlowState(flow);
        flow.attachment = state;
        return state;
    }

    private void probe(FlowState state, Direction direction, ByteBuffer payload, Packet packet) {
        Flow flow = state.flow;
        // A flow's first bytes are probed where they lie, and copied only if no protocol takes
        // them at once (the usual flow starts with a whole message of its protocol).
        boolean first = state.held.isEmpty();
        if (!first) {
            state.hold(direction, payload, packet, config.maxBufferedBytes());
        }
        ByteBuffer candidate = first ? payload : state.probeBytes(direction);
        boolean anyNeedMore = false;
        for (int pass = 0; pass < 2; pass++) {
            for (ProtocolDissector dissector : dissectors) {
                boolean hinted = dissector.isHintPort(flow.transport(), flow.serverPort(), config)
                        || dissector.isHintPort(flow.transport(), flow.clientPort(), config);
                if (hinted != (pass == 0)) {
                    continue;
                }
                if (!hinted && flow.transport() == Transport.ETHERNET) {
                    // A layer-2 frame's EtherType names its protocol (IEEE registry), unlike a port:
                    // only the dissectors registered for it look at its bytes.
                    continue;
                }
                Probe verdict = dissector.probe(candidate.duplicate(), direction, flow.transport(), hinted);
                if (verdict == Probe.MATCH) {
                    SessionFlow tracked = start(state, dissector);
                    if (first) {
                        deliver(tracked, direction, payload, tracked.context(direction).at(packet));
                    }
                    return;
                }
                anyNeedMore |= verdict == Probe.NEED_MORE;
            }
        }
        if (!anyNeedMore || flow.transport().datagrams()) {
            state.dropPending(direction);
        } else if (first) {
            state.hold(direction, payload, packet, config.maxBufferedBytes());
        }
        if (++state.probes >= config.maxProbeChunks()) {
            state.notIndustrial = true;
            state.dropPending(Direction.TO_SERVER);
            state.dropPending(Direction.TO_CLIENT);
        }
    }

    /** Gives the flow its session (the counts so far carried over) and delivers what was held back while probing. */
    private SessionFlow start(FlowState state, ProtocolDissector dissector) {
        Flow flow = state.flow;
        ProtocolSession session = dissector.newSession(flow, config);
        if (!sessionsInUse.add(session)) {
            // A dissector's mistake, not the wire's.
            throw new IllegalStateException(dissector.protocol() + " gave out a session already serving a flow");
        }
        SessionFlow tracked = new SessionFlow(flow, dissector, session);
        tracked.countFrom(state);
        flow.attachment = tracked;
        live.add(tracked);
        for (HeldDelivery delivery : state.held) {
            deliver(tracked, delivery.direction, delivery.bytes, tracked.context(delivery.direction)
                    .set(flow, delivery.direction, delivery.source, delivery.frame, delivery.timestampNanos));
        }
        return tracked;
    }

    /** Bytes of a flow with a session. */
    private void deliver(SessionFlow tracked, Direction direction, ByteBuffer bytes, StreamContext context) {
        if (tracked.flow.transport().datagrams()) {
            parseDatagram(tracked, bytes, context);
        } else {
            feed(tracked, direction, bytes, context);
        }
    }

    private void parseDatagram(SessionFlow tracked, ByteBuffer datagram, StreamContext context) {
        ByteBuffer in = datagram.slice();
        parseLoop(tracked, in, context);
        if (in.hasRemaining()) {
            out.accept(context.malformed(tracked.dissector.protocol(), "truncated_datagram", in.remaining()));
        }
    }

    /** Parses in place when nothing is buffered (zero copy); buffers only an incomplete tail. */
    private void feed(SessionFlow tracked, Direction direction, ByteBuffer payload, StreamContext context) {
        StreamBuffer buffer = tracked.buffer(direction);
        if (buffer.isEmpty()) {
            // In place: the engine sets the payload's position and limit afresh for every call.
            ByteBuffer in = payload;
            parseLoop(tracked, in, context);
            keepTail(tracked, buffer, in, context);
            return;
        }
        if (!buffer.append(payload, config.maxBufferedBytes())) {
            overflow(tracked, buffer, payload.remaining(), context);
            return;
        }
        ByteBuffer in = buffer.readable();
        parseLoop(tracked, in, context);
        buffer.consumedTo(in.position());
    }

    private void keepTail(SessionFlow tracked, StreamBuffer buffer, ByteBuffer in, StreamContext context) {
        if (in.hasRemaining() && !buffer.append(in, config.maxBufferedBytes())) {
            overflow(tracked, buffer, in.remaining(), context);
        }
    }

    private void overflow(SessionFlow tracked, StreamBuffer buffer, long lostBytes, StreamContext context) {
        long skipped = buffer.size() + lostBytes;
        buffer.clear();
        out.accept(context.malformed(tracked.dissector.protocol(), "frame_exceeds_buffer", skipped));
        context.countGap();
        tracked.session.gap(context, skipped, out);
    }

    private void parseLoop(SessionFlow tracked, ByteBuffer in, StreamContext context) {
        while (in.hasRemaining()) {
            int before = in.position();
            ParseStatus status = tracked.session.parse(in, context, out);
            if (status == ParseStatus.NEED_MORE) {
                return;
            }
            if (status == ParseStatus.NOT_THIS_PROTOCOL || in.position() == before) {
                // A session that neither consumes nor waits would loop for ever: drop the bytes.
                int skipped = in.remaining();
                in.position(in.limit());
                out.accept(context.malformed(tracked.dissector.protocol(),
                        status == ParseStatus.NOT_THIS_PROTOCOL ? "not_this_protocol" : "no_progress", skipped));
                context.countGap();
                tracked.session.gap(context, skipped, out);
                return;
            }
        }
    }

    /**
     * A flow with a session: the session, the dissector that made it, and the dispatcher's own
     * state for the flow (each direction's incomplete tail and stream position, the counts).
     */
    private static final class SessionFlow extends FlowCounts {
        final Flow flow;
        final ProtocolDissector dissector;
        final ProtocolSession session;
        final StreamBuffer toServer = new StreamBuffer();
        final StreamBuffer toClient = new StreamBuffer();
        final StreamContext toServerContext;
        final StreamContext toClientContext;

        SessionFlow(Flow flow, ProtocolDissector dissector, ProtocolSession session) {
            this.flow = flow;
            this.dissector = dissector;
            this.session = session;
            this.toServerContext = new StreamContext().set(flow, Direction.TO_SERVER, "", 0, 0);
            this.toClientContext = new StreamContext().set(flow, Direction.TO_CLIENT, "", 0, 0);
        }

        StreamContext context(Direction direction) {
            return direction == Direction.TO_SERVER ? toServerContext : toClientContext;
        }

        StreamBuffer buffer(Direction direction) {
            return direction == Direction.TO_SERVER ? toServer : toClient;
        }
    }

    /** A delivery held back while the flow is probed. */
    private record HeldDelivery(Direction direction, ByteBuffer bytes, String source, long frame,
                                long timestampNanos) {
    }

    /** A flow without a session: probed, or given up on (see {@link #notIndustrial}). */
    private static final class FlowState extends FlowCounts {
        final Flow flow;
        boolean notIndustrial;
        int probes;
        ArrayDeque<HeldDelivery> held = new ArrayDeque<>(4);
        int heldBytes;

        FlowState(Flow flow) {
            this.flow = flow;
        }

        void hold(Direction direction, ByteBuffer payload, Packet packet, int maxBytes) {
            int length = Math.min(payload.remaining(), Math.max(0, maxBytes - heldBytes));
            ByteBuffer copy = ByteBuffer.allocate(length);
            copy.put(payload.duplicate().limit(payload.position() + length)).flip();
            held.add(new HeldDelivery(direction, copy, packet.source(), packet.frameNumber(),
                    packet.timestampNanos()));
            heldBytes += length;
        }

        /** The held bytes of one direction, concatenated: what the probes look at. */
        ByteBuffer probeBytes(Direction direction) {
            List<ByteBuffer> parts = new ArrayList<>(2);
            int total = 0;
            for (HeldDelivery delivery : held) {
                if (delivery.direction == direction) {
                    parts.add(delivery.bytes);
                    total += delivery.bytes.remaining();
                }
            }
            if (parts.size() == 1) {
                return parts.get(0).duplicate();
            }
            ByteBuffer joined = ByteBuffer.allocate(total);
            for (ByteBuffer part : parts) {
                joined.put(part.duplicate());
            }
            return joined.flip();
        }

        void dropPending(Direction direction) {
            for (Iterator<HeldDelivery> it = held.iterator(); it.hasNext(); ) {
                HeldDelivery delivery = it.next();
                if (delivery.direction == direction) {
                    heldBytes -= delivery.bytes.remaining();
                    it.remove();
                }
            }
        }
    }
}
