package otb.baseline.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.zip.CRC32;
import otb.baseline.cells.Cells;
import otb.baseline.cells.CellsException;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCodec;
import otb.baseline.model.BaselineLimits;
import otb.baseline.model.Conversation;
import otb.baseline.model.FunctionUse;

/**
 * Numbered baseline snapshots: the encoded model with its checksum and cells, plus its assets
 * and conversations as plain rows for anyone reading the database with SQL. Writes run within
 * the transaction of {@link BaselineStore}, which owns them.
 */
final class Snapshots {
    private final Connection connection;
    private final Path file;
    private final Clock clock;

    Snapshots(Connection connection, Path file, Clock clock) {
        this.connection = connection;
        this.file = file;
        this.clock = clock;
    }

    /**
     * Inserts a checkpoint and deletes the earlier checkpoints of its run that nothing refers to
     * (see {@link BaselineStore#saveCheckpoint}).
     *
     * @return the new snapshot's number
     */
    long insertCheckpoint(Baseline baseline, Cells cells, String command, String input, OptionalLong parent,
                          String note) throws SQLException {
        long id = insert(baseline, cells, command, input, parent, note);
        delete(supersededCheckpoints(id, command, input, parent));
        return id;
    }

    /**
     * Inserts a periodic snapshot of {@code command} (a hub's merged baseline) unless the newest
     * one of that command holds exactly {@code model} and {@code cells}; then deletes the newest
     * earlier one when it was written in the same period as this one, and the oldest beyond the
     * {@code history} budget, when nothing refers to them (see {@link SiteHistory}).
     *
     * @return the new snapshot's number, 0 when the model did not change
     */
    long insertPeriodic(byte[] model, Baseline baseline, Cells cells, String command, String input, String note,
                        SiteHistory history) throws SQLException {
        long previous = 0;
        String previousCreated = null;
        try (PreparedStatement query = connection.prepareStatement("SELECT id, created_at, model, cells FROM snapshots"
                + " WHERE command = ? ORDER BY id DESC LIMIT 1")) {
            query.setString(1, command);
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    if (java.util.Arrays.equals(rows.getBytes(3), model) && cells.text().equals(rows.getString(4))) {
                        return 0;
                    }
                    previous = rows.getLong(1);
                    previousCreated = rows.getString(2);
                }
            }
        }
        long id = insertEncoded(model, baseline, cells, command, input, OptionalLong.empty(), note);
        List<Long> drop = new ArrayList<>();
        if (previous != 0 && period(Instant.parse(previousCreated), history) == period(Instant.now(clock), history)
                && unreferenced(previous)) {
            drop.add(previous);
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM snapshots WHERE command = ?"
                + " ORDER BY id DESC")) {
            query.setString(1, command);
            int kept = 0;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long older = rows.getLong(1);
                    if (drop.contains(older)) {
                        continue;
                    }
                    kept++;
                    if (older != id && kept > history.keep() && unreferenced(older)) {
                        drop.add(older);
                    }
                }
            }
        }
        delete(drop);
        return id;
    }

    private static long period(Instant at, SiteHistory history) {
        return Math.floorDiv(at.toEpochMilli(), history.everyMillis());
    }

    /** Whether no snapshot, alert or audit entry refers to snapshot {@code id}. */
    private boolean unreferenced(long id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT"
                + " NOT EXISTS (SELECT 1 FROM snapshots c WHERE c.parent = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.snapshot = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM audit u WHERE u.snapshot = ?)")) {
            query.setLong(1, id);
            query.setLong(2, id);
            query.setLong(3, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getInt(1) == 1;
            }
        }
    }

    /** Snapshots older than {@code id} of the same command, input and parent that nothing refers to. */
    private List<Long> supersededCheckpoints(long id, String command, String input, OptionalLong parent)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT s.id FROM snapshots s"
                + " WHERE s.id < ? AND s.command = ? AND s.input = ? AND s.parent IS ?"
                + " AND NOT EXISTS (SELECT 1 FROM snapshots c WHERE c.parent = s.id)"
                + " AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.snapshot = s.id)"
                + " AND NOT EXISTS (SELECT 1 FROM audit u WHERE u.snapshot = s.id) ORDER BY s.id")) {
            query.setLong(1, id);
            query.setString(2, command);
            query.setString(3, input);
            NullableColumns.set(query, 4, parent);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }

    /** Deletes snapshots and their rows. */
    private void delete(List<Long> ids) throws SQLException {
        for (String rows : List.of("assets WHERE snapshot", "conversations WHERE snapshot", "snapshots WHERE id")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + rows + " = ?")) {
                for (long id : ids) {
                    delete.setLong(1, id);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
    }

    /**
     * Inserts a snapshot with its asset and conversation rows.
     *
     * @return the new snapshot's number
     */
    long insert(Baseline baseline, Cells cells, String command, String input, OptionalLong parent, String note)
            throws SQLException {
        return insertEncoded(BaselineCodec.encode(baseline), baseline, cells, command, input, parent, note);
    }

    /**
     * Inserts a snapshot whose model is {@code model}, the encoding of {@code baseline}, kept byte
     * for byte (an imported signed baseline: exported again, it gives the same bytes).
     *
     * @return the new snapshot's number
     */
    long insertEncoded(byte[] model, Baseline baseline, Cells cells, String command, String input,
                       OptionalLong parent, String note) throws SQLException {
        CRC32 crc = new CRC32();
        crc.update(model);
        long first = 0;
        long last = 0;
        for (var cell : baseline.cells().values()) {
            if (cell.firstSeenNanos() != 0) {
                first = first == 0 ? cell.firstSeenNanos() : Math.min(first, cell.firstSeenNanos());
            }
            last = Math.max(last, cell.lastSeenNanos());
        }
        long id;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO snapshots (created_at, command,"
                + " input, parent, messages, first_ns, last_ns, note, cells, model_format, model, model_crc)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, Instant.now(clock).toString());
            insert.setString(2, command);
            insert.setString(3, input);
            NullableColumns.set(insert, 4, parent);
            insert.setLong(5, baseline.messages());
            insert.setLong(6, first);
            insert.setLong(7, last);
            insert.setString(8, note);
            insert.setString(9, cells.text());
            insert.setInt(10, BaselineCodec.FORMAT_VERSION);
            insert.setBytes(11, model);
            insert.setLong(12, crc.getValue());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        insertAssets(id, baseline);
        insertConversations(id, baseline);
        return id;
    }

    private void insertAssets(long snapshot, Baseline baseline) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO assets (snapshot, address, cell, macs,"
                + " roles, identity, first_ns, last_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Asset asset : baseline.assets()) {
                StringJoiner macs = new StringJoiner(" ");
                asset.macs().forEach(mac -> macs.add(Asset.macText(mac)));
                StringJoiner identity = new StringJoiner("; ");
                asset.identity().forEach((key, value) -> identity.add(key + "=" + value));
                insert.setLong(1, snapshot);
                insert.setString(2, asset.address().toString());
                insert.setString(3, asset.cell());
                insert.setString(4, macs.toString());
                insert.setString(5, String.join(" ", asset.roles()));
                insert.setString(6, identity.toString());
                insert.setLong(7, asset.firstSeenNanos());
                insert.setLong(8, asset.lastSeenNanos());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void insertConversations(long snapshot, Baseline baseline) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO conversations (snapshot, client, server,"
                + " protocol, unit, transport, port, client_cell, server_cell, requests, responses, functions,"
                + " first_ns, last_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Conversation conversation : baseline.conversations()) {
                StringJoiner functions = new StringJoiner(", ");
                for (FunctionUse function : conversation.functions()) {
                    functions.add(function.label() + " (" + function.operation().wireName() + ") x" + function.requests());
                }
                insert.setLong(1, snapshot);
                insert.setString(2, conversation.key().client().toString());
                insert.setString(3, conversation.key().server().toString());
                insert.setString(4, conversation.key().protocol().wireName());
                insert.setInt(5, conversation.key().unit());
                insert.setString(6, conversation.transport().wireName());
                insert.setInt(7, conversation.serverPort());
                insert.setString(8, conversation.clientCell());
                insert.setString(9, conversation.serverCell());
                insert.setLong(10, conversation.requests());
                insert.setLong(11, conversation.responses());
                insert.setString(12, functions.toString());
                insert.setLong(13, conversation.firstSeenNanos());
                insert.setLong(14, conversation.lastSeenNanos());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Snapshots, oldest first. */
    List<SnapshotInfo> list() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT id, created_at, command, input, parent,"
                + " messages, first_ns, last_ns, note FROM snapshots ORDER BY id")) {
            List<SnapshotInfo> list = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    list.add(info(rows));
                }
            }
            return list;
        }
    }

    /** The metadata in columns 1 to 9 of a row of {@code snapshots}. */
    private static SnapshotInfo info(ResultSet rows) throws SQLException {
        return new SnapshotInfo(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                NullableColumns.getLong(rows, 5), rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getString(9));
    }

    /** The newest snapshot's number, if any. */
    OptionalLong latestId() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT max(id) FROM snapshots")) {
            long id = rows.next() ? rows.getLong(1) : 0;
            return rows.wasNull() || id == 0 ? OptionalLong.empty() : OptionalLong.of(id);
        }
    }

    /** The newest snapshot, or empty when there is none yet. */
    Optional<Snapshot> latest() throws SQLException, StoreException {
        OptionalLong latest = latestId();
        return latest.isPresent() ? Optional.of(load(latest.getAsLong())) : Optional.empty();
    }

    /** The newest snapshot; a clear error when there is none. */
    Snapshot loadLatest() throws SQLException, StoreException {
        OptionalLong latest = latestId();
        if (latest.isEmpty()) {
            throw new StoreException(file + " holds no baseline yet; run otb learn first");
        }
        return load(latest.getAsLong());
    }

    /**
     * A snapshot's model as stored, with its cells text, checked as {@link #load} checks it: the
     * bytes a signed export carries.
     */
    StoredModel stored(long id) throws SQLException, StoreException {
        Snapshot snapshot = load(id);
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT model_format, model, cells FROM snapshots WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new StoreException(file + " has no snapshot " + id);
                }
                return new StoredModel(snapshot, rows.getInt(1), rows.getBytes(2), rows.getString(3));
            }
        }
    }

    /** Reads a snapshot back, verifying its model's format version and checksum. */
    Snapshot load(long id) throws SQLException, StoreException {
        try (PreparedStatement query = connection.prepareStatement("SELECT id, created_at, command, input, parent,"
                + " messages, first_ns, last_ns, note, cells, model_format, model, model_crc FROM snapshots WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new StoreException(file + " has no snapshot " + id);
                }
                SnapshotInfo info = info(rows);
                String cellsText = rows.getString(10);
                int format = rows.getInt(11);
                byte[] model = rows.getBytes(12);
                long expectedCrc = rows.getLong(13);
                if (format > BaselineCodec.FORMAT_VERSION) {
                    throw new StoreException("snapshot " + id + " in " + file + " was written by a newer otb; upgrade otb");
                }
                CRC32 crc = new CRC32();
                crc.update(model);
                if (crc.getValue() != expectedCrc) {
                    throw new StoreException("snapshot " + id + " in " + file + " is damaged (checksum mismatch)");
                }
                Baseline baseline = BaselineCodec.decode(model, BaselineLimits.defaults());
                Cells cells = cellsText.isEmpty() ? Cells.automatic() : Cells.parse(cellsText, "cells of snapshot " + id);
                return new Snapshot(info, baseline, cells);
            }
        } catch (BaselineCodec.BaselineFormatException | CellsException e) {
            throw new StoreException("snapshot " + id + " in " + file + ": " + e.getMessage());
        }
    }
}
