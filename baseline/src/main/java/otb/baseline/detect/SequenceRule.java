package otb.baseline.detect;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;
import otb.baseline.model.Commands;
import otb.baseline.model.SequenceDiscipline;
import otb.baseline.model.SequenceFollower;
import otb.baseline.model.SequenceKey;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.dissect.Malformed;
import otb.dissect.OtMessage;
import otb.dissect.SequenceNumber;

/**
 * SEQUENCE_ANOMALY: a sender breaks the discipline it kept on a sequence counter while learning
 * ({@link SequenceDiscipline#kept}). Each counter is followed per connection
 * ({@link SequenceFollower}); a message whose value is not the learned step past the previous one
 * (nor an offset or a wrap learned as usual) is a break: a repeat, a jump back (values already
 * used: a replay) or ahead. After a break the sequence broken away from is remembered: a message
 * that continues it means two senders interleave on one counter (an injection into a live
 * connection), raised at high severity. A connection whose start was seen and whose first value
 * is none of the few values learned connections start with is a break too. Nothing is judged
 * across a stream gap or a malformed message, nor for counters learned without a discipline.
 */
final class SequenceRule {
    /** Breaks fold per sender and counter; a second sender interleaving is an alert of its own. */
    record SequenceAlertKey(SequenceKey key, boolean interleaving) implements AlertKey {
        @Override
        public String text() {
            return (interleaving ? "sequence-interleaving|" : "sequence|") + key;
        }
    }

    /** How a message's counters stood against their learned discipline. */
    enum Verdict {
        /** Every counter kept its learned discipline (continued its sequence, or started as connections start). */
        IN_SEQUENCE,
        /** Some counter had no learned discipline, or could not be judged (first message, after a gap). */
        UNJUDGED,
        /** Some counter broke it. */
        BROKEN
    }

    private final DetectionContext context;
    /** Counters of the open flows; entries leave with their flow. */
    private final Map<Flow, SequenceFollower> flows = new IdentityHashMap<>();

    SequenceRule(DetectionContext context) {
        this.context = context;
    }

    /** A message of a followed conversation: judges each counter it carries. */
    Verdict message(OtMessage message, ConversationState conversation) {
        List<SequenceNumber> numbers = message.sequences();
        if (numbers.isEmpty()) {
            return Verdict.UNJUDGED;
        }
        Flow flow = message.flow();
        SequenceFollower follower = flows.computeIfAbsent(flow, f -> new SequenceFollower());
        boolean toServer = message.direction() == Direction.TO_SERVER;
        Verdict verdict = Verdict.IN_SEQUENCE;
        for (int i = 0; i < numbers.size(); i++) {
            SequenceNumber number = numbers.get(i);
            SequenceFollower.Cursor cursor = follower.cursor(number, toServer);
            if (cursor == null) {
                verdict = worse(verdict, Verdict.UNJUDGED);
                continue;
            }
            if (!cursor.resolved()) {
                SequenceDiscipline learned = context.baseline().sequence(new SequenceKey(flow.client(), flow.server(),
                        message.protocol(), number.counter(), toServer));
                cursor.resolve(learned != null && learned.kept() ? learned : null);
            }
            SequenceDiscipline learned = cursor.discipline();
            if (SequenceFollower.acknowledged(number.counter()) != null) {
                verdict = worse(verdict, acknowledgement(message, conversation, learned, follower, cursor, number, flow,
                        toServer));
                continue;
            }
            if (learned == null) {
                cursor.advance(number);
                verdict = worse(verdict, Verdict.UNJUDGED);
                continue;
            }
            verdict = worse(verdict, judge(message, conversation, learned, cursor, number, flow));
        }
        return verdict;
    }

    private Verdict judge(OtMessage message, ConversationState conversation, SequenceDiscipline learned,
                          SequenceFollower.Cursor cursor, SequenceNumber number, Flow flow) {
        long value = number.value();
        if (cursor.first()) {
            cursor.advance(number);
            long[] starts = learned.fixedStarts();
            if (!flow.handshakeSeen() || starts.length == 0) {
                return Verdict.UNJUDGED;
            }
            for (long start : starts) {
                if (start == value) {
                    return Verdict.IN_SEQUENCE;
                }
            }
            raise(message, conversation, sequenceKey(message, number, flow), learned, false,
                    "a new connection starts " + number.counter() + " at "
                    + value + "; learned connections start at " + startsText(starts));
            return Verdict.BROKEN;
        }
        if (!cursor.continuous(number)) {
            cursor.advance(number);
            return Verdict.UNJUDGED;
        }
        long offset = cursor.offset(number);
        if (learned.allows(offset, cursor.last(), value)) {
            cursor.advance(number);
            return Verdict.IN_SEQUENCE;
        }
        long mask = SequenceNumber.mask(number.bits());
        long expected = (cursor.next() + learned.step()) & mask;
        if (cursor.hasOther() && learned.allows(cursor.otherOffset(number), cursor.otherLast(), value)) {
            long latest = cursor.last();
            long resumed = cursor.otherLast();
            cursor.swap(number);
            raise(message, conversation, sequenceKey(message, number, flow), learned, true,
                    "two senders interleave on " + number.counter() + ": "
                    + value + " continues the sequence at " + resumed + " while the other is at " + latest
                    + " (expected " + expected + ")");
            return Verdict.BROKEN;
        }
        long last = cursor.last();
        cursor.breakAway(number);
        long back = SequenceNumber.distance(value, last, number.bits());
        long ahead = SequenceNumber.distance(expected, value, number.bits());
        long advance = SequenceNumber.distance(last, value, number.bits());
        long learnedAdvance = SequenceNumber.distance(-1, learned.step(), number.bits());
        String how;
        if (value == last) {
            how = "repeats " + last;
        } else if (advance < learnedAdvance) { // short of the learned step: neither back nor ahead of it
            how = "advances by " + advance + " from " + last + " where it advanced by " + learnedAdvance;
        } else if (back < ahead) {
            how = "jumps back by " + back + " from " + last + " (a value already used)";
        } else {
            how = "jumps ahead by " + ahead;
        }
        raise(message, conversation, sequenceKey(message, number, flow), learned, false,
                number.counter() + " expected " + expected + ", seen "
                + value + ": " + how);
        return Verdict.BROKEN;
    }

