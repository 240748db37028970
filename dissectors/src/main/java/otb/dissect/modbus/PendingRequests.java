package otb.dissect.modbus;

import java.util.Arrays;

/**
 * Requests of one flow waiting for their response, keyed by transaction id and unit, oldest
 * first. Bounded: at most {@code capacity} entries; the caller makes room (see
 * {@link #removeOldest()}). Lookups scan from the oldest, which is where the answer almost always
 * is (servers answer in order).
 *
 * <p>The oldest entry lives in fields of this object, the younger ones in a ring of arrays. Most
 * flows have one request outstanding at a time: asking and answering then touch this object
 * alone, which matters more than the instructions it takes, as the capture engine's work between
 * two packets of a flow pushes whatever else out of the nearest cache. A ring of arrays rather
 * than a queue of objects: one request is remembered per request on the wire, so this costs no
 * object per request; an entry's numbers sit side by side in one array (key and function, frame,
 * time: {@link #STRIDE} longs). Entries are addressed by their position counted from the oldest
 * (0), valid until the next change.
 */
final class PendingRequests {
    /** Ring entries allocated when a second request is outstanding; the arrays double up to the capacity. */
    private static final int INITIAL_SLOTS = 8;
    /** Longs per ring entry: key << 32 | function, frame, timestamp. */
    private static final int STRIDE = 3;
    private static final long[] NO_NUMBERS = {};
    private static final KnownPdu[] NO_REQUESTS = {};

    private final int capacity;
    /** The oldest entry (when {@link #size} is at least 1): key << 32 | function, frame, time, request. */
    private long oldestKeyAndFunction;
    private long oldestFrame;
    private long oldestTimestampNanos;
    private KnownPdu oldestRequest;
    /** The younger entries, {@code size - 1} of them, from ring slot {@link #head}. */
    private long[] numbers = NO_NUMBERS;
    /** Each younger request, as what it says by itself (see {@link KnownPdu}). */
    private KnownPdu[] requests = NO_REQUESTS;
    private int head;
    /** Entries, the oldest included. */
    private int size;
    private long takenFrame;
    private long takenTimestampNanos;

    PendingRequests(int capacity) {
        this.capacity = Math.max(1, capacity);
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
        long keyAndFunction = ((long) key << 32) | function;
        if (size == 0) {
            oldestKeyAndFunction = keyAndFunction;
            oldestFrame = frame;
            oldestTimestampNanos = timestampNanos;
            // Polling repeats its requests: the field mostly holds this one already, and a
            // reference store into this long-lived object costs a garbage collector barrier.
            if (oldestRequest != request) {
                oldestRequest = request;
            }
        } else {
            int younger = size - 1;
            if (younger == requests.length) {
                grow();
            }
            int slot = slot(younger);
            int at = STRIDE * slot;
            numbers[at] = keyAndFunction;
            numbers[at + 1] = frame;
            numbers[at + 2] = timestampNanos;
            requests[slot] = request;
        }
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
        return size > 0 && oldestKeyAndFunction == (((long) key << 32) | function) ? oldestRequest : null;
    }

    /** Removes the oldest request, keeping its frame and time as {@link #takenFrame()} and {@link #takenTimestampNanos()}. */
    void takeOldest() {
        takenFrame = oldestFrame;
        takenTimestampNanos = oldestTimestampNanos;
        // The field keeps its reference until reused: a shared, immutable KnownPdu, held at most
        // as long as the table (a store saved on every answer).
        promote();
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
        return size > 0 && ((int) (oldestKeyAndFunction >>> 32) == key || size > 1 && youngerIndexOf(key) >= 0);
    }

    /** Position (0 = oldest) of the oldest request with this key, or -1. */
    int indexOf(int key) {
        if (size == 0) {
            return -1;
        }
        if ((int) (oldestKeyAndFunction >>> 32) == key) {
            return 0;
        }
        int younger = youngerIndexOf(key);
        return younger < 0 ? -1 : younger + 1;
    }

    long frame(int index) {
        return index == 0 ? oldestFrame : numbers[STRIDE * slot(index - 1) + 1];
    }

    long timestampNanos(int index) {
        return index == 0 ? oldestTimestampNanos : numbers[STRIDE * slot(index - 1) + 2];
    }

    /** The request's function code (without the exception bit). */
    int function(int index) {
        return (int) (index == 0 ? oldestKeyAndFunction : numbers[STRIDE * slot(index - 1)]);
    }

    /** The request, as what it says by itself. */
    KnownPdu request(int index) {
        return index == 0 ? oldestRequest : requests[slot(index - 1)];
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
            oldestRequest = null;
            promote();
            return;
        }
        int younger = size - 1;
        for (int at = index - 1; at < younger - 1; at++) {
            int to = slot(at);
            int from = slot(at + 1);
            System.arraycopy(numbers, STRIDE * from, numbers, STRIDE * to, STRIDE);
            requests[to] = requests[from];
        }
        requests[slot(younger - 1)] = null;
        size--;
    }

    /** Moves the oldest request to the end of {@code other}, evicting other's oldest when it is full. */
    void moveOldestTo(PendingRequests other) {
        if (other.isFull()) {
            other.removeOldest();
        }
        other.add((int) (oldestKeyAndFunction >>> 32), oldestFrame, oldestTimestampNanos, function(0), oldestRequest);
        removeAt(0);
    }

    void clear() {
        Arrays.fill(requests, null);
        oldestRequest = null;
        head = 0;
        size = 0;
    }

    /** The oldest entry is gone: the oldest younger one, if any, takes its place. */
    private void promote() {
        size--;
        if (size > 0) {
            int at = STRIDE * head;
            oldestKeyAndFunction = numbers[at];
            oldestFrame = numbers[at + 1];
            oldestTimestampNanos = numbers[at + 2];
            oldestRequest = requests[head];
            requests[head] = null;
            head = head + 1 == requests.length ? 0 : head + 1;
        }
    }

    /** Position among the younger entries (0 = the oldest of them) of the first with this key, or -1. */
    private int youngerIndexOf(int key) {
        for (int index = 0; index < size - 1; index++) {
            if ((int) (numbers[STRIDE * slot(index)] >>> 32) == key) {
                return index;
            }
        }
        return -1;
    }

    /** The ring slot of the younger entry at {@code index}. */
    private int slot(int index) {
        int slot = head + index;
        return slot < requests.length ? slot : slot - requests.length;
    }

    private void grow() {
        long[] oldNumbers = numbers;
        KnownPdu[] oldRequests = requests;
        int oldHead = head;
        int oldSlots = oldRequests.length;
        int younger = size - 1;
        int slots = Math.min(capacity - 1, Math.max(INITIAL_SLOTS, 2 * oldSlots));
        numbers = new long[STRIDE * slots];
        requests = new KnownPdu[slots];
        for (int index = 0; index < younger; index++) {
            int from = oldHead + index < oldSlots ? oldHead + index : oldHead + index - oldSlots;
            System.arraycopy(oldNumbers, STRIDE * from, numbers, STRIDE * index, STRIDE);
            requests[index] = oldRequests[from];
        }
        head = 0;
    }
}
