package otb.baseline.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import org.junit.jupiter.api.Test;

/** Incidents: grouped per source and cell within the window, ids from the first alert, bounded. */
class IncidentsTest {
    private static final long SECOND = 1_000_000_000L;

    private static Alert alert(String src, String dst, String cell, long nanos) {
        return Alert.builder(AlertKind.NEW_CONVERSATION, () -> "conv|" + src + "|" + dst, nanos)
                .endpoints(src, dst).cell(cell).build();
    }

    @Test
    void stepsWithinTheWindowJoinAndALaterOneStartsAnew() {
        Incidents incidents = new Incidents();
        Alert first = alert("10.50.0.20", "10.10.2.20", "line2", 1_000 * SECOND);
        assertEquals(first.id(), incidents.assign(first));
        // another target of the same cell, 100 s later: the same incident
        Alert second = alert("10.50.0.20", "10.10.2.21", "line2", 1_100 * SECOND);
        assertEquals(first.id(), incidents.assign(second));
        // the window runs from the last step: 110 s after the second still joins
        Alert third = alert("10.50.0.20", "10.10.2.20", "line2", 1_210 * SECOND);
        assertEquals(first.id(), incidents.assign(third));
        // another source: its own incident
        Alert other = alert("10.50.0.21", "10.10.2.20", "line2", 1_211 * SECOND);
        assertEquals(other.id(), incidents.assign(other));
        // more than the window after the last step: a new incident
        Alert later = alert("10.50.0.20", "10.10.2.20", "line2", 1_210 * SECOND + Incidents.WINDOW_NANOS + 1);
        assertEquals(later.id(), incidents.assign(later));
        assertNotEquals(first.id(), later.id());
    }

    @Test
    void atMostMaxOpenIncidentsAreFollowedTheLeastRecentlyExtendedLeaves() {
        Incidents incidents = new Incidents();
        Alert oldest = alert("10.0.0.1", "10.1.0.1", "a", SECOND);
        Alert kept = alert("10.0.0.2", "10.1.0.1", "a", SECOND);
        incidents.assign(oldest);
        incidents.assign(kept);
        for (int i = 0; i < Incidents.MAX_OPEN - 2; i++) {
            incidents.assign(alert("10.2." + (i >> 8) + "." + (i & 255), "10.1.0.1", "a", 2 * SECOND));
        }
        // extending `kept` makes it recent; one more new source pushes the least recent out: `oldest`
        assertEquals(kept.id(), incidents.assign(alert("10.0.0.2", "10.1.0.9", "a", 3 * SECOND)));
        incidents.assign(alert("10.3.0.1", "10.1.0.1", "a", 3 * SECOND));
        Alert again = alert("10.0.0.1", "10.1.0.2", "a", 4 * SECOND);
        assertEquals(again.id(), incidents.assign(again), "the oldest incident was closed by the budget");
        assertEquals(kept.id(), incidents.assign(alert("10.0.0.2", "10.1.0.3", "a", 4 * SECOND)));
    }
}
