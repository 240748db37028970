package otb.baseline.store;

import java.util.List;
import java.util.OptionalLong;
import otb.baseline.alert.Alert;

/**
 * An alert as stored: the alert, its triage state, the snapshot it was detected against, and
 * in a site database the sensors that saw it (sorted; empty in a sensor's own database).
 */
public record StoredAlert(Alert alert, AlertState state, OptionalLong snapshot, List<String> sensors) {
    public StoredAlert {
        sensors = List.copyOf(sensors);
    }

    /** An alert of a sensor's own database: no sensors listed. */
    public StoredAlert(Alert alert, AlertState state, OptionalLong snapshot) {
        this(alert, state, snapshot, List.of());
    }
}
