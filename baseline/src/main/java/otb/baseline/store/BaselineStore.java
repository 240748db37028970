package otb.baseline.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.cells.CellsException;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCodec;
import otb.baseline.model.BaselineLimits;

/**
 * otb's SQLite database: numbered baseline snapshots, alerts with their triage state, and the
 * hash-chained audit trail of baseline changes and triage. WAL journal; every snapshot and every batch of alerts is one
 * transaction, so killing the process at any moment leaves the last committed snapshot intact.
 * All failures are {@link StoreException}s with a one-line message.
 *
 * <p>This class holds the one connection and its transactions; each concern is its own class
 * behind it: {@link Schema} (checks and migrations on open), {@link Snapshots}, {@link AlertLog},
 * {@link Triage}, {@link AuditTrail} and {@link Signatures}. Their SQL runs within the transactions opened here.
 */
public final class BaselineStore implements AutoCloseable {
    /** Schema version this otb writes; databases with a higher one are refused. */
    public static final int SCHEMA_VERSION = Schema.VERSION;
    /** SQLite application id marking otb databases: "otb1". */
    public static final int APPLICATION_ID = Schema.APPLICATION_ID;

    /** Work on the connection that may fail in SQLite or in otb's reading of what it holds. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException, StoreException;
    }

    /** {@link Work} with no result. */
    @FunctionalInterface
    private interface Step {
        void run() throws SQLException, StoreException;
    }

    private final Path file;
    private final Connection connection;
    private final Snapshots snapshots;
    private final AlertLog alertLog;
    private final AuditTrail auditTrail;
    private final Triage triage;
    private final Signatures signatures;
    private final SiteLedger siteLedger;

    /** The writer lock this store holds (see {@link #openWriter}), null when none. */
    private final WriterLock writerLock;

    private BaselineStore(Path file, Connection connection, Clock clock, WriterLock writerLock) {
        this.file = file;
        this.connection = connection;
        this.writerLock = writerLock;
        this.snapshots = new Snapshots(connection, file, clock);
        this.alertLog = new AlertLog(connection, file);
        this.auditTrail = new AuditTrail(connection, clock);
        this.triage = new Triage(connection, file, alertLog, snapshots, auditTrail);
        this.signatures = new Signatures(connection);
        this.siteLedger = new SiteLedger(connection, alertLog, snapshots);
    }

    /** Opens (creating when missing) a database; wall-clock times of snapshots and audit from the system clock. */
    public static BaselineStore open(Path file) throws StoreException {
        return open(file, Clock.systemUTC());
    }

    public static BaselineStore open(Path file, Clock clock) throws StoreException {
        return new BaselineStore(file, Schema.open(file, false), clock, null);
    }

