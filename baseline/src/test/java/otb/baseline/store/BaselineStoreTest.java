package otb.baseline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import otb.baseline.TestPlants;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.detect.Detector;
import otb.baseline.diff.BaselineDiff;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SQLite file in a temporary directory for every test. */
class BaselineStoreTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void snapshotRoundTripsExactly() throws Exception {
        Baseline learned = TestPlants.learned(1200);
        Path file = dir.resolve("otb.db");
        try (BaselineStore store = BaselineStore.open(file, CLOCK)) {
            long id = store.saveSnapshot(learned, Cells.automatic(), "learn", "plant.pcap", OptionalLong.empty(), "");
            assertEquals(1, id);
        }
        try (BaselineStore store = BaselineStore.open(file, CLOCK)) {
            Snapshot snapshot = store.loadLatest();
            assertEquals("learn", snapshot.info().command());
            assertEquals("plant.pcap", snapshot.info().input());
            assertEquals("2026-01-02T03:04:05Z", snapshot.info().createdAt());
            assertEquals(learned.messages(), snapshot.info().messages());
            assertTrue(BaselineDiff.compare(learned, snapshot.baseline()).isEmpty(),
                    BaselineDiff.compare(learned, snapshot.baseline()).json());
            assertEquals(learned.conversations().get(0).functions().get(0).signatures().get(0).cycle().madMicros(),
                    snapshot.baseline().conversations().get(0).functions().get(0).signatures().get(0).cycle().madMicros());
        }
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = sql.createStatement()) {
            var rows = statement.executeQuery("SELECT count(*), min(roles) FROM assets WHERE snapshot = 1");
            rows.next();
            assertEquals(5, rows.getInt(1), "assets readable with plain SQL");
            var mode = statement.executeQuery("PRAGMA journal_mode");
            mode.next();
            assertEquals("wal", mode.getString(1));
        }
    }

    @Test
    void alertsAreStoredTriagedAndAudited() throws Exception {
        Path file = dir.resolve("otb.db");
        try (BaselineStore store = BaselineStore.open(file, CLOCK)) {
            long snapshot = store.saveSnapshot(TestPlants.learned(1200), Cells.automatic(), "learn", "plant.pcap",
                    OptionalLong.empty(), "");
            List<Alert> alerts = TestPlants.detectWithNewFunctionAndMalformed(store.loadLatest().baseline(),
                    store.alertSink(OptionalLong.of(snapshot)));
            assertEquals(2, alerts.size());
            List<StoredAlert> stored = store.alerts(Optional.empty(), Severity.INFO, 100);
            assertEquals(alerts, stored.stream().map(StoredAlert::alert).toList(), "stored exactly as raised");
            assertEquals(AlertState.NEW, stored.get(0).state());
            assertEquals(1, store.alerts(Optional.empty(), Severity.MEDIUM, 100).size(), "malformed is low");
            assertTrue(stored.get(0).alert().firstNanos() < stored.get(1).alert().firstNanos(), "oldest first");
            assertEquals(List.of(stored.get(1)), store.alerts(Optional.empty(), Severity.INFO, 1), "the newest kept");

            Alert function = alerts.stream().filter(a -> a.kind() == AlertKind.NEW_FUNCTION_CODE).findFirst().orElseThrow();
            Alert malformed = alerts.stream().filter(a -> a.kind() == AlertKind.MALFORMED).findFirst().orElseThrow();
            store.acknowledge(malformed.id(), "alice", "looking");
            store.mute(malformed.id(), "alice", "known quirk of this PLC");
            OptionalLong approved = store.approve(function.id(), "bob", "new HMI screen reads identification");
            assertEquals(OptionalLong.of(2), approved);
            assertEquals(AlertState.APPROVED, store.alert(function.id()).orElseThrow().state());
            assertEquals(AlertState.MUTED, store.alert(malformed.id()).orElseThrow().state());

            List<AuditEntry> audit = store.audit();
            assertEquals(List.of("acknowledge", "mute", "approve"), audit.stream().map(AuditEntry::action).toList());
            assertEquals("bob", audit.get(2).who());
            assertEquals(approved, audit.get(2).snapshot());
            assertEquals(OptionalLong.empty(), audit.get(0).snapshot(), "acknowledging makes no snapshot");
            assertEquals(OptionalLong.empty(), audit.get(1).snapshot(), "muting makes no snapshot");
            SnapshotInfo info = store.snapshots().get(1);
            assertEquals("approve", info.command());
            assertEquals(OptionalLong.of(1), info.parent());
            assertEquals("bob: new HMI screen reads identification", info.note());

            // against the approved snapshot the function is known; the muted key stays muted
            List<Alert> again = TestPlants.detectWithNewFunctionAndMalformed(store.loadLatest().baseline(),
                    store.alertSink(OptionalLong.of(2)));
            assertEquals(List.of(AlertKind.MALFORMED), again.stream().map(Alert::kind).toList());
            assertEquals(AlertState.MUTED, store.alert(again.get(0).id()).orElseThrow().state());
            BaselineDiff diff = BaselineDiff.compare(store.load(1).baseline(), store.load(2).baseline());
            assertEquals(1, diff.section("functions").size(), diff.json());
        }
    }

    @Test
    void notAnSqliteFileIsRefusedInOneLine() throws Exception {
        Path file = dir.resolve("capture.pcap");
        Files.write(file, new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 1, 0, 0, 0});
        StoreException e = assertThrows(StoreException.class, () -> BaselineStore.open(file));
        assertEquals(file + " is not an otb database (not an SQLite file)", e.getMessage());
    }

    @Test
    void anotherApplicationsDatabaseIsRefused() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = sql.createStatement()) {
            statement.execute("CREATE TABLE customers (id INTEGER)");
        }
        StoreException e = assertThrows(StoreException.class, () -> BaselineStore.open(file));
        assertEquals(file + " is an SQLite database but not an otb database", e.getMessage());
    }

    @Test
    void aNewerSchemaIsRefused() throws Exception {
        Path file = dir.resolve("otb.db");
        BaselineStore.open(file).close();
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = sql.createStatement()) {
            statement.execute("PRAGMA user_version = 7");
        }
        StoreException e = assertThrows(StoreException.class, () -> BaselineStore.open(file));
        assertEquals(file + " was written by a newer otb (schema 7, this otb reads up to 1); upgrade otb",
                e.getMessage());
    }

    @Test
    void aCorruptFileGivesOneLine() throws Exception {
        Path file = dir.resolve("otb.db");
        try (BaselineStore store = BaselineStore.open(file, CLOCK)) {
            store.saveSnapshot(TestPlants.learned(600), Cells.automatic(), "learn", "plant.pcap", OptionalLong.empty(), "");
        }
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = sql.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        long length = Files.size(file);
        assertTrue(length > 8192, "database spans several pages: " + length);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            for (long offset = 4096; offset < length; offset += 4096) {
                raw.seek(offset);
                raw.write(new byte[64]); // zero every page header after the first
            }
        }
        StoreException e = assertThrows(StoreException.class, () -> {
            try (BaselineStore store = BaselineStore.open(file)) {
                store.loadLatest();
            }
        });
        assertTrue(e.getMessage().startsWith(file + " is corrupt"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void anEmptyDatabaseSaysLearnFirst() throws Exception {
        Path file = dir.resolve("otb.db");
        try (BaselineStore store = BaselineStore.open(file)) {
            StoreException e = assertThrows(StoreException.class, store::loadLatest);
            assertEquals(file + " holds no baseline yet; run otb learn first", e.getMessage());
            assertEquals(OptionalLong.empty(), store.latestSnapshotId());
            assertEquals(Optional.empty(), store.latest());
        }
    }

    @Test
    void aMissingDirectoryIsReported() {
        Path file = dir.resolve("no/such/dir/otb.db");
        StoreException e = assertThrows(StoreException.class, () -> BaselineStore.open(file));
        assertTrue(e.getMessage().startsWith("cannot create database " + file), e.getMessage());
    }

    @Test
    void learningExtendsTheLatestSnapshot() throws Exception {
        Path file = dir.resolve("otb.db");
        try (BaselineStore store = BaselineStore.open(file, CLOCK)) {
            Baseline first = TestPlants.learned(600);
            store.saveSnapshot(first, Cells.automatic(), "learn", "a.pcap", OptionalLong.empty(), "");
            Snapshot latest = store.loadLatest();
            Learner more = new Learner(latest.cells(), latest.baseline());
            TestPlants.moreTraffic(more);
            long second = store.saveSnapshot(more.baseline(), latest.cells(), "learn", "b.pcap",
                    OptionalLong.of(latest.info().id()), "");
            assertEquals(2, second);
            assertTrue(store.load(2).baseline().messages() > store.load(1).baseline().messages());
        }
    }

    @Test
    void aCheckpointSupersedesTheEarlierCheckpointsOfItsRun() throws Exception {
        Path file = dir.resolve("otb.db");
        Baseline learned = TestPlants.learned(600);
        try (BaselineStore store = BaselineStore.open(file, CLOCK)) {
            long learn = store.saveSnapshot(learned, Cells.automatic(), "learn", "a.pcap", OptionalLong.empty(), "");
            OptionalLong fromLearn = OptionalLong.of(learn);
            for (int i = 0; i < 3; i++) {
                store.saveCheckpoint(learned, Cells.automatic(), "monitor-learning", "eth1", fromLearn, "run 1");
            }
            assertEquals(List.of(1L, 4L), ids(store), "checkpoints 2 and 3 superseded by 4");
            assertEquals(List.of(1L, 4L), rowsBySnapshot(file, "assets"));
            assertEquals(List.of(1L, 4L), rowsBySnapshot(file, "conversations"));

            // An alert names checkpoint 4: it stays when 5 supersedes it; 5 goes when 6 comes.
            assertEquals(2, TestPlants.detectWithNewFunctionAndMalformed(learned,
                    store.alertSink(OptionalLong.of(4))).size());
            store.saveCheckpoint(learned, Cells.automatic(), "monitor-learning", "eth1", fromLearn, "run 1");
            store.saveCheckpoint(learned, Cells.automatic(), "monitor-learning", "eth1", fromLearn, "run 1");
            assertEquals(List.of(1L, 4L, 6L), ids(store));

            // A run resumed from checkpoint 6 keeps it (it is the new run's parent) and replaces its own.
            for (int i = 0; i < 2; i++) {
                store.saveCheckpoint(learned, Cells.automatic(), "monitor-learning", "eth1", OptionalLong.of(6),
                        "run 2");
            }
            assertEquals(List.of(1L, 4L, 6L, 8L), ids(store));
            // Another command, input or parent is another run.
            store.saveSnapshot(learned, Cells.automatic(), "monitor", "eth1", fromLearn, "learning ended");
            store.saveCheckpoint(learned, Cells.automatic(), "monitor-learning", "eth2", OptionalLong.empty(), "");
            store.saveCheckpoint(learned, Cells.automatic(), "monitor-learning", "eth2", OptionalLong.empty(), "");
            store.saveCheckpoint(learned, Cells.automatic(), "monitor-learning", "eth3", OptionalLong.empty(), "");
            assertEquals(List.of(1L, 4L, 6L, 8L, 9L, 11L, 12L), ids(store));
            assertTrue(BaselineDiff.compare(learned, store.load(12).baseline()).isEmpty());
        }
    }

    private static List<Long> ids(BaselineStore store) throws StoreException {
        return store.snapshots().stream().map(SnapshotInfo::id).toList();
    }

    /** The snapshots that {@code table} has rows for, by plain SQL. */
    private static List<Long> rowsBySnapshot(Path file, String table) throws Exception {
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = sql.createStatement();
             var rows = statement.executeQuery("SELECT DISTINCT snapshot FROM " + table + " ORDER BY snapshot")) {
            List<Long> snapshots = new java.util.ArrayList<>();
            while (rows.next()) {
                snapshots.add(rows.getLong(1));
            }
            return snapshots;
        }
    }

    static DetectionConfig config() {
        return DetectionConfig.defaults();
    }

    static Detector detector(Baseline baseline, AlertSink sink) {
        return new Detector(Cells.automatic(), baseline, config(), List.of(sink));
    }
}
