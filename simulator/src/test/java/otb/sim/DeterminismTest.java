package otb.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class DeterminismTest {
    private static final String ALL_EARLY = "new_device@10s,plc_stop@20s,program_download@40s,replayed_values@90s,"
            + "frozen_value@30s,polling_drift@20s,silent_channel@60s,request_flood@100s,scan@110s,"
            + "dnp3_cold_restart@50s,replayed_command@150s";

    @Test
    void sameSeedAndOptionsGiveIdenticalBytes() throws IOException {
        SimulationOptions options = SimulatorRun.options(42, "2026-03-02T08:00:00Z", Duration.ofMinutes(3), ALL_EARLY,
                false);
        SimulatorRun first = SimulatorRun.of(options);
        SimulatorRun second = SimulatorRun.of(options);
        assertTrue(first.frames().size() > 3000, "a 3-minute plant has thousands of frames");
        assertArrayEquals(first.pcap(), second.pcap());
        assertEquals(first.labelsJson(), second.labelsJson());
    }

    @Test
    void anotherSeedGivesAnotherCapture() throws IOException {
        SimulatorRun first = SimulatorRun.of(SimulatorRun.options(1, "2026-03-02T08:00:00Z", Duration.ofMinutes(1),
                "none", false));
        SimulatorRun second = SimulatorRun.of(SimulatorRun.options(2, "2026-03-02T08:00:00Z", Duration.ofMinutes(1),
                "none", false));
        assertFalse(Arrays.equals(first.pcap(), second.pcap()));
    }

    @Test
    void normalTrafficDoesNotDependOnWhichScenariosAreOn() throws IOException {
        // the scenarios draw from their own random streams: until the first injection the
        // capture with attacks is the clean capture, byte for byte
        SimulatorRun clean = SimulatorRun.of(SimulatorRun.options(5, "2026-03-02T08:00:00Z", Duration.ofMinutes(2),
                "none", false));
        SimulatorRun attacked = SimulatorRun.of(SimulatorRun.options(5, "2026-03-02T08:00:00Z", Duration.ofMinutes(2),
                "scan@60s", false));
        int firstInjected = attacked.label(ScenarioKind.SCAN).frame(0);
        for (int number = 1; number < firstInjected; number++) {
            assertArrayEquals(clean.frame(number).bytes(), attacked.frame(number).bytes(), "frame " + number);
            assertEquals(clean.frame(number).time(), attacked.frame(number).time(), "frame " + number);
        }
    }

    @Test
    void aLaterCaptureOfTheSamePlantIsNotACopy() throws IOException {
        SimulatorRun morning = SimulatorRun.of(SimulatorRun.options(7, "2026-03-02T08:00:00Z", Duration.ofMinutes(1),
                "none", true));
        SimulatorRun later = SimulatorRun.of(SimulatorRun.options(7, "2026-03-02T09:00:00Z", Duration.ofMinutes(1),
                "none", true));
        // same plant: same hosts and MAC addresses
        assertEquals(morning.result().hosts(), later.result().hosts());
        // but other noise, ports and sequence numbers
        assertNotEquals(Arrays.hashCode(morning.frame(100).payload()), Arrays.hashCode(later.frame(100).payload()));
    }

    @Test
    void labelsEndWithTheCapture() throws IOException {
        SimulatorRun run = SimulatorRun.of(SimulatorRun.options(4, "2026-03-02T08:00:00Z", Duration.ofMinutes(1),
                "frozen_value@50s,scan@2m", false));
        Label frozen = run.label(ScenarioKind.FROZEN_VALUE);
        long lastFrame = run.frames().get(run.frames().size() - 1).time();
        assertTrue(frozen.hasTimeRange());
        assertEquals(lastFrame, frozen.endNanos(), "a scenario still running ends with the capture");
        Label scan = run.label(ScenarioKind.SCAN);
        assertFalse(scan.hasTimeRange(), "a scenario that never began has no time range");
        assertEquals(0, scan.frameCount());
        assertTrue(run.labelsJson().contains("\"start\": null"), run.labelsJson());
    }
}
