package otb.baseline.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConfig;
import otb.capture.IoErrors;

/**
 * The tables of an otb database and how a file becomes one: the checks that it is an otb
 * database this otb can read, intact, and the migrations that bring it to {@link #VERSION}
 * (kept in SQLite's {@code user_version}; the file is marked by {@code application_id}).
 */
final class Schema {
    /** Schema version this otb writes; databases with a higher one are refused. */
    static final int VERSION = 5;
    /** SQLite application id marking otb databases: "otb1". */
    static final int APPLICATION_ID = 0x6F74_6231;
    /** The first 16 bytes of every SQLite file (SQLite file format, section 1.3). */
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    static {
        SqliteLibrary.install(); // before the first connection loads the native library
    }

    /** Migrations, one per schema version: MIGRATIONS[v - 1] takes version v - 1 to v. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE snapshots (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, command TEXT NOT NULL,"
                    + " input TEXT NOT NULL, parent INTEGER REFERENCES snapshots(id), messages INTEGER NOT NULL,"
                    + " first_ns INTEGER NOT NULL, last_ns INTEGER NOT NULL, note TEXT NOT NULL, cells TEXT NOT NULL,"
                    + " model_format INTEGER NOT NULL, model BLOB NOT NULL, model_crc INTEGER NOT NULL)",
            "CREATE TABLE assets (snapshot INTEGER NOT NULL REFERENCES snapshots(id), address TEXT NOT NULL,"
                    + " cell TEXT NOT NULL, macs TEXT NOT NULL, roles TEXT NOT NULL, identity TEXT NOT NULL,"
                    + " first_ns INTEGER NOT NULL, last_ns INTEGER NOT NULL, PRIMARY KEY (snapshot, address))",
            "CREATE TABLE conversations (snapshot INTEGER NOT NULL REFERENCES snapshots(id), client TEXT NOT NULL,"
                    + " server TEXT NOT NULL, protocol TEXT NOT NULL, unit INTEGER NOT NULL, transport TEXT NOT NULL,"
                    + " port INTEGER NOT NULL, client_cell TEXT NOT NULL, server_cell TEXT NOT NULL,"
                    + " requests INTEGER NOT NULL, responses INTEGER NOT NULL, functions TEXT NOT NULL,"
                    + " first_ns INTEGER NOT NULL, last_ns INTEGER NOT NULL)",
            "CREATE INDEX conversations_snapshot ON conversations (snapshot)",
            "CREATE TABLE alerts (id TEXT PRIMARY KEY, snapshot INTEGER, kind TEXT NOT NULL, severity TEXT NOT NULL,"
                    + " state TEXT NOT NULL, first_ns INTEGER NOT NULL, last_ns INTEGER NOT NULL,"
                    + " count INTEGER NOT NULL, cell TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL,"
                    + " proto TEXT NOT NULL, func INTEGER, func_name TEXT NOT NULL, frames TEXT NOT NULL,"
                    + " input TEXT NOT NULL, baseline TEXT NOT NULL, detail TEXT NOT NULL, dedup_key TEXT NOT NULL,"
                    + " fold TEXT NOT NULL)",
            "CREATE INDEX alerts_first ON alerts (first_ns)",
            "CREATE INDEX alerts_key ON alerts (dedup_key, state)",
            "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL,"
                    + " alert TEXT NOT NULL, reason TEXT NOT NULL, snapshot INTEGER REFERENCES snapshots(id))"),
            // 2: the audit trail becomes a hash chain (AuditChain; existing rows are chained by
            // AuditTrail.chainExisting), with detail and signature; imported signed baselines
            // keep their id and signer.
            List.of("ALTER TABLE audit ADD COLUMN detail TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE audit ADD COLUMN signature TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT ''",
                    "CREATE TABLE signatures (snapshot INTEGER PRIMARY KEY REFERENCES snapshots(id),"
                            + " baseline_id TEXT NOT NULL, signer TEXT NOT NULL, key_id TEXT NOT NULL,"
                            + " signed_at TEXT NOT NULL, source TEXT NOT NULL)"),
            // 3: alerts carry their process context (AlertContext, in Folding's text form) and the
            // incident they are a step of (Incidents); older alerts have neither.
            List.of("ALTER TABLE alerts ADD COLUMN context TEXT NOT NULL DEFAULT ''",
                    "ALTER TABLE alerts ADD COLUMN incident TEXT NOT NULL DEFAULT ''",
                    "CREATE INDEX alerts_incident ON alerts (incident)"),
            // 4: a site database kept by 'otb hub' (SiteLedger): the sensors that saw each alert
            // (a table of its own: the alerts table is a sensor's, unchanged),
            // each sensor's latest baseline and health, the sightings that make re-delivery
            // idempotent, and which sensors see which asset and cell. A sensor's own database
            // leaves them empty.
            List.of("CREATE TABLE site_alert_sensors (alert TEXT PRIMARY KEY REFERENCES alerts(id),"
                            + " sensors TEXT NOT NULL)",
                    "CREATE TABLE site_sensors (sensor TEXT PRIMARY KEY, epoch INTEGER NOT NULL, seq INTEGER NOT NULL,"
                            + " cells TEXT NOT NULL, model_format INTEGER NOT NULL, model BLOB NOT NULL)",
                    "CREATE TABLE site_health (sensor TEXT PRIMARY KEY, epoch INTEGER NOT NULL, seq INTEGER NOT NULL,"
                            + " record TEXT NOT NULL)",
                    "CREATE TABLE site_sightings (sensor TEXT NOT NULL, sensor_alert TEXT NOT NULL,"
                            + " alert TEXT NOT NULL REFERENCES alerts(id), count INTEGER NOT NULL,"
                            + " last_ns INTEGER NOT NULL, PRIMARY KEY (sensor, sensor_alert))",
                    "CREATE TABLE site_assets (address TEXT PRIMARY KEY, sensors TEXT NOT NULL)",
                    "CREATE TABLE site_cells (cell TEXT PRIMARY KEY, sensors TEXT NOT NULL)"),
            // 5: a sensor's baseline is held per cell (BaselineCells: the sensors publish it so), keyed
            // by sensor and cell; '' is the sensor-wide part. A schema-4 row, a sensor's whole
            // baseline, becomes its sensor-wide part, replaced with the rest by the sensor's next publish.
            List.of("CREATE TABLE site_sensors_5 (sensor TEXT NOT NULL, cell TEXT NOT NULL, epoch INTEGER NOT NULL,"
                            + " seq INTEGER NOT NULL, cells TEXT NOT NULL, model_format INTEGER NOT NULL,"
                            + " model BLOB NOT NULL, PRIMARY KEY (sensor, cell))",
                    "INSERT INTO site_sensors_5 (sensor, cell, epoch, seq, cells, model_format, model)"
                            + " SELECT sensor, '', epoch, seq, cells, model_format, model FROM site_sensors",
                    "DROP TABLE site_sensors",
                    "ALTER TABLE site_sensors_5 RENAME TO site_sensors"));

    private Schema() {
    }

    /**
     * Opens {@code file} read-write, creating it when missing or empty, refusing what is not an
     * otb database of a version this otb reads or fails SQLite's quick check, and migrating an
     * older one; WAL journal, foreign keys on. With {@code readOnly}, opens an existing database
     * only to read it, as a user who may not write the file or its directory can: no migration,
     * no journal change.
     */
    static Connection open(Path file) throws StoreException {
        return open(file, false);
    }

