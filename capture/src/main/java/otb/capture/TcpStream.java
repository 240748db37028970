package otb.capture;

import java.util.Arrays;

/**
 * Reassembly state of one TCP direction: the next sequence number expected, its offset in the
 * byte stream (64 bits, so sequence wrap-around needs no special case), and the out-of-order
 * segments waiting for a hole to fill, sorted by stream offset.
 */
final class TcpStream {
    /** Sequence numbers are unsigned 32-bit (RFC 9293, section 3.4). */
    static final long SEQUENCE_MASK = 0xFFFF_FFFFL;

    /** True once a SYN, FIN or payload fixed the sequence numbering of this direction. */
    boolean started;
    /** Sequence number of the next byte to deliver, unsigned 32-bit. */
    long nextSequence;
    /** Stream offset of the next byte to deliver: bytes delivered plus bytes lost in gaps. */
    long nextOffset;
    /** Before the start: the sequence number a bare ACK of this direction carried. */
    long announcedSequence;
    boolean sequenceAnnounced;
    boolean finSeen;
    /** Stream offset of the FIN: all bytes before it have arrived when nextOffset reaches it. */
    long finOffset;

    // Empty until the first out-of-order segment (shared, so a new flow allocates no arrays).
    private static final long[] NO_LONGS = new long[0];
    private static final byte[][] NO_SEGMENTS = new byte[0][];
    private static final String[] NO_STRINGS = new String[0];

    // Out-of-order segments, sorted by start offset, with the frame that carried each.
    long[] segmentStarts = NO_LONGS;
    byte[][] segmentBytes = NO_SEGMENTS;
    /** Frame number, capture time (ns since the epoch) and source name of the carrying frame. */
    long[] segmentFrameNumbers = NO_LONGS;
    long[] segmentTimestamps = NO_LONGS;
    String[] segmentSources = NO_STRINGS;
    /** Order of arrival of each held segment (increasing per reassembler). */
    long[] segmentArrivals = NO_LONGS;
    int segmentCount;
    /** Bytes held in out-of-order segments. */
    int bufferedBytes;

    boolean finished() {
        return finSeen && segmentCount == 0 && nextOffset - finOffset >= 0;
    }

    /** Stream offset of sequence number {@code sequence}, relative to the next expected byte. */
    long offsetOf(long sequence) {
        return nextOffset + (int) (sequence - nextSequence);
    }

    void advance(long bytes) {
        nextOffset += bytes;
        nextSequence = (nextSequence + bytes) & SEQUENCE_MASK;
    }

    /**
     * Keeps a copy of an out-of-order segment and the frame that carried it (as read from
     * {@code packet} now); the caller checked the byte bounds.
     */
    void hold(long start, byte[] bytes, Packet packet, long arrival) {
        if (segmentCount == segmentStarts.length) {
            int grown = Math.max(4, segmentCount * 2);
            segmentStarts = Arrays.copyOf(segmentStarts, grown);
            segmentBytes = Arrays.copyOf(segmentBytes, grown);
            segmentFrameNumbers = Arrays.copyOf(segmentFrameNumbers, grown);
            segmentTimestamps = Arrays.copyOf(segmentTimestamps, grown);
            segmentSources = Arrays.copyOf(segmentSources, grown);
            segmentArrivals = Arrays.copyOf(segmentArrivals, grown);
        }
        int at = segmentCount;
        while (at > 0 && segmentStarts[at - 1] > start) {
            at--;
        }
        int moved = segmentCount - at;
        System.arraycopy(segmentStarts, at, segmentStarts, at + 1, moved);
        System.arraycopy(segmentBytes, at, segmentBytes, at + 1, moved);
        System.arraycopy(segmentFrameNumbers, at, segmentFrameNumbers, at + 1, moved);
        System.arraycopy(segmentTimestamps, at, segmentTimestamps, at + 1, moved);
        System.arraycopy(segmentSources, at, segmentSources, at + 1, moved);
        System.arraycopy(segmentArrivals, at, segmentArrivals, at + 1, moved);
        segmentStarts[at] = start;
        segmentBytes[at] = bytes;
        segmentFrameNumbers[at] = packet.frameNumber;
        segmentTimestamps[at] = packet.timestampNanos;
        segmentSources[at] = packet.source;
        segmentArrivals[at] = arrival;
        segmentCount++;
        bufferedBytes += bytes.length;
    }

    /** Removes the first held segment; returns its bytes. Read its frame before calling this. */
    byte[] takeFirst() {
        byte[] bytes = segmentBytes[0];
        int moved = segmentCount - 1;
        System.arraycopy(segmentStarts, 1, segmentStarts, 0, moved);
        System.arraycopy(segmentBytes, 1, segmentBytes, 0, moved);
        System.arraycopy(segmentFrameNumbers, 1, segmentFrameNumbers, 0, moved);
        System.arraycopy(segmentTimestamps, 1, segmentTimestamps, 0, moved);
        System.arraycopy(segmentSources, 1, segmentSources, 0, moved);
        System.arraycopy(segmentArrivals, 1, segmentArrivals, 0, moved);
        segmentCount--;
        segmentBytes[segmentCount] = null;
        segmentSources[segmentCount] = null;
        bufferedBytes -= bytes.length;
        return bytes;
    }
}
