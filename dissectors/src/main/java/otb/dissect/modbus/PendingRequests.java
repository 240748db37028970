package otb.dissect.modbus;

import java.util.Arrays;

/**
 * Requests of one flow waiting for their response, keyed by transaction id and unit, oldest
 * first. Bounded: at most {@code capacity} entries; the caller makes room (see
 * {@link #removeOldest()}). Lookups scan from the oldest, which is where the answer almost always
 * is (servers answer in order).
 *
 * <p>A ring of arrays rather than a queue of objects: one request is remembered per request on
 * the wire, so this costs no object per request. An entry's numbers sit side by side in one
 * array (key and function, frame, time: {@link #STRIDE} longs), so a lookup or an append touches
 * one cache line of it. Entries are addressed by their position counted from the oldest (0),
 * valid until the next change.
 */
final class PendingRequests {
    /** Entries allocated at the first request; the arrays double up to the capacity. */
    private static final int INITIAL_SLOTS = 8;
    /** Longs per entry: key << 32 | function, frame, timestamp. */
    private static final int STRIDE = 3;
    private static final long[] NO_NUMBERS = {};
    private static final KnownPdu[] NO_REQUESTS = {};

    private final int capacity;
    private long[] numbers;
    /** Each request, as what it says by itself (see {@link KnownPdu}). */
    private KnownPdu[] requests;
    /** Array index of the oldest entry. */
    private int head;
    private int size;
    private long takenFrame;
    private long takenTimestampNanos;

    PendingRequests(int capacity) {
        this.capacity = Math.max(1, capacity);
        // Arrays at the first request: most flows never time a request out or lose one in a gap.
        numbers = NO_NUMBERS;
        requests = NO_REQUESTS;
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
        if (size == requests.length) {
            grow();
        }
        int slot = slot(size);
        int at = STRIDE * slot;
        numbers[at] = ((long) key << 32) | function;
        numbers[at + 1] = frame;
        numbers[at + 2] = timestampNanos;
        requests[slot] = request;
        size++;
    }

    /**
     * Appends a request as {@link #add} does unless the table is full or already holds its key:
     * then false, and nothing changes. The usual request's whole bookkeeping in one call.
     */
    boolean addIfNew(int key, long frame, long timestampNanos, int function, KnownPdu request) {
        if (size >= capacity || contains(key)) {
            return false;
        }
        add(key, frame, timestampNanos, function, request);
        return true;
    }

    /**
     * The oldest request when it has this key and function (the usual answer: servers answer in
     * order); otherwise null.
     */
    KnownPdu oldestIf(int key, int function) {
        return size > 0 && numbers[STRIDE * head] == (((long) key << 32) | function) ? requests[head] : null;
    }

    /** Removes the oldest request, keeping its frame and time as {@link #takenFrame()} and {@link #takenTimestampNanos()}. */
    void takeOldest() {
        int at = STRIDE * head;
        takenFrame = numbers[at + 1];
        takenTimestampNanos = numbers[at + 2];
        // The slot keeps its reference until reused: a shared, immutable KnownPdu, held at most
        // as long as the table (a store saved on every answer).
        head = head + 1 == requests.length ? 0 : head + 1;
        size--;
    }

    /** The frame of the request {@link #takeOldest} removed last. */
    long takenFrame() {
        return takenFrame;
    }

    /** The capture time of the request {@link #takeOldest} removed last. */
    long takenTimestampNanos() {
        return takenTimestampNanos;
    }

    boolean contains(int key) {
        // Mostly none or one is outstanding: the oldest is looked at without the loop.
        if (size == 0) {
            return false;
        }
        return (int) (numbers[STRIDE * head] >>> 32) == key || size > 1 && indexOf(key) >= 0;
    }

    /** Position (0 = oldest) of the oldest request with this key, or -1. */
    int indexOf(int key) {
        for (int index = 0; index < size; index++) {
            if ((int) (numbers[STRIDE * slot(index)] >>> 32) == key) {
                return index;
            }
        }
        return -1;
    }

    long frame(int index) {
        return numbers[STRIDE * slot(index) + 1];
    }

    long timestampNanos(int index) {
        return numbers[STRIDE * slot(index) + 2];
    }

    /** The request's function code (without the exception bit). */
    int function(int index) {
        return (int) numbers[STRIDE * slot(index)];
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
            head = head + 1 == requests.length ? 0 : head + 1;
            size--;
            return;
        }
        for (int at = index; at < size - 1; at++) {
            int to = slot(at);
            int from = slot(at + 1);
            System.arraycopy(numbers, STRIDE * from, numbers, STRIDE * to, STRIDE);
            requests[to] = requests[from];
        }
        requests[slot(size - 1)] = null;
        size--;
    }

    /** Moves the oldest request to the end of {@code other}, evicting other's oldest when it is full. */
    void moveOldestTo(PendingRequests other) {
        if (other.isFull()) {
            other.removeOldest();
        }
        other.add((int) (numbers[STRIDE * head] >>> 32), frame(0), timestampNanos(0), function(0), request(0));
        removeAt(0);
    }

    void clear() {
        Arrays.fill(requests, null);
        head = 0;
        size = 0;
    }

    private int slot(int index) {
        int slot = head + index;
        return slot < requests.length ? slot : slot - requests.length;
    }

    private void grow() {
        long[] oldNumbers = numbers;
        KnownPdu[] oldRequests = requests;
        int oldHead = head;
        int oldSlots = oldRequests.length;
        allocate(Math.min(capacity, Math.max(INITIAL_SLOTS, 2 * oldSlots)));
        for (int index = 0; index < size; index++) {
            int from = oldHead + index < oldSlots ? oldHead + index : oldHead + index - oldSlots;
            System.arraycopy(oldNumbers, STRIDE * from, numbers, STRIDE * index, STRIDE);
            requests[index] = oldRequests[from];
        }
        head = 0;
    }

    private void allocate(int slots) {
        numbers = new long[STRIDE * slots];
        requests = new KnownPdu[slots];
    }
}