    /**
     * An acknowledging counter (IEC 104 N(R)): a sender that acknowledged only what its peer sent
     * while learning breaks that by acknowledging frames the peer never sent (a frame injected or
     * replayed from another session: its N(R) belongs to a numbering the peer is not at) or fewer
     * than it acknowledged before on the connection.
     */
    private Verdict acknowledgement(OtMessage message, ConversationState conversation, SequenceDiscipline learned,
                                    SequenceFollower follower, SequenceFollower.Cursor cursor, SequenceNumber number,
                                    Flow flow, boolean toServer) {
        long acknowledgement = follower.acknowledgement(cursor, number, toServer);
        long sent = follower.peerNext(number, toServer);
        long before = cursor.last();
        cursor.advance(number);
        if (learned == null || acknowledgement == SequenceFollower.ACK_UNJUDGED) {
            return Verdict.UNJUDGED;
        }
        if (acknowledgement == SequenceFollower.ACK_WITHIN || learned.allows(acknowledgement, -1, 2)) {
            return Verdict.IN_SEQUENCE;
        }
        String peer = toServer ? "server" : "client";
        String counter = SequenceFollower.acknowledged(number.counter());
        String how = acknowledgement == SequenceFollower.ACK_AHEAD
                ? "acknowledges frames the " + peer + " never sent (its next " + counter + " is " + sent + ")"
                : "goes back from " + before + " (fewer frames than acknowledged before)";
        SequenceKey key = new SequenceKey(flow.client(), flow.server(), message.protocol(), number.counter(), toServer);
        raise(message, conversation, key, learned, false, number.counter() + " " + number.value() + " " + how,
                learned.describeAcknowledgements());
        return Verdict.BROKEN;
    }

    /** The key of an alert on a message's sequence number, made only when one is raised. */
    private static SequenceKey sequenceKey(OtMessage message, SequenceNumber number, Flow flow) {
        return new SequenceKey(flow.client(), flow.server(), message.protocol(), number.counter(),
                message.direction() == Direction.TO_SERVER);
    }

    private void raise(OtMessage message, ConversationState conversation, SequenceKey key,
                       SequenceDiscipline learned, boolean interleaving, String detail) {
        raise(message, conversation, key, learned, interleaving, detail, learned.describe());
    }

    private void raise(OtMessage message, ConversationState conversation, SequenceKey key,
                       SequenceDiscipline learned, boolean interleaving, String detail, String learnedText) {
        boolean change = Commands.isChange(message.operation());
        Severity base = interleaving || change ? Severity.HIGH : AlertKind.SEQUENCE_ANOMALY.baseSeverity();
        int code = message.function().isPresent() ? message.function().getAsInt() : -1;
        String sender = key.toServer() ? "client " + key.client() : "server " + key.server();
        context.raise(context.conversationAlert(AlertKind.SEQUENCE_ANOMALY, new SequenceAlertKey(key, interleaving),
                        message.timestampNanos(), conversation)
                .severity(base.shift(context.criticalityShift(conversation)))
                .function(code, message.functionName()).evidence(message.frame(), message.source())
                .baseline(key.counter() + " of " + sender + " " + learnedText)
                .detail(detail + " in " + message.functionName())
                .context(context.pointContexts().contextOfMessage(message)));
    }

    private static String startsText(long[] starts) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < starts.length; i++) {
            text.append(i > 0 ? " or " : "").append(starts[i]);
        }
        return text.toString();
    }

    private static Verdict worse(Verdict a, Verdict b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** Bytes that did not frame: the counters of that direction are not judged on the next message. */
    void malformed(Malformed malformed) {
        SequenceFollower follower = flows.get(malformed.flow());
        if (follower != null) {
            follower.malformed(malformed.direction() == Direction.TO_SERVER);
        }
    }

    /** The flow ended: its counters are forgotten. */
    void flowEnded(Flow flow) {
        flows.remove(flow);
    }
}
