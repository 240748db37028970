package otb.baseline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertContext;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema 3: alerts keep their process context and incident through the store, and a schema-2
 * database migrates with its alerts intact (no context, no incident).
 */
class ContextSchemaTest {
    @TempDir
    Path dir;

    private static Alert alert() {
        AlertContext context = new AlertContext("holding_register:100", OptionalDouble.of(730), OptionalDouble.of(1450),
                "enumeration values {720, 740, 730}", List.of(new AlertContext.Related("input_register:5", 72,
                OptionalDouble.of(506), OptionalDouble.of(502)), new AlertContext.Related("input_register:6", 70,
                OptionalDouble.empty(), OptionalDouble.of(353))));
        return Alert.builder(AlertKind.WRITE_OUTSIDE_LEARNED_RANGE, () -> "wvalue|x", 1_000_000_000L)
                .endpoints("10.10.1.10", "10.10.1.21").cell("line1").detail("writes 1450 to holding_register:100")
                .context(() -> context).build().withIncident("00112233445566ff");
    }

    @Test
    void contextAndIncidentRoundTrip() throws Exception {
        Path file = dir.resolve("ctx.db");
        Alert alert = alert();
        try (BaselineStore store = BaselineStore.open(file)) {
            AlertSink sink = store.alertSink(OptionalLong.empty());
            sink.accept(alert);
            sink.flush();
        }
        try (BaselineStore store = BaselineStore.open(file)) {
            Alert back = store.alert(alert.id()).orElseThrow().alert();
            assertEquals(alert.context(), back.context());
            assertEquals("00112233445566ff", back.incident());
            assertEquals(alert.jsonLine(), back.jsonLine());
        }
    }

    @Test
    void aSchemaTwoDatabaseMigratesWithItsAlerts() throws Exception {
        Path file = dir.resolve("v2.db");
        Alert alert = alert();
        try (BaselineStore store = BaselineStore.open(file)) {
            AlertSink sink = store.alertSink(OptionalLong.empty());
            sink.accept(alert);
            sink.flush();
        }
        // back to schema 2 as an older otb wrote it
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = sql.createStatement()) {
            for (String table : List.of("site_alert_sensors", "site_sensors", "site_health", "site_sightings",
                    "site_assets", "site_cells")) {
                statement.execute("DROP TABLE " + table); // schema 4's
            }
            statement.execute("DROP INDEX alerts_incident");
            statement.execute("ALTER TABLE alerts DROP COLUMN context");
            statement.execute("ALTER TABLE alerts DROP COLUMN incident");
            statement.execute("PRAGMA user_version = 2");
        }
        try (BaselineStore store = BaselineStore.open(file)) {
            Alert back = store.alert(alert.id()).orElseThrow().alert();
            assertTrue(back.context().isEmpty());
            assertEquals("", back.incident());
            assertEquals(alert.detail(), back.detail());
            assertEquals(1, store.alerts(Optional.empty(), Severity.INFO, 10).size());
        }
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = sql.createStatement();
             var rows = statement.executeQuery("PRAGMA user_version")) {
            assertEquals(Schema.VERSION, rows.getInt(1));
        }
    }
}