    /**
     * Opens (creating when missing) a database for a run that changes its baseline ({@code otb learn},
     * a learning {@code otb monitor}, an import), holding its writer lock until {@link #close()}: a
     * second such run on the same database is refused with one line naming {@code holder}, instead of
     * forking the baseline.
     *
     * @param holder who writes, for the other run's error line (e.g. {@code otb learn})
     */
    public static BaselineStore openWriter(Path file, String holder) throws StoreException {
        WriterLock lock = WriterLock.acquire(file, holder);
        try {
            return new BaselineStore(file, Schema.open(file, false), Clock.systemUTC(), lock);
        } catch (StoreException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Opens an existing database only to read it: a file or directory the user may not write
     * (mode 0444, a read-only mount) serves the commands that only read. Every write fails.
     */
    public static BaselineStore openReadOnly(Path file) throws StoreException {
        return new BaselineStore(file, Schema.open(file, true), Clock.systemUTC(), null);
    }

    public Path file() {
        return file;
    }

    // ------------------------------------------------------------------------------ snapshots

    /**
     * Writes a baseline as a new snapshot, in one transaction.
     *
     * @param command what wrote it (learn, monitor, approve)
     * @param input   what it was learned from (files or interface)
     * @param parent  the snapshot it extends, if any
     * @param note    free text
     * @return the new snapshot's number
     */
    public long saveSnapshot(Baseline baseline, Cells cells, String command, String input, OptionalLong parent,
                             String note) throws StoreException {
        return saveSnapshot(baseline, cells, command, input, parent, note, OsUser.loginName());
    }

    /**
     * As {@link #saveSnapshot(Baseline, Cells, String, String, OptionalLong, String)}, with an
     * audit entry (action {@code command}, reason {@code note}, detail {@code input}) by
     * {@code who} in the same transaction.
     */
    public long saveSnapshot(Baseline baseline, Cells cells, String command, String input, OptionalLong parent,
                             String note, String who) throws StoreException {
        return inTransaction(() -> {
            long id = snapshots.insert(baseline, cells, command, input, parent, note);
            auditTrail.record(who, command, "", note, OptionalLong.of(id), input, AuditSigner.NONE);
            return id;
        });
    }

    /**
     * Writes an imported signed baseline as a new snapshot (command {@code import}, no parent),
     * keeping its model's bytes as they are, with where it came from and an audit entry, in one
     * transaction.
     *
     * @param model     the model's bytes as signed
     * @param cellsText the cells text as signed, "" for automatic cells
     * @return the new snapshot's number
     */
    public long importSnapshot(byte[] model, String cellsText, SnapshotSignature signature, String who, String reason)
            throws StoreException {
        Baseline baseline;
        Cells cells;
        try {
            baseline = BaselineCodec.decode(model, BaselineLimits.defaults());
            cells = cellsText.isEmpty() ? Cells.automatic() : Cells.parse(cellsText, "cells of " + signature.source());
        } catch (BaselineCodec.BaselineFormatException | CellsException e) {
            throw new StoreException(signature.source() + ": " + e.getMessage());
        }
        String note = "signed by " + signature.signer() + " at " + signature.signedAt();
        return inTransaction(() -> {
            long id = snapshots.insertEncoded(model, baseline, cells, "import", signature.source(),
                    OptionalLong.empty(), note);
            signatures.insert(id, signature);
            auditTrail.record(who, "import", "", reason, OptionalLong.of(id), "baseline " + signature.baselineId()
                    + " signed by " + signature.signer() + " (key " + signature.keyId() + ") at "
                    + signature.signedAt(), AuditSigner.NONE);
            return id;
        });
    }

    /** Where a snapshot came from, when it was imported from a signed baseline. */
    public Optional<SnapshotSignature> signature(long snapshot) throws StoreException {
        return read(() -> signatures.find(snapshot));
    }

    /** The snapshots imported from the signed baseline {@code baselineId}, oldest first. */
    public List<Long> importedAs(String baselineId) throws StoreException {
        return read(() -> signatures.snapshotsOf(baselineId));
    }

    /** A snapshot's model as stored, byte for byte, with its cells text (for a signed export). */
    public StoredModel storedModel(long id) throws StoreException {
        return read(() -> snapshots.stored(id));
    }

    /**
     * Writes a checkpoint of a run that is still learning ({@code otb monitor}'s
     * {@code monitor-learning} snapshots): a new snapshot, as {@link #saveSnapshot}, that
     * supersedes the earlier checkpoints of its run, which are deleted in the same transaction. A
     * checkpoint holds everything its predecessors did, so a learning period of a week keeps one
     * snapshot rather than one per checkpoint interval (a thousand at 10 minutes), and the
     * database stops growing with the learning period's length.
     *
     * <p>The earlier checkpoints of a run are the snapshots written by the same command, from the
     * same input (interface), on the same parent (none, or the snapshot the run resumed). One that
     * something refers to (a snapshot's parent, an alert, the audit trail) is kept.
     *
     * @return the new snapshot's number
     */
    public long saveCheckpoint(Baseline baseline, Cells cells, String command, String input, OptionalLong parent,
                               String note) throws StoreException {
        return inTransaction(() -> snapshots.insertCheckpoint(baseline, cells, command, input, parent, note));
    }

    /** Snapshots, oldest first. */
    public List<SnapshotInfo> snapshots() throws StoreException {
        return read(snapshots::list);
    }

    /** The newest snapshot's number, if any. */
    public OptionalLong latestSnapshotId() throws StoreException {
        return read(snapshots::latestId);
    }

    /** The newest snapshot, or empty when the database holds none yet (a first {@code otb learn}). */
    public Optional<Snapshot> latest() throws StoreException {
        return read(snapshots::latest);
    }

    /** The newest snapshot; a clear error when the database holds none. */
    public Snapshot loadLatest() throws StoreException {
        return read(snapshots::loadLatest);
    }

    /** Reads a snapshot back, verifying its checksum. */
    public Snapshot load(long id) throws StoreException {
        return read(() -> snapshots.load(id));
    }

    // ------------------------------------------------------------------------------ alerts

    /**
     * A sink storing alerts detected against {@code snapshot}, in transactions of up to
     * {@value AlertLog#BATCH}. An alert whose key was muted is stored muted. Storing the same
     * alert again (same id, e.g. the same input analysed twice) updates its count, keeping its
     * state.
     */
    public AlertSink alertSink(OptionalLong snapshot) {
        return AlertLog.batching(batch -> inTransaction(() -> alertLog.insert(batch, snapshot)));
    }

    /**
     * The newest alerts, by first capture time, listed oldest first: when more match than
     * {@code limit}, the oldest are left out (a monitor's database gathers alerts for months; the
     * recent ones are those to triage).
     *
     * @param state       only alerts in this state, or all when empty
     * @param minSeverity only alerts at or above this severity
     * @param limit       at most this many
     */
    public List<StoredAlert> alerts(Optional<AlertState> state, Severity minSeverity, int limit) throws StoreException {
        return read(() -> alertLog.newest(state, minSeverity, limit));
    }

    public Optional<StoredAlert> alert(String id) throws StoreException {
        return read(() -> alertLog.find(id));
    }

    // ------------------------------------------------------------------------------ site

    /**
     * Writes what a site hub consumed in one transaction (see {@link SiteLedger}): the alerts
     * with the sensors that saw them, each sensor's newest baseline and health, and, when a
     * baseline changed, the merged site baseline as a new snapshot (command {@code hub}, input
     * {@code input}) replacing the previous one of the same period of {@link SiteHistory#defaults()}.
     * Applying the same batch again changes nothing.
     */
    public SiteBatch.Result applySite(SiteBatch batch, String input) throws StoreException {
        return applySite(batch, input, SiteHistory.defaults());
    }

    /**
     * As {@link #applySite(SiteBatch, String)}, keeping the merged snapshots as {@code history}
     * says: the last of each period, at most its budget of them.
     */
    public SiteBatch.Result applySite(SiteBatch batch, String input, SiteHistory history) throws StoreException {
        return inTransaction(() -> siteLedger.apply(batch, input, history));
    }

    /**
     * Parts of sensors' baselines this store decoded for its site merges since it was opened; a
     * merge decodes only the parts that changed since the last one (the rest are held decoded).
     */
    public long sitePartsDecoded() {
        return siteLedger.partsDecoded();
    }

    /** In a site database: the sensors that see each asset, by address; empty elsewhere. */
    public Map<String, List<String>> siteAssetSensors() throws StoreException {
        return read(() -> siteLedger.attribution(false));
    }

    /** In a site database: the sensors that see each cell; empty elsewhere. */
    public Map<String, List<String>> siteCellSensors() throws StoreException {
        return read(() -> siteLedger.attribution(true));
    }

    /** In a site database: each sensor heard of, with its latest health record (JSON, "" when none). */
    public Map<String, String> siteSensors() throws StoreException {
        return read(siteLedger::sensors);
    }

    // ------------------------------------------------------------------------------ triage

    /** Marks an alert seen. */
    public void acknowledge(String id, String who, String reason) throws StoreException {
        inTransaction(() -> triage.acknowledge(id, who, reason));
    }

    /** Silences an alert and, from now on, every alert with its key. */
    public void mute(String id, String who, String reason) throws StoreException {
        inTransaction(() -> triage.mute(id, who, reason));
    }

    /**
     * Accepts an alert as normal: folds its fact into the newest baseline as a new snapshot
     * (command {@code approve}) and records who, when and why, all in one transaction.
     *
     * @return the new snapshot, or empty when the alert's kind has no baseline fact to fold
     *         (timing, floods, scans): then it is only marked approved
     */
    public OptionalLong approve(String id, String who, String reason) throws StoreException {
        return approve(id, who, reason, AuditSigner.NONE);
    }

    /** As {@link #approve(String, String, String)}, the audit entry signed by {@code signer}. */
    public OptionalLong approve(String id, String who, String reason, AuditSigner signer) throws StoreException {
        Triage.Approval approval = read(() -> triage.prepareApproval(id));
        return inTransaction(() -> triage.approve(approval, who, reason, signer));
    }

    /** The audit trail, oldest first. */
    public List<AuditEntry> audit() throws StoreException {
        return read(auditTrail::list);
    }

    /** Walks the audit trail's hash chain: the first entry altered, deleted or inserted, if any. */
    public Optional<AuditChain.Break> verifyAudit() throws StoreException {
        return AuditChain.verify(audit());
    }

    // ------------------------------------------------------------------------------ transactions

    /** Runs reads outside any transaction. */
    private <T> T read(Work<T> work) throws StoreException {
        try {
            return work.run();
        } catch (SQLException e) {
            throw StoreException.of(file, e);
        }
    }

    /** Runs writes in one transaction: all of them or, on failure, none. */
    private <T> T inTransaction(Work<T> work) throws StoreException {
        try {
            connection.setAutoCommit(false);
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw StoreException.of(file, e);
        } catch (StoreException e) {
            rollback();
            throw e;
        } finally {
            autoCommit();
        }
    }

    private void inTransaction(Step step) throws StoreException {
        inTransaction(() -> {
            step.run();
            return null;
        });
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is failing already; the first error is the one reported
        }
    }

    private void autoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // reported by the next statement
        }
    }

    @Override
    public void close() throws StoreException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw StoreException.of(file, e);
        } finally {
            if (writerLock != null) {
                writerLock.close();
            }
        }
    }
}
