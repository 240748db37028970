package otb.capture;

import java.nio.ByteBuffer;

/**
 * Frames in, flow events out: decodes each frame of a source (L2..L4, zero copy), reassembles
 * IPv4 fragments, tracks flows and reassembles TCP per direction, and calls a
 * {@link FlowListener}. Flows persist across sources, so rotated captures read in order behave
 * as one stream. Not thread-safe: one engine per pipeline thread.
 */
public final class CaptureEngine {
    /** Ticks are given at least this often in capture time. */
    static final long TICK_INTERVAL_NANOS = 1_000_000_000L;
    /**
     * How long a flow ended by FIN or RST stays in the table to absorb its trailing packets (the
     * last ACK, retransmitted FINs) instead of starting a new flow from them.
     */
    static final long CLOSED_FLOW_LINGER_NANOS = 10_000_000_000L;

    private final CaptureLimits limits;
    private final FlowListener listener;
    private final EngineCounters counters = new EngineCounters();
    private final FrameDecoder decoder = new FrameDecoder();
    private final FlowTable flows;
    private final TcpReassembler reassembler;
    private final Ipv4Reassembler fragments;
    private final PacketSource.FrameHandler handler = this::accept;
    private PacketSource.FrameHandler observer;

    private long nextFlowId = 1;
    /** Latest capture time seen; never moves backwards. */
    private long clock = Long.MIN_VALUE;
    private long nextTickNanos = Long.MIN_VALUE;
    /** Read-only view over the current source's buffer, reused for every payload. */
    private ByteBuffer payloadView;
    private ByteBuffer payloadViewOf;
    /** The last packet seen, for callbacks at the end of input. */
    private Packet lastPacket;

    public CaptureEngine(CaptureLimits limits, FlowListener listener) {
        if (limits.maxFlows() < 1 || limits.maxFlows() > CaptureLimits.MAX_FLOWS) {
            throw new IllegalArgumentException("maxFlows out of range 1.." + CaptureLimits.MAX_FLOWS + ": "
                    + limits.maxFlows());
        }
        this.limits = limits;
        this.listener = listener;
        this.flows = new FlowTable(limits.maxFlows());
        this.reassembler = new TcpReassembler(listener, counters, limits.maxOutOfOrderBytesPerFlow(),
                limits.maxOutOfOrderBytesTotal());
        this.fragments = new Ipv4Reassembler(limits, counters);
    }

    /** Sees every frame before decoding (progress, evidence ring); default none. */
    public void frameObserver(PacketSource.FrameHandler observer) {
        this.observer = observer;
    }

    /** Reads the whole source through the pipeline; frames before damage are processed. */
    public void process(PacketSource source) throws CaptureException {
        source.run(handler);
    }

    /** Processes one frame already read by a source (live capture hands frames over this way). */
    public void accept(Packet packet) {
        lastPacket = packet;
        counters.frames++;
        counters.bytes += packet.capturedLength;
        if (observer != null) {
            observer.frame(packet);
        }
        long timestamp = packet.timestampNanos;
        if (timestamp > clock) {
            clock = timestamp;
        }
        if (clock >= nextTickNanos) {
            tick(packet);
        }
        int kind = decoder.decode(packet);
        if (decoder.truncated) {
            counters.truncatedFrames++;
        }
        switch (kind) {
            case FrameDecoder.TRANSPORT -> transport(packet, viewOf(packet.frame), packet.payloadOffset,
                    packet.payloadLength, packet.payloadWireLength);
            case FrameDecoder.LINK_FRAME -> {
                counters.nonIp++;
                transport(packet, viewOf(packet.frame), packet.payloadOffset, packet.payloadLength,
                        packet.payloadWireLength);
            }
            case FrameDecoder.IPV4_FRAGMENT -> fragment(packet);
            case FrameDecoder.IPV6_FRAGMENT -> {
                counters.fragments++;
                counters.fragmentsDropped++;
            }
            case FrameDecoder.UNKNOWN_LINK_TYPE -> counters.unknownLinkTypes++;
            case FrameDecoder.NOT_IP -> counters.nonIp++;
            case FrameDecoder.BAD_HEADER -> counters.badHeaders++;
            case FrameDecoder.OTHER_IP_PROTOCOL -> counters.otherIpProtocols++;
            default -> {
                // TRUNCATED: counted above
            }
        }
    }

