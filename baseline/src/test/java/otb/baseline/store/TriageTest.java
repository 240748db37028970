package otb.baseline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import otb.baseline.TestPlants;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.cells.Cells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Triage actions through {@link BaselineStore}, which runs each in one transaction. */
class TriageTest {
    @TempDir
    Path dir;

    @Test
    void actingOnAnUnknownAlertWritesNothing() throws Exception {
        Path file = dir.resolve("otb.db");
        try (BaselineStore store = BaselineStore.open(file, BaselineStoreTest.CLOCK)) {
            store.saveSnapshot(TestPlants.learned(600), Cells.automatic(), "learn", "plant.pcap", OptionalLong.empty(),
                    "");
            String expected = "no alert 0123456789abcdef in " + file;
            assertEquals(expected, assertThrows(StoreException.class,
                    () -> store.acknowledge("0123456789abcdef", "alice", "looking")).getMessage());
            assertEquals(expected, assertThrows(StoreException.class,
                    () -> store.mute("0123456789abcdef", "alice", "noise")).getMessage());
            assertEquals(expected, assertThrows(StoreException.class,
                    () -> store.approve("0123456789abcdef", "bob", "fine")).getMessage());
            assertEquals(List.of(), store.audit(), "the failed actions left no audit rows");
            assertEquals(1, store.snapshots().size());
        }
    }

    @Test
    void approvingAnAlertWithNoFactToFoldOnlyMarksItApproved() throws Exception {
        try (BaselineStore store = BaselineStore.open(dir.resolve("otb.db"), BaselineStoreTest.CLOCK)) {
            long snapshot = store.saveSnapshot(TestPlants.learned(600), Cells.automatic(), "learn", "plant.pcap",
                    OptionalLong.empty(), "");
            List<Alert> alerts = TestPlants.detectWithNewFunctionAndMalformed(store.loadLatest().baseline(),
                    store.alertSink(OptionalLong.of(snapshot)));
            Alert malformed = alerts.stream().filter(a -> a.kind() == AlertKind.MALFORMED).findFirst().orElseThrow();
            assertTrue(malformed.fold().isEmpty(), "a malformed frame is no baseline fact");

            assertEquals(OptionalLong.empty(), store.approve(malformed.id(), "bob", "a known quirk"));
            assertEquals(AlertState.APPROVED, store.alert(malformed.id()).orElseThrow().state());
            assertEquals(1, store.snapshots().size(), "no snapshot written");
            AuditEntry entry = store.audit().get(0);
            assertEquals(List.of("approve", "bob", "a known quirk", malformed.id()),
                    List.of(entry.action(), entry.who(), entry.reason(), entry.alertId()));
            assertEquals(OptionalLong.empty(), entry.snapshot());
            assertEquals("2026-01-02T03:04:05Z", entry.at());
        }
    }
}
