package otb.capture;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IPv4 fragment reassembly (RFC 791, section 3.2; RFC 815 hole tracking by intervals), bounded
 * in datagrams under reassembly, bytes held and time. Fragments are rare on OT networks, so
 * this path may allocate; the bounds keep it from growing with the input.
 */
final class Ipv4Reassembler {
    /** Largest IPv4 datagram payload: total length 65535 minus a 20-byte header. */
    static final int MAX_DATAGRAM_PAYLOAD = 65_515;

    private record Key(long source, long destination, int protocol, int identification, int vlan) {
    }

    private static final class Datagram {
        final long firstSeenNanos;
        byte[] bytes = new byte[0];
        /** Received intervals [start, end), sorted and merged. */
        int[] starts = new int[4];
        int[] ends = new int[4];
        int intervals;
        /** Payload length, known once the last fragment (more-fragments clear) arrived; -1 before. */
        int totalLength = -1;
        int fragments;

        Datagram(long firstSeenNanos) {
            this.firstSeenNanos = firstSeenNanos;
        }

        void add(int start, int end) {
            if (intervals == starts.length) {
                starts = java.util.Arrays.copyOf(starts, intervals * 2);
                ends = java.util.Arrays.copyOf(ends, intervals * 2);
            }
            int at = 0;
            while (at < intervals && starts[at] < start) {
                at++;
            }
            System.arraycopy(starts, at, starts, at + 1, intervals - at);
            System.arraycopy(ends, at, ends, at + 1, intervals - at);
            starts[at] = start;
            ends[at] = end;
            intervals++;
            // Merge touching or overlapping neighbours.
            int merged = 0;
            for (int i = 1; i < intervals; i++) {
                if (starts[i] <= ends[merged]) {
                    ends[merged] = Math.max(ends[merged], ends[i]);
                } else {
                    merged++;
                    starts[merged] = starts[i];
                    ends[merged] = ends[i];
                }
            }
            intervals = merged + 1;
        }

        boolean complete() {
            return totalLength >= 0 && intervals == 1 && starts[0] == 0 && ends[0] >= totalLength;
        }
    }

    private final int maxDatagrams;
    private final int maxBytes;
    private final long timeoutNanos;
    private final EngineCounters counters;
    private final Map<Key, Datagram> pending = new LinkedHashMap<>();
    private int bytesHeld;

    Ipv4Reassembler(CaptureLimits limits, EngineCounters counters) {
        this.maxDatagrams = limits.maxFragmentDatagrams();
        this.maxBytes = limits.maxFragmentBytes();
        this.timeoutNanos = limits.fragmentTimeoutNanos();
        this.counters = counters;
    }

    /**
     * Adds the fragment the decoder just found; returns the reassembled transport header and
     * payload (position 0) when this fragment completed its datagram, else null.
     */
    ByteBuffer add(Packet packet, FrameDecoder decoder, long now) {
        ByteBuffer frame = packet.frame;
        int dataStart = decoder.ipHeaderOffset + decoder.ipHeaderLength;
        int length = decoder.fragmentPayloadEnd - dataStart;
        int start = decoder.fragmentOffset;
        int end = start + length;
        if (decoder.truncated || end > MAX_DATAGRAM_PAYLOAD || (decoder.moreFragments && length % 8 != 0)) {
            // A cut fragment leaves a hole for ever; a too long one is an attack (RFC 791 limits).
            counters.fragmentsDropped++;
            return null;
        }
        Key key = new Key(packet.sourceLow, packet.destinationLow, packet.ipProtocol, decoder.identification,
                packet.vlan());
        Datagram datagram = pending.get(key);
        if (datagram == null) {
            while (pending.size() >= maxDatagrams && !pending.isEmpty()) {
                dropOldest();
            }
            if (maxDatagrams < 1) {
                counters.fragmentsDropped++;
                return null;
            }
            datagram = new Datagram(now);
            pending.put(key, datagram);
        }
        if (end > datagram.bytes.length) {
            int grown = Math.min(MAX_DATAGRAM_PAYLOAD, Math.max(end, datagram.bytes.length * 2));
            int more = grown - datagram.bytes.length;
            while (bytesHeld + more > maxBytes && pending.size() > 1) {
                dropOldestExcept(datagram);
            }
            if (bytesHeld + more > maxBytes) {
                drop(key, datagram);
                counters.fragmentsDropped++;
                return null;
            }
            datagram.bytes = java.util.Arrays.copyOf(datagram.bytes, grown);
            bytesHeld += more;
        }
        if (length > 0) {
            frame.get(dataStart, datagram.bytes, start, length);
            datagram.add(start, end);
        }
        datagram.fragments++;
        if (!decoder.moreFragments) {
            datagram.totalLength = end;
        }
        if (!datagram.complete()) {
            return null;
        }
        pending.remove(key);
        bytesHeld -= datagram.bytes.length;
        counters.fragmentsReassembled += datagram.fragments;
        return ByteBuffer.wrap(datagram.bytes, 0, datagram.totalLength);
    }

    private void dropOldest() {
        Iterator<Map.Entry<Key, Datagram>> oldest = pending.entrySet().iterator();
        Map.Entry<Key, Datagram> entry = oldest.next();
        oldest.remove();
        forget(entry.getValue());
    }

    private void dropOldestExcept(Datagram keep) {
        Iterator<Map.Entry<Key, Datagram>> iterator = pending.entrySet().iterator();
        while (iterator.hasNext()) {
            Datagram datagram = iterator.next().getValue();
            if (datagram != keep) {
                iterator.remove();
                forget(datagram);
                return;
            }
        }
    }

    private void drop(Key key, Datagram datagram) {
        pending.remove(key);
        forget(datagram);
    }

    private void forget(Datagram datagram) {
        bytesHeld -= datagram.bytes.length;
        counters.fragmentsDropped += datagram.fragments;
    }

    /** Drops datagrams incomplete for longer than the fragment timeout (capture time). */
    void expire(long now) {
        Iterator<Map.Entry<Key, Datagram>> iterator = pending.entrySet().iterator();
        while (iterator.hasNext()) {
            Datagram datagram = iterator.next().getValue();
            if (now - datagram.firstSeenNanos < timeoutNanos) {
                break;
            }
            iterator.remove();
            forget(datagram);
        }
    }

    /** End of input: every incomplete datagram is dropped. */
    void clear() {
        for (Datagram datagram : pending.values()) {
            forget(datagram);
        }
        pending.clear();
    }

    int bytesHeld() {
        return bytesHeld;
    }

    int datagramsPending() {
        return pending.size();
    }
}
