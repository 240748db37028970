package otb.capture;

import java.nio.ByteBuffer;

/**
 * TCP reassembly for every flow direction (RFC 9293 sequence space): delivers payload bytes in
 * order and once; holds out-of-order segments within a per-direction and a global byte bound,
 * and when a bound would be exceeded turns the holes before the held data into gaps.
 */
final class TcpReassembler {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    private final FlowListener listener;
    private final EngineCounters counters;
    private final int maxBytesPerDirection;
    private final long maxBytesTotal;
    private long bytesHeld;

    TcpReassembler(FlowListener listener, EngineCounters counters, int maxBytesPerDirection, long maxBytesTotal) {
        this.listener = listener;
        this.counters = counters;
        this.maxBytesPerDirection = maxBytesPerDirection;
        this.maxBytesTotal = maxBytesTotal;
    }

    /** Bytes held in out-of-order segments across all flows. */
    long bytesHeld() {
        return bytesHeld;
    }

    /**
     * One segment of {@code flow} travelling in {@code direction}; its payload is
     * {@code payload} from position to limit ({@code wireLength} bytes on the wire).
     */
    void segment(Flow flow, Direction direction, TcpStream stream, Packet packet, ByteBuffer payload, int wireLength) {
        int flags = packet.tcpFlags;
        boolean syn = (flags & SYN) != 0;
        // A SYN takes one sequence number; its data (if any) starts after it.
        long dataSequence = syn ? (packet.tcpSequence + 1) & TcpStream.SEQUENCE_MASK : packet.tcpSequence;
        if (!stream.started) {
            if (!syn && wireLength == 0 && (flags & FIN) == 0) {
                // A bare ACK does not start the stream (mid-stream pickup starts at the first data
                // or FIN) but tells the sequence number the sender will use next.
                stream.announcedSequence = dataSequence;
                stream.sequenceAnnounced = true;
                return;
            }
            if (!syn && wireLength == 1 && stream.sequenceAnnounced
                    && ((dataSequence + 1) & TcpStream.SEQUENCE_MASK) == stream.announcedSequence) {
                // A keep-alive: one old byte just below the announced sequence (RFC 9293, 3.8.4).
                counters.tcpRetransmittedBytes++;
                return;
            }
            stream.started = true;
            stream.nextSequence = dataSequence;
            stream.nextOffset = 0;
        }
        long offset = stream.offsetOf(dataSequence);
        int captured = payload.remaining();
        if (captured > 0) {
            accept(flow, direction, stream, packet, offset, payload);
        }
        if (wireLength > captured && stream.nextOffset == offset + captured) {
            // The capture cut the segment short (snap length): the rest is a hole.
            gap(flow, direction, stream, packet, wireLength - captured);
        }
        if ((flags & FIN) != 0 && !stream.finSeen) {
            stream.finSeen = true;
            stream.finOffset = offset + wireLength;
        }
    }

    private void accept(Flow flow, Direction direction, TcpStream stream, Packet packet, long offset, ByteBuffer payload) {
        int length = payload.remaining();
        long next = stream.nextOffset;
        if (offset + length <= next) {
            counters.tcpRetransmittedBytes += length;
            return;
        }
        if (offset <= next) {
            int skip = (int) (next - offset);
            counters.tcpRetransmittedBytes += skip;
            payload.position(payload.position() + skip);
            stream.advance(length - skip);
            listener.data(flow, direction, payload, packet);
            release(flow, direction, stream, packet);
            return;
        }
        counters.tcpOutOfOrderSegments++;
        if (stream.bufferedBytes + (long) length > maxBytesPerDirection || bytesHeld + length > maxBytesTotal) {
            // Bound reached: what is missing before the held data will not be waited for.
            flush(flow, direction, stream, packet);
            if (offset > stream.nextOffset) {
                gap(flow, direction, stream, packet, offset - stream.nextOffset);
            }
            accept(flow, direction, stream, packet, offset, payload);
            return;
        }
        byte[] copy = new byte[length];
        payload.get(payload.position(), copy);
        stream.hold(offset, copy);
        bytesHeld += length;
    }

    /** Delivers held segments that the next expected byte has reached. */
    private void release(Flow flow, Direction direction, TcpStream stream, Packet packet) {
        while (stream.segmentCount > 0 && stream.segmentStarts[0] <= stream.nextOffset) {
            long start = stream.segmentStarts[0];
            byte[] bytes = stream.takeFirst();
            bytesHeld -= bytes.length;
            long end = start + bytes.length;
            if (end <= stream.nextOffset) {
                counters.tcpRetransmittedBytes += bytes.length;
                continue;
            }
            int skip = (int) (stream.nextOffset - start);
            counters.tcpRetransmittedBytes += skip;
            stream.advance(bytes.length - skip);
            listener.data(flow, direction, ByteBuffer.wrap(bytes, skip, bytes.length - skip), packet);
        }
    }

    /**
     * The peer acknowledged {@code acknowledgement} on this direction: when out-of-order data is
     * held, bytes below the acknowledgement that are still missing reached the peer but not the
     * capture, so their holes become gaps now instead of at the byte bound. The same holds for
     * bytes missing before a FIN already seen. Otherwise nothing happens: on a mirror port an
     * ACK may be seen before the data it covers.
     */
    void acknowledged(Flow flow, Direction direction, TcpStream stream, Packet packet, long acknowledgement) {
        if (!stream.started || (stream.segmentCount == 0 && !stream.finSeen)) {
            return;
        }
        long acknowledgedOffset = stream.offsetOf(acknowledgement);
        if (stream.finSeen) {
            // The FIN itself takes one sequence number, which is not a byte of data.
            acknowledgedOffset = Math.min(acknowledgedOffset, stream.finOffset);
        }
        // Without a FIN, only holes before held data: an acknowledgement beyond all captured
        // data says nothing about where the data ends.
        while (stream.nextOffset < acknowledgedOffset && (stream.segmentCount > 0 || stream.finSeen)) {
            long start = stream.segmentCount > 0 ? stream.segmentStarts[0] : acknowledgedOffset;
            if (start > stream.nextOffset) {
                gap(flow, direction, stream, packet, Math.min(start, acknowledgedOffset) - stream.nextOffset);
            }
            release(flow, direction, stream, packet);
        }
    }

    /** Gives up on every hole of the direction: delivers all held data, with gaps for the holes. */
    void flush(Flow flow, Direction direction, TcpStream stream, Packet packet) {
        while (stream.segmentCount > 0) {
            long start = stream.segmentStarts[0];
            if (start > stream.nextOffset) {
                gap(flow, direction, stream, packet, start - stream.nextOffset);
            }
            release(flow, direction, stream, packet);
        }
    }

    private void gap(Flow flow, Direction direction, TcpStream stream, Packet packet, long missing) {
        counters.tcpGaps++;
        counters.tcpGapBytes += missing;
        stream.advance(missing);
        listener.gap(flow, direction, missing, packet);
    }
}
