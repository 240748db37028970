package otb.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ScenarioRequestTest {
    @Test
    void allNamesTheDemosKindsInOrderWithDefaultOffsets() {
        List<ScenarioRequest> all = ScenarioRequest.parseList("all");
        List<ScenarioKind> demo = java.util.Arrays.stream(ScenarioKind.values()).filter(ScenarioKind::inAll).toList();
        assertEquals(18, demo.size(), "the demo's scenarios");
        assertEquals(demo.size(), all.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(demo.get(i), all.get(i).kind());
            assertNull(all.get(i).offset());
        }
        assertFalse(ScenarioKind.SEQUENCE_REPLAY.inAll());
        assertEquals(ScenarioKind.SEQUENCE_INJECTION,
                ScenarioRequest.parseList("sequence_injection").get(0).kind(), "named, it is injected");
        assertTrue(ScenarioRequest.parseList("none").isEmpty());
    }

    @Test
    void kindsWithOffsets() {
        List<ScenarioRequest> requests = ScenarioRequest.parseList("plc_stop@5m, scan@90s,frozen_value@1h2m3s,"
                + "silent_channel@PT2M,request_flood");
        assertEquals(new ScenarioRequest(ScenarioKind.PLC_STOP, Duration.ofMinutes(5)), requests.get(0));
        assertEquals(new ScenarioRequest(ScenarioKind.SCAN, Duration.ofSeconds(90)), requests.get(1));
        assertEquals(Duration.ofSeconds(3723), requests.get(2).offset());
        assertEquals(Duration.ofMinutes(2), requests.get(3).offset());
        assertNull(requests.get(4).offset());
        assertEquals(Duration.ofMillis(2500), ScenarioRequest.parseDuration("2.5s"));
    }

    @Test
    void badInputNamesTheProblem() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ScenarioRequest.parseList("plc_stop,plc_explode"));
        assertTrue(unknown.getMessage().contains("plc_explode"), unknown.getMessage());
        IllegalArgumentException offset = assertThrows(IllegalArgumentException.class,
                () -> ScenarioRequest.parseList("scan@soon"));
        assertTrue(offset.getMessage().contains("soon"), offset.getMessage());
    }

    @Test
    void kindNamesAreStable() {
        // these names are a contract with labels files and the baseline tests: never rename
        assertEquals(List.of("new_device", "new_conversation", "cross_cell_conversation", "new_function_code",
                "new_writer", "setpoint_out_of_range", "plc_stop", "program_download", "cpu_start", "dnp3_cold_restart",
                "dnp3_disable_unsolicited", "replayed_command", "replayed_values", "frozen_value", "polling_drift",
                "silent_channel", "request_flood", "scan", "sequence_replay", "sequence_injection", "iec104_setpoint",
                "cip_stop"),
                ScenarioRequest.kindNames());
    }
}
