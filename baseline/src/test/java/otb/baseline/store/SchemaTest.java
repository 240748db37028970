package otb.baseline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Schema#open} makes of files that are not yet otb databases. */
class SchemaTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyFileBecomesADatabaseOfThisVersionOnce() throws Exception {
        Path file = Files.createFile(dir.resolve("otb.db"));
        try (Connection connection = Schema.open(file)) {
            assertEquals(List.of("alerts", "assets", "audit", "conversations", "signatures", "site_alert_sensors",
                    "site_assets", "site_cells", "site_health", "site_sensors", "site_sightings", "snapshots"),
                    tables(connection));
            assertEquals(Schema.VERSION, intPragma(connection, "user_version"));
            assertEquals(Schema.APPLICATION_ID, intPragma(connection, "application_id"));
            assertEquals(1, intPragma(connection, "foreign_keys"));
        }
        try (Connection again = Schema.open(file)) {
            assertEquals(12, tables(again).size(), "a current database is not migrated again");
        }
    }

    @Test
    void aDirectoryIsRefused() {
        StoreException e = assertThrows(StoreException.class, () -> Schema.open(dir));
        assertEquals(dir + " is a directory, not an otb database", e.getMessage());
    }

    private static List<String> tables(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }

    private static int intPragma(Connection connection, String pragma) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA " + pragma)) {
            return rows.getInt(1);
        }
    }
}
