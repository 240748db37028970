package otb.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import otb.baseline.alert.Alert;
import otb.baseline.store.AuditEntry;
import otb.baseline.store.StoredAlert;

/** {@code otb alerts show}: one alert with every field, one per line, long ones wrapped; then its triage trail. */
final class AlertDetails {
    private static final String FIELD = "  %-12s";

    private AlertDetails() {
    }

    static void print(PrintStream out, TimeFormat time, StoredAlert stored, List<AuditEntry> trail) {
        Alert alert = stored.alert();
        out.println("alert " + alert.id());
        field(out, "state", stored.state().wireName());
        field(out, "kind", alert.kind().name());
        field(out, "severity", alert.severity().wireName());
        field(out, "first seen", time.format(alert.firstNanos()));
        field(out, "last seen", time.format(alert.lastNanos()));
        field(out, "count", Long.toString(alert.count()));
        field(out, "cell", alert.cell());
        field(out, "source", alert.src());
        field(out, "destination", alert.dst());
        field(out, "protocol", alert.protocol());
        field(out, "function", alert.functionName().isEmpty() && alert.function().isEmpty() ? ""
                : AlertTable.function(alert).substring(alert.protocol().length()).strip());
        field(out, "expected", alert.baselineFact());
        field(out, "seen", alert.detail());
        field(out, "context", alert.context().compact());
        field(out, "incident", alert.incident());
        field(out, "frames", alert.frames().stream().map(String::valueOf).collect(Collectors.joining(" ")));
        field(out, "input", alert.input());
        field(out, "snapshot", stored.snapshot().isPresent() ? "detected against snapshot "
                + stored.snapshot().getAsLong() : "");
        if (trail.isEmpty()) {
            field(out, "triage", "none yet");
            return;
        }
        for (AuditEntry entry : trail) {
            field(out, "triage", entry.at() + " " + entry.action() + " by " + entry.who()
                    + (entry.reason().isEmpty() ? "" : ": " + entry.reason())
                    + (entry.snapshot().isPresent() ? " (snapshot " + entry.snapshot().getAsLong() + ")" : ""));
        }
    }

    private static void field(PrintStream out, String name, String value) {
        if (!value.isEmpty()) {
            AlertTable.wrap(out, String.format(FIELD, name) + "  ", value);
        }
    }
}
