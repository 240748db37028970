package otb.baseline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import otb.baseline.TestPlants;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.cells.Cells;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail's hash chain on a real database: the untouched chain verifies, and an entry
 * edited, deleted or inserted behind otb's back (plain SQL on the file) is found at that entry.
 */
class AuditChainTest {
    @TempDir
    Path dir;
    Path file;

    /** A database with six entries: learn, acknowledge, mute, approve, acknowledge, mute. */
    @BeforeEach
    void trail() throws Exception {
        file = dir.resolve("otb.db");
        try (BaselineStore store = BaselineStore.open(file, BaselineStoreTest.CLOCK)) {
            long snapshot = store.saveSnapshot(TestPlants.learned(600), Cells.automatic(), "learn", "plant.pcap",
                    OptionalLong.empty(), "first week", "carol");
            List<Alert> alerts = TestPlants.detectWithNewFunctionAndMalformed(store.loadLatest().baseline(),
                    store.alertSink(OptionalLong.of(snapshot)));
            Alert function = alerts.stream().filter(a -> a.kind() == AlertKind.NEW_FUNCTION_CODE).findFirst().orElseThrow();
            Alert malformed = alerts.stream().filter(a -> a.kind() == AlertKind.MALFORMED).findFirst().orElseThrow();
            store.acknowledge(malformed.id(), "alice", "looking");
            store.mute(malformed.id(), "alice", "known quirk");
            store.approve(function.id(), "bob", "new HMI screen");
            store.acknowledge(function.id(), "alice", "seen");
            store.mute(function.id(), "alice", "noise");
            assertEquals(6, store.audit().size());
            assertEquals(Optional.empty(), store.verifyAudit(), "the chain as otb wrote it holds");
        }
    }

    @Test
    void entriesLinkToTheirPredecessors() throws Exception {
        try (BaselineStore store = BaselineStore.open(file)) {
            List<AuditEntry> trail = store.audit();
            assertEquals(AuditChain.GENESIS, trail.get(0).prevHash());
            for (int i = 1; i < trail.size(); i++) {
                assertEquals(trail.get(i - 1).hash(), trail.get(i).prevHash());
                assertEquals(i + 1, trail.get(i).id());
            }
            assertEquals("carol", trail.get(0).who());
            assertEquals("plant.pcap", trail.get(0).detail());
            assertTrue(trail.get(3).detail().contains("type=function"), "an approval carries its fact");
        }
    }

    @Test
    void anEditedReasonIsFoundAtItsEntry() throws Exception {
        sql("UPDATE audit SET reason = 'nothing to see' WHERE id = 3");
        assertBreak(3, "audit entry 3 was altered: its content does not match its hash");
    }

    @Test
    void anEditedEntryWithARecomputedHashIsFoundAtItsEntry() throws Exception {
        AuditEntry third;
        try (BaselineStore store = BaselineStore.open(file)) {
            third = store.audit().get(2);
        }
        AuditEntry forged = new AuditEntry(third.id(), third.at(), "mallory", third.action(), third.alertId(),
                third.reason(), third.snapshot(), third.detail(), third.signature(), third.prevHash(), "");
        sql("UPDATE audit SET who = 'mallory', hash = '" + AuditChain.hash(forged) + "' WHERE id = 3");
        assertBreak(3, "audit entry 3 was altered and re-hashed: entry 4 still links to its original");
    }

    @Test
    void aDeletedEntryIsFoundWhereItWas() throws Exception {
        sql("DELETE FROM audit WHERE id = 4");
        assertBreak(5, "audit entry 4 was deleted: entry 5 does not link to entry 3");
    }

    @Test
    void deletedFirstEntriesAreFound() throws Exception {
        sql("DELETE FROM audit WHERE id <= 2");
        assertBreak(3, "audit entries 1..2 were deleted (entry 3 is now the first)");
    }

