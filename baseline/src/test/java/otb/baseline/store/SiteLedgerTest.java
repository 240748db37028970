package otb.baseline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A site database's ledger: folding alerts of several sensors, re-delivery, newer baselines only. */
class SiteLedgerTest {
    private static final long T = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    private static Alert alert(String key, long first, long count) {
        Alert one = Alert.builder(AlertKind.NEW_CONVERSATION, () -> key, first).cell("line1").build();
        return new Alert(one.id(), one.kind(), one.severity(), first, first + count, count, one.cell(), one.src(),
                one.dst(), one.protocol(), one.function(), one.functionName(), one.frames(), one.input(),
                one.baselineFact(), one.detail(), one.key(), one.fold());
    }

    private static SiteBatch alerts(SiteBatch.Sighting... sightings) {
        return new SiteBatch(List.of(sightings), List.of(), List.of());
    }

    @Test
    void anAlertTwoSensorsSawIsOneListingBothWithTheLargerCount() throws Exception {
        try (BaselineStore store = BaselineStore.open(dir.resolve("site.db"))) {
            Alert first = alert("conv|a -> b", T, 3);
            // the second mirror port time-stamped the same frame 400 µs later: another id, same alert
            Alert second = alert("conv|a -> b", T + 400_000, 5);
            SiteBatch.Result r1 = store.applySite(alerts(new SiteBatch.Sighting("s_1", 1, 1, first)), "test");
            SiteBatch.Result r2 = store.applySite(alerts(new SiteBatch.Sighting("s-2", 1, 1, second)), "test");
            assertEquals(1, r1.newAlerts());
            assertEquals(1, r2.foldedAlerts());
            List<StoredAlert> stored = store.alerts(Optional.empty(), Severity.INFO, 100);
            assertEquals(1, stored.size());
            assertEquals(List.of("s-2", "s_1"), stored.get(0).sensors());
            assertEquals(5, stored.get(0).alert().count(), "the larger count, not the sum");

            // re-delivered: nothing changes; a later final form with a larger count grows it
            SiteBatch.Result again = store.applySite(alerts(new SiteBatch.Sighting("s_1", 1, 1, first)), "test");
            assertEquals(1, again.repeated());
            store.applySite(alerts(new SiteBatch.Sighting("s_1", 1, 2, alert("conv|a -> b", T, 9))), "test");
            stored = store.alerts(Optional.empty(), Severity.INFO, 100);
            assertEquals(1, stored.size());
            assertEquals(9, stored.get(0).alert().count());
            assertEquals(List.of("s-2", "s_1"), stored.get(0).sensors());

            // the same key long after is another alert; so is a second one of the same sensor within 2 s
            store.applySite(alerts(new SiteBatch.Sighting("s_1", 1, 3, alert("conv|a -> b", T + 60_000_000_000L, 1)),
                    new SiteBatch.Sighting("s_1", 1, 4, alert("conv|a -> b", T + 1_000_000, 1))), "test");
            assertEquals(3, store.alerts(Optional.empty(), Severity.INFO, 100).size());
        }
    }

    @Test
    void onlyANewerBaselineOfASensorReplacesItsHeldOne() throws Exception {
        Baseline empty = new Baseline();
        byte[] model = BaselineCodec.encode(empty);
        try (BaselineStore store = BaselineStore.open(dir.resolve("site.db"))) {
            SiteBatch.Result first = store.applySite(new SiteBatch(List.of(), List.of(
                    new SiteBatch.SensorBaseline("s1", 2, 10, "", BaselineCodec.FORMAT_VERSION, model)), List.of()), "t");
            assertEquals(0, first.staleBaselines());
            assertEquals(true, first.snapshot() > 0);
            SiteBatch.Result older = store.applySite(new SiteBatch(List.of(), List.of(
                    new SiteBatch.SensorBaseline("s1", 2, 9, "", BaselineCodec.FORMAT_VERSION, model),
                    new SiteBatch.SensorBaseline("s1", 1, 99, "", BaselineCodec.FORMAT_VERSION, model)), List.of()), "t");
            assertEquals(2, older.staleBaselines());
            assertEquals(0, older.snapshot(), "nothing changed, no snapshot");
            SiteBatch.Result newer = store.applySite(new SiteBatch(List.of(), List.of(
                    new SiteBatch.SensorBaseline("s1", 3, 1, "", BaselineCodec.FORMAT_VERSION, model)), List.of()), "t");
            assertEquals(0, newer.staleBaselines(), "a new spool's epoch orders after the old one's");
            assertEquals(0, newer.snapshot(), "kept, but it merges to the baseline the newest snapshot holds: no new one");
        }
    }
}
