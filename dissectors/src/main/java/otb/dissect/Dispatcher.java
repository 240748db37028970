package otb.dissect;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * session, the session itself, which carries the dispatcher's per-flow state (see
 * {@link ProtocolSession}).
 */
public final class Dispatcher implements FlowListener {
    private final List<ProtocolDissector> dissectors;
    private final DissectorConfig config;
    private final Consumer<? super OtEvent> out;
    /** Where probing happens (flows without a session); flows with one have their own (see {@link ProtocolSession#context}). */
    private final StreamContext probeContext = new StreamContext();
    /** The sessions of flows, in order of detection, for deterministic ticks. */
    private final Set<ProtocolSession> live = new LinkedHashSet<>();

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
        if (flow.attachment instanceof ProtocolSession session) {
            session.count(direction, payload.remaining());
            if (payload.hasRemaining()) {
                // The flow direction's own context, placed when the session started: a packet moves it on.
                deliver(session, direction, payload, session.context(direction).at(packet));
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
        if (flow.attachment instanceof ProtocolSession session) {
            session.buffer(direction).clear();
            session.gap(session.context(direction).set(flow, direction, packet), missingBytes, out);
        } else {
            state(flow).dropPending(direction);
        }
    }

    @Override
    public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
        if (flow.attachment instanceof ProtocolSession session) {
            session.close(timestampNanos, out);
            live.remove(session);
            out.accept(session.ended(flow, reason, timestampNanos, Optional.of(session.dissector.protocol())));
        } else {
            out.accept(state(flow).ended(flow, reason, timestampNanos, Optional.empty()));
        }
        flow.attachment = null;
    }

    @Override
    public void tick(long captureTimeNanos) {
        for (ProtocolSession session : live) {
            session.tick(captureTimeNanos, out);
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
                Probe verdict = dissector.probe(candidate.duplicate(), direction, flow.transport(), hinted);
                if (verdict == Probe.MATCH) {
                    ProtocolSession session = start(state, dissector);
                    if (first) {
                        deliver(session, direction, payload, session.context(direction).at(packet));
                    }
                    return;
                }
                anyNeedMore |= verdict == Probe.NEED_MORE;
            }
        }
        if (!anyNeedMore || flow.transport() == Transport.UDP) {
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

    /**
     * Gives the flow its session, which takes over the flow's state (see {@link ProtocolSession}),
     * and delivers the deliveries held back while probing.
     */
    private ProtocolSession start(FlowState state, ProtocolDissector dissector) {
        Flow flow = state.flow;
        ProtocolSession session = dissector.newSession(flow, config);
        if (session.flow != null) {
            // Its counts, tails and positions are another flow's: a dissector's mistake, not the wire's.
            throw new IllegalStateException(dissector.protocol() + " gave out a session already serving a flow");
        }
        session.flow = flow;
        session.dissector = dissector;
        session.countFrom(state);
        session.toServerContext = new StreamContext().set(flow, Direction.TO_SERVER, "", 0, 0);
        session.toClientContext = new StreamContext().set(flow, Direction.TO_CLIENT, "", 0, 0);
        session.toServer = new StreamBuffer();
        session.toClient = new StreamBuffer();
        flow.attachment = session;
        live.add(session);
        for (HeldDelivery delivery : state.held) {
            deliver(session, delivery.direction, delivery.bytes, session.context(delivery.direction)
                    .set(flow, delivery.direction, delivery.source, delivery.frame, delivery.timestampNanos));
        }
        return session;
    }

    /** Bytes of a flow with a session. */
    private void deliver(ProtocolSession session, Direction direction, ByteBuffer bytes, StreamContext context) {
        if (session.flow.transport() == Transport.UDP) {
            parseDatagram(session, bytes, context);
        } else {
            feed(session, direction, bytes, context);
        }
    }

    private void parseDatagram(ProtocolSession session, ByteBuffer datagram, StreamContext context) {
        ByteBuffer in = datagram.slice();
        parseLoop(session, in, context);
        if (in.hasRemaining()) {
            out.accept(context.malformed(session.dissector.protocol(), "truncated_datagram", in.remaining()));
        }
    }

    /** Parses in place when nothing is buffered (zero copy); buffers only an incomplete tail. */
    private void feed(ProtocolSession session, Direction direction, ByteBuffer payload, StreamContext context) {
        StreamBuffer buffer = session.buffer(direction);
        if (buffer.isEmpty()) {
            // In place: the engine sets the payload's position and limit afresh for every call.
            ByteBuffer in = payload;
            parseLoop(session, in, context);
            keepTail(session, buffer, in, context);
            return;
        }
        if (!buffer.append(payload, config.maxBufferedBytes())) {
            overflow(session, buffer, payload.remaining(), context);
            return;
        }
        ByteBuffer in = buffer.readable();
        parseLoop(session, in, context);
        buffer.consumedTo(in.position());
    }

    private void keepTail(ProtocolSession session, StreamBuffer buffer, ByteBuffer in, StreamContext context) {
        if (in.hasRemaining() && !buffer.append(in, config.maxBufferedBytes())) {
            overflow(session, buffer, in.remaining(), context);
        }
    }

    private void overflow(ProtocolSession session, StreamBuffer buffer, long lostBytes, StreamContext context) {
        long skipped = buffer.size() + lostBytes;
        buffer.clear();
        out.accept(context.malformed(session.dissector.protocol(), "frame_exceeds_buffer", skipped));
        session.gap(context, skipped, out);
    }

    private void parseLoop(ProtocolSession session, ByteBuffer in, StreamContext context) {
        while (in.hasRemaining()) {
            int before = in.position();
            ParseStatus status = session.parse(in, context, out);
            if (status == ParseStatus.NEED_MORE) {
                return;
            }
            if (status == ParseStatus.NOT_THIS_PROTOCOL || in.position() == before) {
                // A session that neither consumes nor waits would loop for ever: drop the bytes.
                int skipped = in.remaining();
                in.position(in.limit());
                out.accept(context.malformed(session.dissector.protocol(),
                        status == ParseStatus.NOT_THIS_PROTOCOL ? "not_this_protocol" : "no_progress", skipped));
                session.gap(context, skipped, out);
                return;
            }
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