    /** As {@link #open(Path)}; with {@code readOnly}, see the class: an existing database only read. */
    static Connection open(Path file, boolean readOnly) throws StoreException {
        checkHeader(file);
        if (readOnly && !Files.isRegularFile(file)) {
            throw new StoreException(file + ": no such database (run 'otb learn' first)");
        }
        Connection connection;
        try {
            connection = readOnly ? readOnlyConnection(file, false)
                    : DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + file + ": " + StoreException.firstLine(e));
        }
        try {
            prepare(connection, file, readOnly);
            return connection;
        } catch (StoreException e) {
            closeQuietly(connection);
            throw e;
        } catch (SQLException e) {
            closeQuietly(connection);
            if (readOnly && e.getMessage() != null && e.getMessage().contains("SQLITE_CANTOPEN")) {
                return immutable(file);
            }
            throw StoreException.of(file, e);
        }
    }

    /**
     * A WAL database in a directory nobody may write, closed cleanly (no -shm file beside it): SQLite
     * cannot make the shared-memory index a reader needs, so it is read as immutable. Nobody can
     * be writing it either: a writer would need that directory too.
     */
    private static Connection immutable(Path file) throws StoreException {
        Connection connection;
        try {
            connection = readOnlyConnection(file, true);
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + file + ": " + StoreException.firstLine(e));
        }
        try {
            prepare(connection, file, true);
            return connection;
        } catch (StoreException e) {
            closeQuietly(connection);
            throw e;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw StoreException.of(file, e);
        }
    }

    private static Connection readOnlyConnection(Path file, boolean immutable) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        String url = immutable ? "jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1"
                : "jdbc:sqlite:" + file.toAbsolutePath();
        return config.createConnection(url);
    }

    /** Refuses, before SQLite sees it, a file that is not SQLite or a path whose directory is missing. */
    private static void checkHeader(Path file) throws StoreException {
        if (!Files.exists(file)) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new StoreException("cannot create database " + file + ": directory " + parent + " does not exist");
            }
            return;
        }
        if (Files.isDirectory(file)) {
            throw new StoreException(file + " is a directory, not an otb database");
        }
        byte[] header = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new StoreException("cannot read database " + file + ": " + IoErrors.reason(e));
        }
        if (read == 0) {
            return; // an empty file becomes a new database
        }
        if (read < header.length || !Arrays.equals(header, SQLITE_HEADER)) {
            throw new StoreException(file + " is not an otb database (not an SQLite file)");
        }
    }

    private static void prepare(Connection connection, Path file, boolean readOnly) throws SQLException, StoreException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 10000");
            int applicationId = intPragma(statement, "application_id");
            int version = intPragma(statement, "user_version");
            if (applicationId != APPLICATION_ID) {
                boolean empty;
                try (ResultSet tables = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
                    empty = tables.next() && tables.getLong(1) == 0;
                }
                if (applicationId != 0 || !empty) {
                    throw new StoreException(file + " is an SQLite database but not an otb database");
                }
            }
            if (version < 0) {
                throw new StoreException(file + " has an unknown schema version " + version + " (this otb reads 0 to "
                        + VERSION + "); not a database otb wrote");
            }
            if (version > VERSION) {
                throw new StoreException(file + " was written by a newer otb (schema " + version
                        + ", this otb reads up to " + VERSION + "); upgrade otb");
            }
            try (ResultSet check = statement.executeQuery("PRAGMA quick_check")) {
                String result = check.next() ? check.getString(1) : "no answer";
                if (!"ok".equals(result)) {
                    throw new StoreException(file + " is corrupt: " + result.lines().findFirst().orElse(result));
                }
            }
            if (readOnly) {
                if (version < VERSION) {
                    throw new StoreException(file + (version == 0 ? " holds no baseline yet (run 'otb learn' first)"
                            : " was written by an older otb (schema " + version + "); run 'otb learn' or another "
                            + "command that writes on it once, where it may be written, to upgrade it"));
                }
                return;
            }
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = NORMAL");
            statement.execute("PRAGMA foreign_keys = ON");
            if (version < VERSION) {
                migrate(connection, statement, version);
            }
        }
    }

    /** Runs the migrations from {@code version} to {@link #VERSION} and marks the file, in one transaction. */
    private static void migrate(Connection connection, Statement statement, int version) throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (int v = version; v < VERSION; v++) {
                for (String sql : MIGRATIONS.get(v)) {
                    statement.execute(sql);
                }
                if (v + 1 == 2) {
                    AuditTrail.chainExisting(connection);
                }
            }
            statement.execute("PRAGMA application_id = " + APPLICATION_ID);
            statement.execute("PRAGMA user_version = " + VERSION);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static int intPragma(Statement statement, String pragma) throws SQLException {
        try (ResultSet result = statement.executeQuery("PRAGMA " + pragma)) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to do with a connection that failed to open
        }
    }
}
