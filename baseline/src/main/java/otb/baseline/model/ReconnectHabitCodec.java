package otb.baseline.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The snapshot's format-4 section: the reconnect habits ({@link ReconnectHabit}) of the IP
 * conversations that have one, after the point correlations (see {@link BaselineCodec}).
 */
final class ReconnectHabitCodec {
    private ReconnectHabitCodec() {
    }

    /** The reconnect habits of the IP conversations that have one, in the conversations' order. */
    static void write(DataOutputStream out, Baseline baseline) throws IOException {
        List<IpConversation> habits = new ArrayList<>();
        for (IpConversation conversation : baseline.ipConversations()) {
            if (conversation.reconnects != null) {
                habits.add(conversation);
            }
        }
        out.writeInt(habits.size());
        for (IpConversation conversation : habits) {
            BaselineCodec.address(out, conversation.key.client());
            BaselineCodec.address(out, conversation.key.server());
            out.writeUTF(conversation.key.transport().name());
            out.writeInt(conversation.key.serverPort());
            ReconnectHabit habit = conversation.reconnects;
            out.writeLong(habit.lastStartNanos);
            out.writeLong(habit.count);
            out.writeLong(habit.minMillis);
            out.writeLong(habit.maxMillis);
            long[][] histogram = habit.histogram();
            out.writeShort(histogram.length);
            for (long[] bucket : histogram) {
                out.writeShort((int) bucket[0]);
                out.writeLong(bucket[1]);
            }
        }
    }

    static void read(DataInputStream in, Baseline baseline, BaselineLimits limits)
            throws IOException, BaselineCodec.BaselineFormatException {
        int habits = BaselineCodec.count(in, limits.maxIpConversations(), "reconnect habits");
        for (int i = 0; i < habits; i++) {
            IpConversationKey key = new IpConversationKey(BaselineCodec.address(in), BaselineCodec.address(in),
                    BaselineCodec.transport(in), in.readInt());
            IpConversation conversation = baseline.ipConversations.get(key);
            if (conversation == null) {
                throw new BaselineCodec.BaselineFormatException(
                        "stored baseline has a reconnect habit of an unknown conversation " + key);
            }
            ReconnectHabit habit = new ReconnectHabit();
            habit.lastStartNanos = in.readLong();
            long count = BaselineCodec.nonNegative(in.readLong(), "reconnect intervals");
            habit.minMillis = in.readLong();
            habit.maxMillis = in.readLong();
            int buckets = in.readUnsignedShort();
            if (buckets > ReconnectHabit.BUCKETS) {
                throw new BaselineCodec.BaselineFormatException("stored baseline has " + buckets + " reconnect buckets, at most "
                        + ReconnectHabit.BUCKETS);
            }
            long total = 0;
            for (int b = 0; b < buckets; b++) {
                int bucket = in.readUnsignedShort();
                long n = in.readLong();
                habit.restore(bucket, n);
                total += n;
            }
            if (total != count) {
                throw new BaselineCodec.BaselineFormatException("stored baseline has a reconnect habit of " + count
                        + " intervals whose buckets hold " + total);
            }
            habit.count = count;
            conversation.reconnects = habit;
        }
    }
}
