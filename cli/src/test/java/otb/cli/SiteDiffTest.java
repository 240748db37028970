package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SiteBatch;
import otb.baseline.store.SiteHistory;
import otb.baseline.store.SnapshotInfo;
import otb.baseline.store.StoredModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otb diff} on a site database: the hub keeps the last merged snapshot of each period
 * (within a budget), so a weekly diff compares the site as it was a week ago with now. Sensors'
 * baselines are learned by {@code otb learn} from real captures; the hub's database is written
 * by the store the hub uses, with a clock set back to place its merges in time.
 */
class SiteDiffTest {
    private static final String SENSOR_A = "fixtures/pcaps/modbus/ModbusTCP.pcap";
    private static final String SENSOR_B = "fixtures/pcaps/s7comm/s7comm_clean.pcap";
    private static final SiteHistory HOURLY = new SiteHistory(3_600_000L, 5);

    @TempDir
    Path dir;

    private StoredModel learned(String name, String capture) throws Exception {
        Path db = dir.resolve(name + ".db");
        CliRun learn = CliRun.run("learn", capture, "--db", db.toString());
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        try (BaselineStore store = BaselineStore.open(db)) {
            return store.storedModel(store.latestSnapshotId().getAsLong());
        }
    }

    private static SiteBatch baseline(String sensor, long seq, StoredModel model) {
        return new SiteBatch(List.of(), List.of(new SiteBatch.SensorBaseline(sensor, 1, seq, model.cellsText(),
                model.modelFormat(), model.model())), List.of());
    }

    private static SiteBatch.Result apply(Path site, Instant at, SiteBatch batch, SiteHistory history)
            throws Exception {
        try (BaselineStore store = BaselineStore.open(site, Clock.fixed(at, ZoneOffset.UTC))) {
            return store.applySite(batch, "127.0.0.1:9092/plant", history);
        }
    }

    private static List<SnapshotInfo> snapshots(Path site) throws Exception {
        try (BaselineStore store = BaselineStore.open(site)) {
            return store.snapshots();
        }
    }

    @Test
    void aWeeklyDiffOfASiteDatabaseShowsWhatASensorAddedThisWeek() throws Exception {
        StoredModel a = learned("sensor-a", SENSOR_A);
        StoredModel b = learned("sensor-b", SENSOR_B);
        Path site = dir.resolve("site.db");
        Instant now = Instant.now();
        Instant weekAgo = now.minus(Duration.ofDays(8));

        long first = apply(site, weekAgo, baseline("a", 1, a), HOURLY).snapshot();
        assertTrue(first > 0);
        // sensor a again with the same baseline: the merged one did not change, no snapshot
        assertEquals(0, apply(site, weekAgo.plusSeconds(60), baseline("a", 2, a), HOURLY).snapshot());
        // a week later sensor b joins: a new snapshot, the one of a week ago is kept
        long withB = apply(site, now.minusSeconds(5), baseline("b", 1, b), HOURLY).snapshot();
        assertTrue(withB > first);
        assertEquals(List.of(first, withB), snapshots(site).stream().map(SnapshotInfo::id).toList());

        CliRun diff = CliRun.run("diff", "--db", site.toString(), "--since", "7d", "--format", "json");
        assertEquals(ExitCode.FINDINGS, diff.exitCode(), diff.err());
        assertTrue(diff.err().contains("compared snapshot " + first + " ") && diff.err().contains("-> snapshot " + withB),
                diff.err());
        // sensor b's S7comm conversation is what changed this week; sensor a's Modbus was there before
        assertTrue(diff.out().contains("s7comm"), diff.out());

        CliRun named = CliRun.run("diff", "--db", site.toString(), "--from", Long.toString(first), "--to",
                Long.toString(withB));
        assertEquals(ExitCode.FINDINGS, named.exitCode(), named.err());
        assertEquals(diff.exitCode(), named.exitCode());
    }

    @Test
    void keepsTheLastMergeOfEachPeriodAndNoMoreThanTheBudget() throws Exception {
        StoredModel a = learned("sensor-a", SENSOR_A);
        StoredModel b = learned("sensor-b", SENSOR_B);
        Path site = dir.resolve("site.db");
        Instant hour = Instant.parse("2026-01-05T10:00:00Z");
        SiteHistory twoKept = new SiteHistory(3_600_000L, 2);
        // within one hour: the second merge replaces the first
        long one = apply(site, hour.plusSeconds(60), baseline("a", 1, a), twoKept).snapshot();
        long two = apply(site, hour.plusSeconds(120), baseline("b", 1, b), twoKept).snapshot();
        assertEquals(List.of(two), snapshots(site).stream().map(SnapshotInfo::id).toList(),
                "snapshot " + one + " of the same hour replaced");
        // the next hours each keep their last; two at most
        long three = apply(site, hour.plusSeconds(3_700), baseline("b", 2, a), twoKept).snapshot();
        assertEquals(List.of(two, three), snapshots(site).stream().map(SnapshotInfo::id).toList());
        long four = apply(site, hour.plusSeconds(7_300), baseline("b", 3, b), twoKept).snapshot();
        assertEquals(List.of(three, four), snapshots(site).stream().map(SnapshotInfo::id).toList(),
                "the oldest dropped beyond the budget of 2");
    }
}