    @Test
    void anInsertedEntryIsFoundAtItsEntry() throws Exception {
        // Entries 5 and 6 move up one place; a forged entry 5 links correctly to entry 4.
        AuditEntry fourth;
        try (BaselineStore store = BaselineStore.open(file)) {
            fourth = store.audit().get(3);
        }
        sql("UPDATE audit SET id = id + 100 WHERE id >= 5", "UPDATE audit SET id = id - 99 WHERE id >= 105");
        byte[] payload = AuditChain.payload(5, fourth.at(), "mallory", "acknowledge", "", "routine", "", "",
                fourth.hash());
        String hash = AuditChain.hash(payload, "");
        sql("INSERT INTO audit (id, at, who, action, alert, reason, snapshot, detail, signature, prev_hash, hash)"
                + " VALUES (5, '" + fourth.at() + "', 'mallory', 'acknowledge', '', 'routine', NULL, '', '', '"
                + fourth.hash() + "', '" + hash + "')");
        // The forgery itself links and hashes correctly, so the walk finds the first entry it
        // displaced: the old entry 5, renumbered 6, whose id no longer matches its hash.
        assertBreak(6, "audit entry 6 was altered: its content does not match its hash");
    }

    @Test
    void anEntrySlippedInWithoutRenumberingIsFoundAtItsEntry() throws Exception {
        // A forged entry slipped between 3 and 4 by giving it the predecessor's link: entry 4 then
        // links to 3, past the forgery, which therefore is the inserted one.
        AuditEntry third;
        try (BaselineStore store = BaselineStore.open(file)) {
            third = store.audit().get(2);
        }
        List<AuditEntry> trail;
        try (BaselineStore store = BaselineStore.open(file)) {
            trail = new java.util.ArrayList<>(store.audit());
        }
        byte[] payload = AuditChain.payload(4, third.at(), "mallory", "acknowledge", "", "routine", "", "",
                third.hash());
        AuditEntry forged = new AuditEntry(4, third.at(), "mallory", "acknowledge", "", "routine",
                OptionalLong.empty(), "", "", third.hash(), AuditChain.hash(payload, ""));
        trail.add(3, forged);
        assertEquals(Optional.of(new AuditChain.Break(4, "audit entry 4 was inserted: entry 4 links to entry 3")),
                AuditChain.verify(trail));
    }

    @Test
    void aSchemaOneDatabaseHasItsTrailChainedByTheMigration() throws Exception {
        Path old = dir.resolve("v1.db");
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + old);
             Statement statement = sql.createStatement()) {
            statement.execute("CREATE TABLE snapshots (id INTEGER PRIMARY KEY)");
            // an empty alerts table, as every schema-1 database has one (schema 3 adds columns to it)
            statement.execute("CREATE TABLE alerts (id TEXT PRIMARY KEY, state TEXT NOT NULL)");
            statement.execute("CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,"
                    + " action TEXT NOT NULL, alert TEXT NOT NULL, reason TEXT NOT NULL,"
                    + " snapshot INTEGER REFERENCES snapshots(id))");
            statement.execute("INSERT INTO audit (at, who, action, alert, reason) VALUES"
                    + " ('2025-01-01T00:00:00Z', 'alice', 'acknowledge', '0123456789abcdef', 'seen'),"
                    + " ('2025-01-02T00:00:00Z', 'bob', 'mute', '0123456789abcdef', 'noise')");
            statement.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
            statement.execute("PRAGMA user_version = 1");
        }
        try (BaselineStore store = BaselineStore.open(old)) {
            List<AuditEntry> trail = store.audit();
            assertEquals(List.of("alice", "bob"), trail.stream().map(AuditEntry::who).toList());
            assertEquals(AuditChain.GENESIS, trail.get(0).prevHash());
            assertEquals(trail.get(0).hash(), trail.get(1).prevHash());
            assertEquals(Optional.empty(), store.verifyAudit());
            store.acknowledge("0123456789abcdef", "carol", "x");
        } catch (StoreException e) {
            // no such alert in this hand-made schema-1 file: the acknowledgement fails, the chain stays
            assertTrue(e.getMessage().contains("alert"), e.getMessage());
        }
        sql(old, "UPDATE audit SET who = 'eve' WHERE id = 1");
        try (BaselineStore store = BaselineStore.open(old)) {
            assertEquals(1, store.verifyAudit().orElseThrow().entryId());
        }
    }

    private void assertBreak(long entry, String message) throws Exception {
        try (BaselineStore store = BaselineStore.open(file)) {
            assertEquals(Optional.of(new AuditChain.Break(entry, message)), store.verifyAudit());
        }
    }

    private void sql(String... statements) throws Exception {
        sql(file, statements);
    }

    private static void sql(Path database, String... statements) throws Exception {
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = sql.createStatement()) {
            for (String each : statements) {
                statement.execute(each);
            }
        }
    }
}