    private ByteBuffer viewOf(ByteBuffer frame) {
        if (frame != payloadViewOf) {
            payloadViewOf = frame;
            payloadView = frame.asReadOnlyBuffer();
        }
        return payloadView;
    }

    private void fragment(Packet packet) {
        counters.fragments++;
        ByteBuffer datagram = fragments.add(packet, decoder, clock);
        if (datagram == null) {
            return;
        }
        // The reassembled datagram: transport header and payload from offset 0.
        int length = datagram.remaining();
        int kind = decoder.transport(packet, datagram, packet.ipProtocol, 0, length, length);
        if (kind == FrameDecoder.TRANSPORT) {
            int offset = packet.payloadOffset;
            packet.payloadOffset = -1;
            transport(packet, datagram, offset, packet.payloadLength, packet.payloadWireLength);
        } else if (kind == FrameDecoder.BAD_HEADER) {
            counters.badHeaders++;
        } else if (kind == FrameDecoder.OTHER_IP_PROTOCOL) {
            counters.otherIpProtocols++;
        }
    }

    private void transport(Packet packet, ByteBuffer view, int payloadOffset, int payloadLength, int wireLength) {
        FlowTable table = flows;
        table.key(packet);
        boolean tcp = packet.ipProtocol == FrameDecoder.PROTOCOL_TCP;
        boolean link = packet.ipProtocol == Transport.ETHERNET.ipProtocol;
        int flags = packet.tcpFlags;
        boolean syn = tcp && (flags & TcpReassembler.SYN) != 0;
        FlowEntry entry = table.find();
        if (entry != null && entry.closed) {
            // A SYN (or SYN-ACK) on the ports of an ended flow opens a new connection.
            if (!syn) {
                counters.packetsAfterClose++;
                entry.flow.countAfterEnd(table.packetFromA == entry.clientIsA ? Direction.TO_SERVER : Direction.TO_CLIENT,
                        packet.originalLength, clock);
                entry.lastSeenNanos = clock;
                table.touch(entry);
                return;
            }
            table.remove(entry);
            entry = null;
        }
        if (entry != null && syn && isNewConnection(entry, packet)) {
            // The ports were reused for a new connection whose predecessor's end was not seen.
            counters.flowsReplaced++;
            end(entry, FlowListener.FlowEnd.EVICTED, packet);
            table.remove(entry);
            entry = null;
        }
        if (entry == null) {
            entry = startFlow(packet, tcp, flags);
        } else {
            entry.lastSeenNanos = clock;
            table.touch(entry);
        }
        Flow flow = entry.flow;
        Direction direction = table.packetFromA == entry.clientIsA ? Direction.TO_SERVER : Direction.TO_CLIENT;
        flow.count(direction, packet.originalLength, clock);
        view.clear();
        view.limit(payloadOffset + payloadLength).position(payloadOffset);
        if (!tcp) {
            if (!link) {
                counters.udpDatagrams++;
            }
            if (payloadLength > 0 && payloadLength == wireLength) {
                listener.data(flow, direction, view, packet);
            }
            return;
        }
        counters.tcpSegments++;
        if ((flags & TcpReassembler.ACK) != 0) {
            Direction reverse = direction.reverse();
            reassembler.acknowledged(flow, reverse, entry.stream(reverse), packet, packet.tcpAcknowledgement);
        }
        reassembler.segment(flow, direction, entry.stream(direction), packet, view, wireLength);
        if ((flags & TcpReassembler.RST) != 0) {
            end(entry, FlowListener.FlowEnd.RST, packet);
        } else if (entry.toServer.finished() && entry.toClient.finished()) {
            end(entry, FlowListener.FlowEnd.FIN, packet);
        }
    }

    /** A SYN whose sequence number does not start the stream its sender already has. */
    private boolean isNewConnection(FlowEntry entry, Packet packet) {
        Direction direction = flows.packetFromA == entry.clientIsA ? Direction.TO_SERVER : Direction.TO_CLIENT;
        TcpStream stream = entry.stream(direction);
        return stream.started && stream.offsetOf((packet.tcpSequence + 1) & TcpStream.SEQUENCE_MASK) != 0;
    }

