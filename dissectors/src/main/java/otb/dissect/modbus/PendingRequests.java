package otb.dissect.modbus;

import java.util.ArrayDeque;
import java.util.Iterator;
import otb.dissect.OperationClass;

/**
 * Requests of one flow waiting for their response, keyed by transaction id and unit, oldest
 * first. Bounded: at most {@code capacity} entries; adding beyond evicts the oldest. Lookups scan
 * from the oldest, which is where the answer almost always is (servers answer in order).
 */
final class PendingRequests {

    /** A request remembered for pairing. {@code key} is {@link #key(int, int)}. */
    record Pending(int key, long frame, long timestampNanos, ModbusPdu request, OperationClass operation) {
    }

    private final ArrayDeque<Pending> entries;
    private final int capacity;

    PendingRequests(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.entries = new ArrayDeque<>(Math.min(this.capacity, 16));
    }

    /** Transaction id (16 bits) and unit id (8 bits) in one int. */
    static int key(int transactionId, int unit) {
        return (transactionId << 8) | unit;
    }

    int size() {
        return entries.size();
    }

    boolean isFull() {
        return entries.size() >= capacity;
    }

    /** Appends a request; the caller makes room first (see {@link #removeOldest()}). */
    void add(Pending pending) {
        entries.addLast(pending);
    }

    Pending removeOldest() {
        return entries.pollFirst();
    }

    Pending oldest() {
        return entries.peekFirst();
    }

    boolean contains(int key) {
        for (Pending pending : entries) {
            if (pending.key() == key) {
                return true;
            }
        }
        return false;
    }

    /** Removes and returns the oldest request with this key, or null. */
    Pending remove(int key) {
        for (Iterator<Pending> it = entries.iterator(); it.hasNext(); ) {
            Pending pending = it.next();
            if (pending.key() == key) {
                it.remove();
                return pending;
            }
        }
        return null;
    }

    void clear() {
        entries.clear();
    }
}
