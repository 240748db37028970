package otb.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import otb.dissect.Dissection;
import otb.dissect.OtEvent;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-off between the dissection and the baseline stage, fed the real events of the demo
 * attack capture: every event arrives once, in order; a producer whose consumer stops draining
 * holds at most the pool's events and then waits (memory stays bounded); an abandoned producer
 * stops at its next batch.
 */
class EventHandOffTest {
    private static final int BOUND = EventHandOff.POOLED_BATCHES * EventHandOff.BATCH_EVENTS;
    static final List<OtEvent> EVENTS = new ArrayList<>();

    @BeforeAll
    static void dissect() throws Exception {
        Dissection dissection = Dissection.withDefaults(EVENTS::add);
        try (PacketSource source = CaptureFiles.open(DemoCaptures.ATTACK)) {
            dissection.process(source);
        }
        dissection.finish();
        assertTrue(EVENTS.size() > 3 * BOUND, "enough events to fill the pool several times: " + EVENTS.size());
    }

    @Test
    void everyEventArrivesOnceInOrder() throws Exception {
        EventHandOff handOff = new EventHandOff();
        Thread producer = new Thread(() -> {
            EVENTS.forEach(handOff);
            handOff.end(null);
        });
        producer.start();
        List<OtEvent> received = new ArrayList<>();
        handOff.drainTo(received::add);
        producer.join();
        assertEquals(EVENTS.size(), received.size());
        for (int i = 0; i < EVENTS.size(); i++) {
            if (EVENTS.get(i) != received.get(i)) {
                throw new AssertionError("event " + i + " differs: " + received.get(i) + " instead of " + EVENTS.get(i));
            }
        }
    }

    @Test
    void aProducerAheadOfItsConsumerWaitsWithThePoolFullThenStopsWhenAbandoned() throws Exception {
        EventHandOff handOff = new EventHandOff();
        AtomicLong accepted = new AtomicLong();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                for (OtEvent event : EVENTS) {
                    handOff.accept(event);
                    accepted.incrementAndGet();
                }
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        producer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(accepted.get() == BOUND && producer.getState() == Thread.State.TIMED_WAITING)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(BOUND, accepted.get(), "events held while nobody drains: the pool, no more");
        assertEquals(Thread.State.TIMED_WAITING, producer.getState(), "the producer waits for a free batch");
        handOff.abandon();
        producer.join(TimeUnit.SECONDS.toMillis(30));
        assertInstanceOf(EventHandOff.Abandoned.class, ended.get(), "the producer stopped by the consumer's failure");
        assertEquals(BOUND, accepted.get());
    }
}