    private FlowEntry startFlow(Packet packet, boolean tcp, int flags) {
        FlowTable table = flows;
        if (table.full()) {
            FlowEntry victim = table.oldest();
            if (!victim.closed) {
                counters.flowsEvicted++;
                end(victim, FlowListener.FlowEnd.EVICTED, packet);
            }
            table.remove(victim);
        }
        boolean handshake = false;
        boolean sourceIsClient;
        if (tcp && (flags & TcpReassembler.SYN) != 0) {
            // RFC 9293, section 3.5: the SYN comes from the initiator, the SYN-ACK from the responder.
            handshake = true;
            sourceIsClient = (flags & TcpReassembler.ACK) == 0;
        } else if (packet.toGroup()) {
            // A group never sends, so its flow's client is the sender whatever the ports say
            // (DHCPv6: from port 546 to ff02::1:2 port 547; SSDP, mDNS, NetBIOS broadcasts).
            sourceIsClient = true;
        } else {
            sourceIsClient = ServerPorts.destinationIsServer(packet.sourcePort, packet.destinationPort);
        }
        FlowEntry entry = table.insert();
        entry.clientIsA = sourceIsClient == table.packetFromA;
        entry.lastSeenNanos = clock;
        if (tcp) {
            entry.toServer = new TcpStream();
            entry.toClient = new TcpStream();
        }
        IpAddress source = packet.sourceAddress();
        IpAddress destination = packet.destinationAddress();
        long sourceMac = packet.hasMac ? packet.sourceMac : 0;
        long destinationMac = packet.hasMac ? packet.destinationMac : 0;
        Transport transport = tcp ? Transport.TCP
                : packet.ipProtocol == Transport.ETHERNET.ipProtocol ? Transport.ETHERNET : Transport.UDP;
        entry.flow = sourceIsClient
                ? new Flow(nextFlowId++, packet.vlan(), transport, source, packet.sourcePort, destination,
                        packet.destinationPort, sourceMac, destinationMac, packet.timestampNanos, handshake)
                : new Flow(nextFlowId++, packet.vlan(), transport, destination, packet.destinationPort, source,
                        packet.sourcePort, destinationMac, sourceMac, packet.timestampNanos, handshake);
        counters.flows++;
        listener.flowStarted(entry.flow, packet);
        return entry;
    }

    /** Ends a flow: held out-of-order data is delivered after gaps, then flowEnded. */
    private void end(FlowEntry entry, FlowListener.FlowEnd reason, Packet packet) {
        if (entry.toServer != null) {
            reassembler.flush(entry.flow, Direction.TO_SERVER, entry.toServer, packet);
            reassembler.flush(entry.flow, Direction.TO_CLIENT, entry.toClient, packet);
        }
        entry.closed = true;
        counters.flowsEnded++;
        listener.flowEnded(entry.flow, reason, clock);
    }

    /** Ends idle flows, forgets lingering closed ones, expires fragments, then ticks the listener. */
    private void tick(Packet packet) {
        long now = clock;
        long idle = limits.flowIdleTimeoutNanos();
        FlowEntry entry;
        while ((entry = flows.oldest()) != null) {
            long since = now - entry.lastSeenNanos;
            if (entry.closed ? since < Math.min(idle, CLOSED_FLOW_LINGER_NANOS) : since < idle) {
                break;
            }
            if (!entry.closed) {
                counters.flowsTimedOut++;
                end(entry, FlowListener.FlowEnd.IDLE_TIMEOUT, packet);
            }
            flows.remove(entry);
        }
        fragments.expire(now);
        nextTickNanos = now - Math.floorMod(now, TICK_INTERVAL_NANOS) + TICK_INTERVAL_NANOS;
        listener.tick(now);
    }

    /** End of input: ends every flow with END_OF_INPUT and gives a last tick. */
    public void finish() {
        Packet last = new Packet();
        if (lastPacket != null) {
            last.source = lastPacket.source;
            last.frameNumber = lastPacket.frameNumber;
            last.timestampNanos = lastPacket.timestampNanos;
            last.linkType = lastPacket.linkType;
        }
        last.setFrame(ByteBuffer.allocate(0), 0, 0);
        FlowEntry entry;
        while ((entry = flows.oldest()) != null) {
            if (!entry.closed) {
                end(entry, FlowListener.FlowEnd.END_OF_INPUT, last);
            }
            flows.remove(entry);
        }
        fragments.clear();
        if (clock != Long.MIN_VALUE) {
            listener.tick(clock);
        }
        nextTickNanos = Long.MIN_VALUE;
    }

    public CaptureCounters counters() {
        return counters;
    }
}
