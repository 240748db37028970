package otb.runtime;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import otb.dissect.OtEvent;

/**
 * The bounded hand-off between two pipeline stages on two threads: the producing stage (the
 * dissection) {@link #accept}s events, the consuming stage (learner or detector) {@link #drainTo}s
 * them, in the very order they were accepted. Events travel in batches taken from a fixed pool of
 * {@link #POOLED_BATCHES}, so at most {@code POOLED_BATCHES × BATCH_EVENTS} events are in flight:
 * when the consumer falls behind, the producer waits for a batch to come back (backpressure), and
 * memory stays bounded whatever the input.
 *
 * <p>One producer thread and one consumer thread. Either side may stop the other: the producer by
 * {@link #end} (normally or with a failure the consumer rethrows), the consumer by
 * {@link #abandon} (its own failure), after which the producer's next {@link #accept} throws
 * {@link Abandoned} to unwind the dissection.
 */
final class EventHandOff implements Consumer<OtEvent> {
    /** Events per batch: large enough that the queue's lock is taken once per this many events. */
    static final int BATCH_EVENTS = 256;
    /**
     * Batches in the pool: one being filled, one being drained, the rest queued between them. A
     * dissection event is a few hundred bytes, so the hand-off holds a few MiB at most.
     */
    static final int POOLED_BATCHES = 8;
    /** How often a producer waiting for a free batch checks whether the consumer gave up. */
    private static final long ABANDON_CHECK_MILLIS = 50;

    /** Thrown to the producer once the consumer has given up: unwinds the producing stage. */
    static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("the consuming stage stopped", null, false, false);
        }
    }

    private static final class Batch {
        final OtEvent[] events = new OtEvent[BATCH_EVENTS];
        /** Each event's number in the one-thread order, when the producer gives one ({@link #accept(OtEvent, long)}). */
        final long[] sequences = new long[BATCH_EVENTS];
        int size;
    }

    /** A consuming stage that is told each event's number in the one-thread order. */
    @FunctionalInterface
    interface SequencedStage {
        void accept(OtEvent event, long sequence);
    }

    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(POOLED_BATCHES);
    /** Filled batches in order, then {@link #endMark}; room for every batch, so publishing never waits. */
    private final BlockingQueue<Batch> filled = new ArrayBlockingQueue<>(POOLED_BATCHES + 1);
    /** Made up front so that the end can be told even when the heap is full. */
    private final Batch endMark = new Batch();
    private volatile boolean abandoned;
    /** The producer's failure, told to the consumer at the end; written before the end mark is queued. */
    private Throwable producerFailure;
    private Batch current;

    EventHandOff() {
        for (int i = 0; i < POOLED_BATCHES; i++) {
            free.add(new Batch());
        }
    }

    /** Producer: queues one event; waits while every batch is queued or being drained. */
    @Override
    public void accept(OtEvent event) {
        accept(event, 0);
    }

    /** Producer: queues one event with its number in the one-thread order ({@link #drainSequenced}). */
    void accept(OtEvent event, long sequence) {
        Batch batch = current;
        if (batch == null) {
            batch = takeFree();
            current = batch;
        }
        batch.sequences[batch.size] = sequence;
        batch.events[batch.size++] = event;
        if (batch.size == BATCH_EVENTS) {
            filled.add(batch);
            current = null;
        }
    }

    private Batch takeFree() {
        try {
            while (true) {
                if (abandoned) {
                    throw new Abandoned();
                }
                Batch batch = free.poll(ABANDON_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (batch != null) {
                    return batch;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }

    /**
     * Producer: no more events. The partial batch is queued, then the end; {@code failure} (null
     * when none) is rethrown by {@link #drainTo} after every event accepted before it, so that the
     * consumer has seen what it would have seen on one thread when the failure reaches the caller.
     * Queuing allocates nothing, so this works with the heap full. Call exactly once, last.
     */
    void end(Throwable failure) {
        if (current != null && current.size > 0) {
            filled.add(current);
        }
        current = null;
        producerFailure = failure;
        filled.add(endMark);
    }

    /** Consumer: its own failure; the producer stops at its next event. */
    void abandon() {
        abandoned = true;
    }

    /**
     * Consumer: hands every event to {@code stage} in order until the producer's end; rethrows the
     * producer's failure, if any, as it was (an Error stays that Error).
     *
     * @throws InterruptedException when the consuming thread is interrupted while waiting
     */
    void drainTo(Consumer<? super OtEvent> stage) throws InterruptedException {
        drainSequenced((event, sequence) -> stage.accept(event));
    }

    /**
     * Consumer: as {@link #drainTo(Consumer)}, telling {@code stage} each event's number as the
     * producer gave it.
     */
    void drainSequenced(SequencedStage stage) throws InterruptedException {
        while (true) {
            Batch batch = filled.take();
            if (batch == endMark) {
                break;
            }
            OtEvent[] events = batch.events;
            int size = batch.size;
            for (int i = 0; i < size; i++) {
                stage.accept(events[i], batch.sequences[i]);
            }
            Arrays.fill(events, 0, size, null);
            batch.size = 0;
            free.add(batch);
        }
        Throwable failure = producerFailure;
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException exception) {
            throw exception;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }
}
