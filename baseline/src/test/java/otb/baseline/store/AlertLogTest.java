package otb.baseline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import otb.baseline.TestPlants;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batching of {@link AlertLog#batching}, against a writer that records what it is given. */
class AlertLogTest {
    private static Alert alert;

    @BeforeAll
    static void raiseOneAlert() throws Exception {
        alert = TestPlants.detectWithNewFunctionAndMalformed(TestPlants.learned(600), new AlertSink() {
            @Override
            public void accept(Alert ignored) {
            }
        }).get(0);
    }

    @Test
    void everyFullBatchIsWrittenAtOnceAndTheRestOnFlush() throws Exception {
        List<Integer> batches = new ArrayList<>();
        AlertSink sink = AlertLog.batching(batch -> batches.add(batch.size()));
        for (int i = 0; i < 2 * AlertLog.BATCH + 7; i++) {
            sink.accept(alert);
        }
        assertEquals(List.of(AlertLog.BATCH, AlertLog.BATCH), batches, "the 7 past two batches wait");
        sink.flush();
        assertEquals(List.of(AlertLog.BATCH, AlertLog.BATCH, 7), batches);
        sink.flush();
        assertEquals(3, batches.size(), "nothing pending, nothing written");
    }

    @Test
    void aBatchThatFailedIsKeptForTheNextFlush() throws Exception {
        StoreException busy = new StoreException("database otb.db is busy (another otb writing?)");
        List<Integer> batches = new ArrayList<>();
        AlertSink sink = AlertLog.batching(batch -> {
            if (batches.isEmpty()) {
                batches.add(-1);
                throw busy;
            }
            batches.add(batch.size());
        });
        sink.accept(alert);
        sink.accept(alert);
        AlertSink.AlertSinkException e = assertThrows(AlertSink.AlertSinkException.class, sink::flush);
        assertEquals(busy.getMessage(), e.getMessage());
        assertSame(busy, e.getCause());
        sink.flush();
        assertEquals(List.of(-1, 2), batches, "both alerts written by the second flush");
    }
}
