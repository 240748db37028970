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
 */
public final class Dispatcher implements FlowListener {
    private final List<ProtocolDissector> dissectors;
    private final DissectorConfig config;
    private final Consumer<? super OtEvent> out;
    /** Where probing happens (flows without a session); flows with one have their own (see {@link FlowState#context}). */
    private final StreamContext probeContext = new StreamContext();
    /** Flows with a session, in order of detection, for deterministic ticks. */
    private final Set<FlowState> live = new LinkedHashSet<>();

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
        FlowState state = state(flow);
        state.count(direction, payload.remaining());
        if (state.notIndustrial || !payload.hasRemaining()) {
            return;
        }
        if (state.session == null) {
            probeContext.set(flow, direction, packet);
            probe(state, direction, payload, packet);
            return;
        }
        // The flow direction's own context, placed when the session started: a packet moves it on.
        deliver(state, direction, payload, state.context(direction).at(packet));
    }

    @Override
    public void gap(Flow flow, Direction direction, long missingBytes, Packet packet) {
        FlowState state = state(flow);
        if (state.session != null) {
            state.buffer(direction).clear();
            state.session.gap(state.context(direction).set(flow, direction, packet), missingBytes, out);
        } else {
            state.dropPending(direction);
        }
    }

    @Override
    public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
        FlowState state = state(flow);
        if (state.session != null) {
            state.session.close(timestampNanos, out);
            live.remove(state);
        }
        out.accept(new FlowEnded(flow, reason, timestampNanos,
                state.dissector == null ? Optional.empty() : Optional.of(state.dissector.protocol()),
                state.toServerPayloads, state.toClientPayloads, state.toServerBytes, state.toClientBytes));
        flow.attachment = null;
    }

    @Override
    public void tick(long captureTimeNanos) {
        for (FlowState state : live) {
            state.session.tick(captureTimeNanos, out);
        }
    }

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
                    start(state, dissector);
                    if (first) {
                        deliver(state, direction, payload, state.context(direction).at(packet));
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

    private void start(FlowState state, ProtocolDissector dissector) {
        state.dissector = dissector;
        state.session = dissector.newSession(state.flow, config);
        state.toServerContext = new StreamContext().set(state.flow, Direction.TO_SERVER, "", 0, 0);
        state.toClientContext = new StreamContext().set(state.flow, Direction.TO_CLIENT, "", 0, 0);
        state.toServer = new StreamBuffer();
        state.toClient = new StreamBuffer();
        live.add(state);
        ArrayDeque<HeldDelivery> held = state.held;
        state.held = null;
        for (HeldDelivery delivery : held) {
            deliver(state, delivery.direction, delivery.bytes, state.context(delivery.direction)
                    .set(state.flow, delivery.direction, delivery.source, delivery.frame, delivery.timestampNanos));
        }
    }

    /** Bytes of a flow with a session. */
    private void deliver(FlowState state, Direction direction, ByteBuffer bytes, StreamContext context) {
        if (state.flow.transport() == Transport.UDP) {
            parseDatagram(state, bytes, context);
        } else {
            feed(state, direction, bytes, context);
        }
    }

    private void parseDatagram(FlowState state, ByteBuffer datagram, StreamContext context) {
        ByteBuffer in = datagram.slice();
        parseLoop(state, in, context);
        if (in.hasRemaining()) {
            out.accept(context.malformed(state.dissector.protocol(), "truncated_datagram", in.remaining()));
        }
    }

    /** Parses in place when nothing is buffered (zero copy); buffers only an incomplete tail. */
    private void feed(FlowState state, Direction direction, ByteBuffer payload, StreamContext context) {
        StreamBuffer buffer = state.buffer(direction);
        if (buffer.isEmpty()) {
            // In place: the engine sets the payload's position and limit afresh for every call.
            ByteBuffer in = payload;
            parseLoop(state, in, context);
            keepTail(state, buffer, in, context);
            return;
        }
        if (!buffer.append(payload, config.maxBufferedBytes())) {
            overflow(state, buffer, payload.remaining(), context);
            return;
        }
        ByteBuffer in = buffer.readable();
        parseLoop(state, in, context);
        buffer.consumedTo(in.position());
    }

    private void keepTail(FlowState state, StreamBuffer buffer, ByteBuffer in, StreamContext context) {
        if (in.hasRemaining() && !buffer.append(in, config.maxBufferedBytes())) {
            overflow(state, buffer, in.remaining(), context);
        }
    }

    private void overflow(FlowState state, StreamBuffer buffer, long lostBytes, StreamContext context) {
        long skipped = buffer.size() + lostBytes;
        buffer.clear();
        out.accept(context.malformed(state.dissector.protocol(), "frame_exceeds_buffer", skipped));
        state.session.gap(context, skipped, out);
    }

    private void parseLoop(FlowState state, ByteBuffer in, StreamContext context) {
        while (in.hasRemaining()) {
            int before = in.position();
            ParseStatus status = state.session.parse(in, context, out);
            if (status == ParseStatus.NEED_MORE) {
                return;
            }
            if (status == ParseStatus.NOT_THIS_PROTOCOL || in.position() == before) {
                // A session that neither consumes nor waits would loop for ever: drop the bytes.
                int skipped = in.remaining();
                in.position(in.limit());
                out.accept(context.malformed(state.dissector.protocol(),
                        status == ParseStatus.NOT_THIS_PROTOCOL ? "not_this_protocol" : "no_progress", skipped));
                state.session.gap(context, skipped, out);
                return;
            }
        }
    }

    /** A delivery held back while the flow is probed. */
    private record HeldDelivery(Direction direction, ByteBuffer bytes, String source, long frame,
                                long timestampNanos) {
    }

    private static final class FlowState {
        final Flow flow;
        ProtocolDissector dissector;
        ProtocolSession session;
        boolean notIndustrial;
        int probes;
        ArrayDeque<HeldDelivery> held = new ArrayDeque<>(4);
        int heldBytes;
        // Fields rather than arrays indexed by direction: counted for every payload, and fields
        // sit in the state object's own cache lines.
        long toServerPayloads;
        long toClientPayloads;
        long toServerBytes;
        long toClientBytes;
        /** Each direction's incomplete tail; made with the session. */
        StreamBuffer toServer;
        StreamBuffer toClient;
        /**
         * Each direction's stream position, made with the session: its own, so that a packet
         * updates numbers only (a reference store into a long-lived object per packet would cost
         * a garbage collector barrier).
         */
        StreamContext toServerContext;
        StreamContext toClientContext;

        FlowState(Flow flow) {
            this.flow = flow;
        }

        /**
         * The flow's number: unique in a run, and no identity hash to make (a set holds these).
         * Equality stays identity, which this agrees with.
         */
        @Override
        public int hashCode() {
            return Long.hashCode(flow.id());
        }

        void count(Direction direction, int length) {
            if (direction == Direction.TO_SERVER) {
                toServerPayloads++;
                toServerBytes += length;
            } else {
                toClientPayloads++;
                toClientBytes += length;
            }
        }

        StreamContext context(Direction direction) {
            return direction == Direction.TO_SERVER ? toServerContext : toClientContext;
        }

        StreamBuffer buffer(Direction direction) {
            return direction == Direction.TO_SERVER ? toServer : toClient;
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
            if (held == null) {
                return;
            }
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
