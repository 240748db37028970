package otb.capture;

import java.nio.ByteBuffer;

/**
 * TCP reassembly for every flow direction (RFC 9293 sequence space): delivers payload bytes in
 * order and once; holds out-of-order segments within a per-direction and a global byte bound,
 * and when a bound would be exceeded turns the holes before the held data into gaps.
 *
 * <p>Which frame released bytes are delivered with (see {@link FlowListener}): data after a hole
 * that is filled later is delivered with the filling packet, the frame where it became available
 * in sequence; data after a hole given up (a gap) is delivered with the frame that carried it, as
 * Wireshark dissects a segment after "previous segment not captured" in its own frame. For those
 * callbacks the packet's source, frame number and capture time are set to the carrying frame's
 * and restored afterwards.
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
    /** Counts held segments, so a release can tell which of two held segments arrived later. */
    private long arrivals;

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
        stream.hold(offset, copy, packet, arrivals++);
        bytesHeld += length;
    }

    /**
     * Delivers held segments that the next expected byte has reached, after in-order data of
     * {@code packet} filled the hole before them: they are delivered with {@code packet}.
     */
    private void release(Flow flow, Direction direction, TcpStream stream, Packet packet) {
        while (stream.segmentCount > 0 && stream.segmentStarts[0] <= stream.nextOffset) {
            deliverFirst(flow, direction, stream, packet);
        }
    }

    /** Takes the first held segment (starting at or before the next expected byte); delivers its new bytes. */
    private void deliverFirst(Flow flow, Direction direction, TcpStream stream, Packet packet) {
        long start = stream.segmentStarts[0];
        byte[] bytes = stream.takeFirst();
        bytesHeld -= bytes.length;
        long end = start + bytes.length;
        if (end <= stream.nextOffset) {
            counters.tcpRetransmittedBytes += bytes.length;
            return;
        }
        int skip = (int) (stream.nextOffset - start);
        counters.tcpRetransmittedBytes += skip;
        stream.advance(bytes.length - skip);
        listener.data(flow, direction, ByteBuffer.wrap(bytes, skip, bytes.length - skip), packet);
    }

    /**
     * Gives up the hole before the first held segment ({@code missing} bytes, which reach it) and
     * delivers the held segments that follow in sequence. The gap and each segment are reported
     * with the frame that carried the segment (a later frame when an earlier-arrived segment
     * follows a later-arrived one, so frames never go backwards within one release); the packet's
     * own source, frame number and capture time are restored afterwards.
     */
    private void releaseAfterGap(Flow flow, Direction direction, TcpStream stream, Packet packet, long missing) {
        String source = packet.source;
        long frameNumber = packet.frameNumber;
        long timestampNanos = packet.timestampNanos;
        long latestArrival = stream.segmentArrivals[0];
        packet.source = stream.segmentSources[0];
        packet.frameNumber = stream.segmentFrameNumbers[0];
        packet.timestampNanos = stream.segmentTimestamps[0];
        try {
            if (missing > 0) {
                gap(flow, direction, stream, packet, missing);
            }
            while (stream.segmentCount > 0 && stream.segmentStarts[0] <= stream.nextOffset) {
                if (stream.segmentArrivals[0] > latestArrival) {
                    latestArrival = stream.segmentArrivals[0];
                    packet.source = stream.segmentSources[0];
                    packet.frameNumber = stream.segmentFrameNumbers[0];
                    packet.timestampNanos = stream.segmentTimestamps[0];
                }
                deliverFirst(flow, direction, stream, packet);
            }
        } finally {
            packet.source = source;
            packet.frameNumber = frameNumber;
            packet.timestampNanos = timestampNanos;
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
            if (acknowledgedOffset > stream.finOffset + 1) {
                // Acknowledged beyond the FIN, which takes the last sequence number of its sender
                // (RFC 9293, 3.5): that FIN did not end the data (a damaged or fuzzed segment), and
                // trusting it would hold the data after it to the end of the flow. Forget it.
                stream.finSeen = false;
            } else {
                // The FIN itself takes one sequence number, which is not a byte of data.
                acknowledgedOffset = Math.min(acknowledgedOffset, stream.finOffset);
            }
        }
        // Without a FIN, only holes before held data: an acknowledgement beyond all captured
        // data says nothing about where the data ends.
        while (stream.nextOffset < acknowledgedOffset && (stream.segmentCount > 0 || stream.finSeen)) {
            if (stream.segmentCount > 0 && stream.segmentStarts[0] <= acknowledgedOffset) {
                releaseAfterGap(flow, direction, stream, packet, stream.segmentStarts[0] - stream.nextOffset);
            } else {
                // Part of the hole is acknowledged, or the bytes before the FIN: no held data follows.
                gap(flow, direction, stream, packet, acknowledgedOffset - stream.nextOffset);
            }
        }
    }

    /** Gives up on every hole of the direction: delivers all held data, with gaps for the holes. */
    void flush(Flow flow, Direction direction, TcpStream stream, Packet packet) {
        while (stream.segmentCount > 0) {
            releaseAfterGap(flow, direction, stream, packet, stream.segmentStarts[0] - stream.nextOffset);
        }
    }

    private void gap(Flow flow, Direction direction, TcpStream stream, Packet packet, long missing) {
        counters.tcpGaps++;
        counters.tcpGapBytes += missing;
        stream.advance(missing);
        listener.gap(flow, direction, missing, packet);
    }
}
