package otb.baseline.model;

import java.util.ArrayList;
import java.util.List;
import otb.dissect.SequenceNumber;

/**
 * The sequence counters of one flow as they go by, for learning and detection alike: per counter
 * (name, scope, direction) the value expected next, and after a break the cursor of the sequence
 * it broke away from, so that a second sender interleaving on the counter is told from a client
 * that restarted its numbering. Grows with the counters of one flow (a handful), never with its
 * messages.
 */
public final class SequenceFollower {
    /** At most this many counters are followed per flow; further ones are not followed. */
    public static final int MAX_COUNTERS_PER_FLOW = 16;

    private final List<Cursor> cursors = new ArrayList<>(2);

    /** Where one counter of the flow stands. */
    public static final class Cursor {
        final String counter;
        final long scope;
        final boolean toServer;
        /** Messages followed on this counter in the flow. */
        long messages;
        /** The last value seen and the value expected next (last + its advance). */
        long last;
        long next;
        /** Stream gaps counted at the last message; -1 after a malformed message (no judgement next). */
        long gaps;
        /** The sequence broken away from, or -1: its last value and expected next. */
        long otherLast = -1;
        long otherNext;
        /** The learned discipline its user looked up once for the counter, and whether it did. */
        private SequenceDiscipline discipline;
        private boolean resolved;

        Cursor(String counter, long scope, boolean toServer) {
            this.counter = counter;
            this.scope = scope;
            this.toServer = toServer;
        }

        /** True once {@link #resolve} was called: {@link #discipline()} is the one looked up. */
        public boolean resolved() { return resolved; }

        /** Keeps the discipline looked up for the counter (null when none), so it is looked up once per flow. */
        public void resolve(SequenceDiscipline learned) {
            discipline = learned;
            resolved = true;
        }

        /** The discipline kept by {@link #resolve}, null when none. */
        public SequenceDiscipline discipline() { return discipline; }

        /** True before the counter's first message in the flow. */
        public boolean first() { return messages == 0; }

        /**
         * True when the message can be judged against the one before: the counter was seen in the
         * flow and nothing was lost in the stream since.
         */
        public boolean continuous(SequenceNumber number) {
            return messages > 0 && gaps == number.streamGaps();
        }

        /** How far the value lies past the value expected next (0: exactly as expected). */
        public long offset(SequenceNumber number) {
            return SequenceNumber.distance(next, number.value(), number.bits());
        }

        /** The value before this message. */
        public long last() { return last; }

        /** The value expected next if the sender advanced by exactly what its last message took. */
        public long next() { return next; }

        /** True when a sequence was broken away from and is remembered. */
        public boolean hasOther() { return otherLast >= 0; }

        public long otherLast() { return otherLast; }

        /** How far the value lies past what the sequence broken away from expects next. */
        public long otherOffset(SequenceNumber number) {
            return SequenceNumber.distance(otherNext, number.value(), number.bits());
        }

        /** The message continued this sequence: it moves on. */
        public void advance(SequenceNumber number) {
            messages++;
            last = number.value();
            next = (number.value() + number.advance()) & SequenceNumber.mask(number.bits());
            gaps = number.streamGaps();
        }

        /** The message broke away from this sequence: remember it as the other one, follow the message. */
        public void breakAway(SequenceNumber number) {
            otherLast = last;
            otherNext = next;
            advance(number);
        }

        /** The message continued the sequence broken away from: the two swap. */
        public void swap(SequenceNumber number) {
            long mainLast = last;
            long mainNext = next;
            last = otherLast;
            next = otherNext;
            otherLast = mainLast;
            otherNext = mainNext;
            advance(number);
        }
    }

    /** The cursor of a counter in this flow, null past {@link #MAX_COUNTERS_PER_FLOW}. */
    public Cursor cursor(SequenceNumber number, boolean toServer) {
        for (int i = 0; i < cursors.size(); i++) {
            Cursor cursor = cursors.get(i);
            if (cursor.scope == number.scope() && cursor.toServer == toServer && cursor.counter.equals(number.counter())) {
                return cursor;
            }
        }
        if (cursors.size() >= MAX_COUNTERS_PER_FLOW) {
            return null;
        }
        Cursor cursor = new Cursor(number.counter(), number.scope(), toServer);
        cursors.add(cursor);
        return cursor;
    }

    /** {@link #acknowledgement}: the value cannot be judged (the acknowledged counter was not seen, or lost). */
    public static final long ACK_UNJUDGED = -1;
    /** {@link #acknowledgement}: it acknowledges messages sent, no fewer than before. */
    public static final long ACK_WITHIN = 0;
    /** {@link #acknowledgement}: it acknowledges fewer messages than the sender acknowledged before. */
    public static final long ACK_BACK = 1;
    /** {@link #acknowledgement}: it acknowledges messages the peer never sent. */
    public static final long ACK_AHEAD = 2;

    /**
     * The counter of the opposite direction that a counter acknowledges, null when it
     * acknowledges none: IEC 104's receive sequence number N(R) tells the peer that every I frame
     * numbered below it (by the peer's send sequence number N(S)) was received.
     */
    public static String acknowledged(String counter) {
        return "receive_sequence".equals(counter) ? "send_sequence" : null;
    }

    /**
     * How the value of an acknowledging counter ({@link #acknowledged} not null) stands, before
     * its cursor advances: {@link #ACK_AHEAD} past the peer's next send value (acknowledging what
     * was never sent), {@link #ACK_BACK} below the sender's previous acknowledgement (a value
     * already used, within half the counter), else {@link #ACK_WITHIN}; {@link #ACK_UNJUDGED}
     * while the peer's counter was not seen in the flow or after bytes of its direction did not frame.
     */
    public long acknowledgement(Cursor cursor, SequenceNumber number, boolean toServer) {
        long sent = peerNext(number, toServer);
        if (sent < 0) {
            return ACK_UNJUDGED;
        }
        long half = 1L << (number.bits() - 1);
        long ahead = SequenceNumber.distance(sent, number.value(), number.bits());
        if (ahead != 0 && ahead < half) {
            return ACK_AHEAD;
        }
        if (cursor.continuous(number)) {
            long back = SequenceNumber.distance(number.value(), cursor.last, number.bits());
            if (back != 0 && back < half) {
                return ACK_BACK;
            }
        }
        return ACK_WITHIN;
    }

    /** The peer's next value of the counter an acknowledging counter acknowledges; -1 when unknown. */
    public long peerNext(SequenceNumber number, boolean toServer) {
        String counter = acknowledged(number.counter());
        for (int i = 0; i < cursors.size(); i++) {
            Cursor peer = cursors.get(i);
            if (peer.toServer != toServer && peer.scope == number.scope() && peer.counter.equals(counter)) {
                return peer.messages > 0 && peer.gaps >= 0 ? peer.next : -1;
            }
        }
        return -1;
    }

    /** Bytes of one direction did not frame: the next message of its counters is not judged. */
    public void malformed(boolean toServer) {
        for (Cursor cursor : cursors) {
            if (cursor.toServer == toServer) {
                cursor.gaps = -1;
            }
        }
    }
}
