package otb.baseline.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import java.io.ByteArrayInputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import otb.capture.IpAddress;
import otb.capture.Transport;
import org.junit.jupiter.api.Test;

/** The reconnect habit: its buckets hold what they claim, it merges exactly, it survives the codec. */
class ReconnectHabitTest {
    private static final long MILLI = 1_000_000L;

    @Property(tries = 500)
    void everyIntervalLiesInItsBucket(@ForAll @LongRange(min = 0, max = ReconnectHabit.MAX_MILLIS) long millis) {
        int bucket = ReconnectHabit.bucket(millis);
        assertTrue(bucket >= 0 && bucket < ReconnectHabit.BUCKETS, "bucket " + bucket);
        assertTrue(ReconnectHabit.lowerEdge(bucket) <= millis && millis < ReconnectHabit.upperEdge(bucket),
                millis + " in [" + ReconnectHabit.lowerEdge(bucket) + ", " + ReconnectHabit.upperEdge(bucket) + ")");
        // a bucket spans at most a quarter of its lower edge past 4 ms: the habit's resolution
        if (millis >= 4) {
            assertTrue(ReconnectHabit.upperEdge(bucket) - ReconnectHabit.lowerEdge(bucket)
                    <= ReconnectHabit.lowerEdge(bucket) / 4, "bucket " + bucket);
        }
    }

    @Property(tries = 300)
    void mergeEqualsOneHabitOfBoth(@ForAll @Size(min = 0, max = 300) long[] intervals,
                                   @ForAll @IntRange(min = 0, max = 300) int split) {
        ReconnectHabit first = new ReconnectHabit();
        ReconnectHabit second = new ReconnectHabit();
        ReconnectHabit whole = new ReconnectHabit();
        int cut = Math.min(split, intervals.length);
        for (int i = 0; i < intervals.length; i++) {
            long millis = Math.floorMod(intervals[i], 1L << (i % 41));
            (i < cut ? first : second).add(millis);
            whole.add(millis);
        }
        first.connectionStarted(5 * MILLI, -1);
        second.connectionStarted(9 * MILLI, -1);
        whole.connectionStarted(9 * MILLI, -1);
        ReconnectHabit merged = new ReconnectHabit();
        merged.merge(second);
        merged.merge(first);
        first.merge(second);
        for (ReconnectHabit habit : new ReconnectHabit[] {first, merged}) {
            assertEquals(whole.count(), habit.count());
            assertEquals(whole.minMillis(), habit.minMillis());
            assertEquals(whole.maxMillis(), habit.maxMillis());
            assertEquals(whole.lastStartNanos(), habit.lastStartNanos());
            assertArrayEquals(whole.histogram(), habit.histogram());
            assertArrayEquals(whole.rangeMillis(), habit.rangeMillis());
            assertEquals(whole.describe(), habit.describe());
        }
        assertTrue(whole.bucketsHeld() <= ReconnectHabit.BUCKETS);
    }

    @Test
    void theHabitIsTheLearnedIntervalsAndTheirJitterNotTheirOutliers() {
        ReconnectHabit habit = new ReconnectHabit();
        for (int i = 0; i < 200; i++) {
            habit.add(2_300 + (i % 7) * 30); // a client reconnecting every 2.3..2.5 s
        }
        habit.add(600_000); // once, after a ten-minute outage
        assertTrue(habit.allows(2_400 * MILLI), habit.describe());
        assertTrue(habit.allows(2_000 * MILLI), "one bucket of jitter below: " + habit.describe());
        assertFalse(habit.allows(1_000 * MILLI), habit.describe());
        assertFalse(habit.allows(60_000 * MILLI), "the outage is beyond the 99th percentile: " + habit.describe());
        assertFalse(habit.allows(-1), "no previous start known");
        assertFalse(new ReconnectHabit().allows(2_400 * MILLI), "nothing learned");
    }

    @Test
    void aSnapshotOfFormatThreeLoadsWithNoHabits() throws Exception {
        Baseline baseline = new Baseline();
        IpConversation conversation = baseline.ipConversation(new IpConversationKey(IpAddress.parse("10.0.0.1"),
                IpAddress.parse("10.0.0.2"), Transport.TCP, 502), "a", "a", 0);
        for (int i = 0; i < 4; i++) {
            conversation.countFlow(i * 2_000 * MILLI);
            conversation.connectionStarted(i * 2_000 * MILLI, 0);
        }
        Baseline decoded = BaselineCodec.decode(BaselineCodec.encode(baseline), BaselineLimits.defaults());
        ReconnectHabit back = decoded.ipConversation(conversation.key()).reconnects();
        assertEquals(3, back.count());
        assertEquals(conversation.reconnects().describe(), back.describe());
        assertEquals(6_000 * MILLI, back.lastStartNanos());

        // the same snapshot as format 3 wrote it: version 3 and no reconnect section (its empty count)
        conversation.reconnects = null;
        byte[] plain = new InflaterInputStream(new ByteArrayInputStream(BaselineCodec.encode(baseline))).readAllBytes();
        assertEquals(0, ByteBuffer.wrap(plain, plain.length - 4, 4).getInt(), "the format-4 section closes the stream");
        ByteBuffer three = ByteBuffer.wrap(java.util.Arrays.copyOf(plain, plain.length - 4));
        three.putInt(4, 3);
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated)) {
            out.write(three.array());
        }
        Baseline old = BaselineCodec.decode(deflated.toByteArray(), BaselineLimits.defaults());
        assertNull(old.ipConversation(conversation.key()).reconnects());
        assertEquals(4, old.ipConversation(conversation.key()).flows());
    }

    @Test
    void aDamagedHabitIsRefusedInOneLine() {
        Baseline baseline = new Baseline();
        IpConversation conversation = baseline.ipConversation(new IpConversationKey(IpAddress.parse("10.0.0.1"),
                IpAddress.parse("10.0.0.2"), Transport.TCP, 502), "a", "a", 0);
        conversation.countFlow(0);
        conversation.connectionStarted(0, 0);
        conversation.countFlow(2_000 * MILLI);
        conversation.connectionStarted(2_000 * MILLI, 0);
        conversation.reconnects.count = 5; // the buckets hold one interval
        BaselineCodec.BaselineFormatException thrown = assertThrows(BaselineCodec.BaselineFormatException.class,
                () -> BaselineCodec.decode(BaselineCodec.encode(baseline), BaselineLimits.defaults()));
        assertFalse(thrown.getMessage().contains("\n"), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("reconnect habit of 5 intervals whose buckets hold 1"), thrown.getMessage());
    }
}
