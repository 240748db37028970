package otb.dissect.dnp3;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Transport function (IEEE 1815-2012 clause 8): joins transport segments into application
 * fragments, per direction and link source/destination pair. Each segment starts with a
 * transport header octet (FIN 0x80, FIR 0x40, SEQ 0x3F). Receiver rules of clause 8: a
 * segment with FIR starts a new fragment, discarding any unfinished one; a segment without FIR
 * must carry the next sequence number, a repeat of the last one is discarded, any other
 * number discards the unfinished fragment. The bytes of all unfinished fragments of a flow
 * together stay within {@code maxFragmentBytes}, and their number within
 * {@link #MAX_UNFINISHED_FRAGMENTS}; the oldest give way.
 */
final class TransportReassembler {

    static final int FIN = 0x80;
    static final int FIR = 0x40;
    static final int SEQ_MASK = 0x3F;
    /** Unfinished fragments kept per flow (one per direction and address pair). */
    static final int MAX_UNFINISHED_FRAGMENTS = 16;

    /** What a segment did. */
    enum Outcome {
        /** The segment completed a fragment: {@link #completed()} holds it. */
        COMPLETED,
        /** The segment was added to an unfinished fragment. */
        BUFFERED,
        /** A segment without FIR arrived with no fragment under way; discarded. */
        NO_FIRST_SEGMENT,
        /** A repeat of the previous segment; discarded. */
        DUPLICATE,
        /** Out of sequence: the unfinished fragment and this segment were discarded. */
        OUT_OF_SEQUENCE,
        /** The fragment would exceed the size bound; it was discarded. */
        TOO_LARGE
    }

    private final int maxFragmentBytes;
    private final Map<Long, Fragment> unfinished = new LinkedHashMap<>();
    private byte[] completed = new byte[0];
    private int segmentsOfCompleted;
    private int discardedBytes;
    private int bufferedBytes;

    TransportReassembler(int maxFragmentBytes) {
        this.maxFragmentBytes = maxFragmentBytes;
    }

    /** The last fragment completed. */
    byte[] completed() {
        return completed;
    }

    /** Segments that made up the last fragment completed. */
    int segmentsOfCompleted() {
        return segmentsOfCompleted;
    }

    /**
     * Bytes thrown away by the last call: an unfinished fragment a FIR segment replaced (the
     * outcome is then still COMPLETED or BUFFERED), or what an error outcome discarded.
     */
    int discardedBytes() {
        return discardedBytes;
    }

    /**
     * Accepts one transport segment (header octet first, {@code segment.length >= 1}) sent in
     * direction {@code direction} (0 or 1) from link address {@code source} to {@code destination}.
     */
    Outcome accept(int direction, int source, int destination, byte[] segment) {
        discardedBytes = 0;
        long key = (long) direction << 32 | (long) source << 16 | destination;
        int header = segment[0] & 0xFF;
        int sequence = header & SEQ_MASK;
        int payload = segment.length - 1;
        Fragment fragment = unfinished.get(key);
        if ((header & FIR) != 0) {
            if (fragment != null) {
                discardedBytes = forget(key);
            }
            if ((header & FIN) != 0) {
                completed = Arrays.copyOfRange(segment, 1, segment.length);
                segmentsOfCompleted = 1;
                return Outcome.COMPLETED;
            }
            if (payload > maxFragmentBytes) {
                discardedBytes += payload;
                return Outcome.TOO_LARGE;
            }
            if (unfinished.size() >= MAX_UNFINISHED_FRAGMENTS) {
                discardedBytes += forget(unfinished.keySet().iterator().next());
            }
            discardedBytes += makeRoom(payload, key);
            fragment = new Fragment(sequence);
            unfinished.put(key, fragment);
            append(fragment, segment);
            return Outcome.BUFFERED;
        }
        if (fragment == null) {
            discardedBytes = payload;
            return Outcome.NO_FIRST_SEGMENT;
        }
        if (sequence == fragment.lastSequence) {
            discardedBytes = payload;
            return Outcome.DUPLICATE;
        }
        if (sequence != ((fragment.lastSequence + 1) & SEQ_MASK)) {
            discardedBytes = forget(key) + payload;
            return Outcome.OUT_OF_SEQUENCE;
        }
        if ((long) fragment.length + payload > maxFragmentBytes) {
            discardedBytes = forget(key) + payload;
            return Outcome.TOO_LARGE;
        }
        discardedBytes = makeRoom(payload, key);
        fragment.lastSequence = sequence;
        append(fragment, segment);
        if ((header & FIN) != 0) {
            completed = Arrays.copyOf(fragment.bytes, fragment.length);
            segmentsOfCompleted = fragment.segments;
            forget(key);
            return Outcome.COMPLETED;
        }
        return Outcome.BUFFERED;
    }

    /** Bytes held in unfinished fragments, at most the fragment bound of the flow. */
    int bufferedBytes() {
        return bufferedBytes;
    }

    private void append(Fragment fragment, byte[] segment) {
        fragment.append(segment, maxFragmentBytes);
        bufferedBytes += segment.length - 1;
    }

    /** Removes an unfinished fragment; returns its size. */
    private int forget(long key) {
        Fragment fragment = unfinished.remove(key);
        if (fragment == null) {
            return 0;
        }
        bufferedBytes -= fragment.length;
        return fragment.length;
    }

    /**
     * Keeps all unfinished fragments of the flow within the bound: drops the oldest other
     * fragments until {@code bytes} more fit. Returns the bytes dropped.
     */
    private int makeRoom(int bytes, long keep) {
        int dropped = 0;
        Iterator<Long> oldest = unfinished.keySet().iterator();
        while (bufferedBytes + bytes > maxFragmentBytes && oldest.hasNext()) {
            long key = oldest.next();
            if (key != keep) {
                Fragment fragment = unfinished.get(key);
                oldest.remove();
                bufferedBytes -= fragment.length;
                dropped += fragment.length;
            }
        }
        return dropped;
    }

    /** Forgets the unfinished fragments of one direction (bytes were lost); returns their size. */
    int discard(int direction) {
        int bytes = 0;
        for (Iterator<Map.Entry<Long, Fragment>> it = unfinished.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Fragment> entry = it.next();
            if ((entry.getKey() >>> 32) == direction) {
                bytes += entry.getValue().length;
                it.remove();
            }
        }
        bufferedBytes -= bytes;
        return bytes;
    }

    /** An application fragment being put together. */
    private static final class Fragment {
        byte[] bytes = new byte[LinkFrame.MAX_USER_DATA];
        int length;
        int lastSequence;
        int segments;

        Fragment(int firstSequence) {
            this.lastSequence = firstSequence;
        }

        /** Appends the segment's payload; the caller checked the bound. */
        void append(byte[] segment, int maxBytes) {
            int payload = segment.length - 1;
            if (length + payload > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(maxBytes, Math.max(bytes.length * 2, length + payload)));
            }
            System.arraycopy(segment, 1, bytes, length, payload);
            length += payload;
            segments++;
        }
    }
}
