package otb.baseline.store;

import java.util.OptionalLong;
import otb.baseline.alert.Alert;

/** An alert as stored: the alert, its triage state, and the snapshot it was detected against. */
public record StoredAlert(Alert alert, AlertState state, OptionalLong snapshot) {
}
