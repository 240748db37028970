package otb.dissect.modbus;

import java.util.Arrays;

/**
 * Requests of one flow waiting for their response, keyed by transaction id and unit, oldest
 * first. Bounded: at most {@code capacity} entries; the caller makes room (see
 * {@link #removeOldest()}). Lookups scan from the oldest, which is where the answer almost always
 * is (servers answer in order).
 *
 * <p>A ring of parallel arrays rather than a queue of objects: one request is remembered per
 * request on the wire, so this costs no object per request. Entries are addressed by their
 * position counted from the oldest (0), valid until the next change.
 */
final class PendingRequests {
    /** Entries allocated at first; the arrays double up to the capacity. */
    private static final int INITIAL_SLOTS = 8;

    private final int capacity;
    private int[] keys;
    private long[] frames;
    private long[] timestamps;
    private int[] functions;
    /** Each request, as what it says by itself (see {@link KnownPdu}). */
    private KnownPdu[] requests;
    /** Array index of the oldest entry. */
    private int head;
    private int size;

    PendingRequests(int capacity) {
        this.capacity = Math.max(1, capacity);
        allocate(Math.min(this.capacity, INITIAL_SLOTS));
    }

    /** Transaction id (16 bits) and unit id (8 bits) in one int. */
    static int key(int transactionId, int unit) {
        return (transactionId << 8) | unit;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size >= capacity;
    }

    /**
     * Appends a request seen in {@code frame} at {@code timestampNanos}, {@code function} being
     * its function code; the caller makes room first when {@link #isFull()}.
     */
    void add(int key, long frame, long timestampNanos, int function, KnownPdu request) {
        if (size == keys.length) {
            grow();
        }
        int slot = slot(size);
        keys[slot] = key;
        frames[slot] = frame;
        timestamps[slot] = timestampNanos;
        functions[slot] = function;
        requests[slot] = request;
        size++;
    }

    boolean contains(int key) {
        return indexOf(key) >= 0;
    }

    /** Position (0 = oldest) of the oldest request with this key, or -1. */
    int indexOf(int key) {
        for (int index = 0; index < size; index++) {
            if (keys[slot(index)] == key) {
                return index;
            }
        }
        return -1;
    }

    long frame(int index) {
        return frames[slot(index)];
    }

    long timestampNanos(int index) {
        return timestamps[slot(index)];
    }

    /** The request's function code (without the exception bit). */
    int function(int index) {
        return functions[slot(index)];
    }

    /** The request, as what it says by itself. */
    KnownPdu request(int index) {
        return requests[slot(index)];
    }

    /** Forgets the oldest request, if any. */
    void removeOldest() {
        if (size > 0) {
            removeAt(0);
        }
    }

    /** Forgets the request at {@code index} (0 = oldest); the younger ones keep their order. */
    void removeAt(int index) {
        if (index == 0) {
            requests[head] = null;
            head = head + 1 == keys.length ? 0 : head + 1;
            size--;
            return;
        }
        for (int at = index; at < size - 1; at++) {
            int to = slot(at);
            int from = slot(at + 1);
            keys[to] = keys[from];
            frames[to] = frames[from];
            timestamps[to] = timestamps[from];
            functions[to] = functions[from];
            requests[to] = requests[from];
        }
        int last = slot(size - 1);
        requests[last] = null;
        size--;
    }

    /** Moves the oldest request to the end of {@code other}, evicting other's oldest when it is full. */
    void moveOldestTo(PendingRequests other) {
        if (other.isFull()) {
            other.removeOldest();
        }
        int slot = slot(0);
        other.add(keys[slot], frames[slot], timestamps[slot], functions[slot], requests[slot]);
        removeAt(0);
    }

    void clear() {
        Arrays.fill(requests, null);
        head = 0;
        size = 0;
    }

    private int slot(int index) {
        int slot = head + index;
        return slot < keys.length ? slot : slot - keys.length;
    }

    private void grow() {
        int[] oldKeys = keys;
        long[] oldFrames = frames;
        long[] oldTimestamps = timestamps;
        int[] oldFunctions = functions;
        KnownPdu[] oldRequests = requests;
        int oldHead = head;
        allocate(Math.min(capacity, 2 * oldKeys.length));
        for (int index = 0; index < size; index++) {
            int from = oldHead + index < oldKeys.length ? oldHead + index : oldHead + index - oldKeys.length;
            keys[index] = oldKeys[from];
            frames[index] = oldFrames[from];
            timestamps[index] = oldTimestamps[from];
            functions[index] = oldFunctions[from];
            requests[index] = oldRequests[from];
        }
        head = 0;
    }

    private void allocate(int slots) {
        keys = new int[slots];
        frames = new long[slots];
        timestamps = new long[slots];
        functions = new int[slots];
        requests = new KnownPdu[slots];
    }
}
