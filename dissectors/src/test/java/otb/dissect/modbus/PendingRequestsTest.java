package otb.dissect.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import otb.dissect.OperationClass;

/** The ring of pending requests against a plain list doing the same operations. */
class PendingRequestsTest {

    /** What the ring should hold, entry by entry, oldest first. */
    private record Entry(int key, long frame, long timestampNanos, int function, KnownPdu request) {
    }

    @Test
    void keepsOrderThroughWrapAroundGrowthAndRemovalsAnywhere() {
        for (long seed = 1; seed <= 50; seed++) {
            Random random = new Random(seed);
            int capacity = 1 + random.nextInt(40);
            PendingRequests ring = new PendingRequests(capacity);
            PendingRequests other = new PendingRequests(3);
            List<Entry> model = new ArrayList<>();
            List<Entry> otherModel = new ArrayList<>();
            for (int step = 0; step < 2000; step++) {
                int operation = random.nextInt(10);
                if (operation < 5) {
                    if (ring.isFull()) {
                        ring.removeOldest();
                        model.remove(0);
                    }
                    int key = PendingRequests.key(random.nextInt(8), random.nextInt(2));
                    int function = 1 + random.nextInt(4);
                    KnownPdu request = read(new ModbusPdu.ReadRequest(function, step, 1));
                    Entry entry = new Entry(key, step, 1000L * step, function, request);
                    ring.add(key, entry.frame(), entry.timestampNanos(), function, request);
                    model.add(entry);
                } else if (operation < 8) {
                    int key = PendingRequests.key(random.nextInt(8), random.nextInt(2));
                    int at = ring.indexOf(key);
                    int expected = -1;
                    for (int i = 0; i < model.size() && expected < 0; i++) {
                        if (model.get(i).key() == key) {
                            expected = i;
                        }
                    }
                    assertEquals(expected, at, "seed " + seed + " step " + step);
                    assertEquals(expected >= 0, ring.contains(key));
                    if (at >= 0) {
                        assertSame(model.get(at).request(), ring.request(at));
                        ring.removeAt(at);
                        model.remove(at);
                    }
                } else if (operation == 8 && ring.size() > 0) {
                    if (other.isFull()) {
                        otherModel.remove(0);
                    }
                    ring.moveOldestTo(other);
                    otherModel.add(model.remove(0));
                } else if (operation == 9 && ring.size() > 0 && random.nextBoolean()) {
                    // The usual answer: the oldest taken.
                    Entry oldest = model.remove(0);
                    assertSame(oldest.request(), ring.oldestIf(oldest.key(), oldest.function()));
                    ring.takeOldest();
                    assertEquals(oldest.frame(), ring.takenFrame());
                } else if (random.nextInt(20) == 0) {
                    ring.clear();
                    model.clear();
                }
                // Whatever happened, contains() agrees with the model.
                int probe = PendingRequests.key(random.nextInt(8), random.nextInt(2));
                assertEquals(model.stream().anyMatch(e -> e.key() == probe), ring.contains(probe),
                        "contains, seed " + seed + " step " + step);
                assertEquals(otherModel.stream().anyMatch(e -> e.key() == probe), other.contains(probe),
                        "contains moved, seed " + seed + " step " + step);
                assertSameEntries(model, ring, "seed " + seed + " step " + step);
                assertSameEntries(otherModel, other, "moved, seed " + seed + " step " + step);
                assertEquals(model.size() >= capacity, ring.isFull());
            }
        }
    }

    @Test
    void removingTheOldestOfAnEmptyTableDoesNothing() {
        PendingRequests ring = new PendingRequests(4);
        ring.removeOldest();
        assertEquals(0, ring.size());
        assertFalse(ring.contains(0));
        ring.add(7, 1, 2, 3, read(new ModbusPdu.ReadRequest(3, 0, 1)));
        assertTrue(ring.contains(7));
    }

    @Test
    void theUsualRequestAndAnswerTakeOneCallEach() {
        PendingRequests ring = new PendingRequests(2);
        KnownPdu first = read(new ModbusPdu.ReadRequest(3, 0, 1));
        KnownPdu second = read(new ModbusPdu.ReadRequest(3, 10, 1));
        assertTrue(ring.addIfNew(PendingRequests.key(1, 9), 5, 500, 3, first));
        assertFalse(ring.addIfNew(PendingRequests.key(1, 9), 6, 600, 3, second), "key outstanding");
        assertTrue(ring.addIfNew(PendingRequests.key(2, 9), 7, 700, 3, second));
        assertFalse(ring.addIfNew(PendingRequests.key(3, 9), 8, 800, 3, second), "full");
        assertEquals(2, ring.size());
        // Only the oldest, and only with its key and function.
        assertEquals(null, ring.oldestIf(PendingRequests.key(2, 9), 3));
        assertEquals(null, ring.oldestIf(PendingRequests.key(1, 9), 4));
        assertSame(first, ring.oldestIf(PendingRequests.key(1, 9), 3));
        ring.takeOldest();
        assertEquals(5, ring.takenFrame());
        assertEquals(500, ring.takenTimestampNanos());
        assertSame(second, ring.oldestIf(PendingRequests.key(2, 9), 3));
        assertEquals(1, ring.size());
        assertEquals(0, ring.indexOf(PendingRequests.key(2, 9)));
    }

    private static void assertSameEntries(List<Entry> model, PendingRequests ring, String where) {
        assertEquals(model.size(), ring.size(), where);
        for (int i = 0; i < model.size(); i++) {
            Entry entry = model.get(i);
            assertEquals(entry.frame(), ring.frame(i), where);
            assertEquals(entry.timestampNanos(), ring.timestampNanos(i), where);
            assertEquals(entry.function(), ring.function(i), where);
            assertSame(entry.request(), ring.request(i), where);
            assertEquals(OperationClass.READ, ring.request(i).operation(), where);
        }
    }

    private static KnownPdu read(ModbusPdu.ReadRequest request) {
        otb.dissect.MessageParts parts = new otb.dissect.MessageParts("read", OperationClass.READ, List.of(),
                List.of(), new ModbusDetail(6, 0, request, List.of()));
        return new KnownPdu(0, parts, parts, "", request.address(), request.quantity(), false);
    }
}
