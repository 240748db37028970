package otb.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The IEC 104 substation and the EtherNet/IP line are opt-in: the demo plant's frames are the
 * same beside them, {@code all} does not name their scenarios, and naming one adds them.
 */
class MoreProtocolsTest {
    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    private static boolean added(int address) {
        return (address >>> 16) == (Host.parse("10.21.0.0") >>> 16) || (address >>> 16) == (Host.parse("10.40.0.0")
                >>> 16);
    }

    @Test
    void theDemoPlantsFramesAreTheSameBesideTheSubstationAndTheLine() throws Exception {
        List<ScenarioRequest> all = ScenarioRequest.parseList("all");
        SimulatorRun demo = SimulatorRun.of(new SimulationOptions(3, START, Duration.ofMinutes(3), Long.MAX_VALUE, all,
                false));
        SimulatorRun both = SimulatorRun.of(new SimulationOptions(3, START, Duration.ofMinutes(3), Long.MAX_VALUE, all,
                false, null, true));
        List<CapturedFrame> demoFrames = both.frames().stream()
                .filter(frame -> !added(frame.source()) && !added(frame.destination())).toList();
        assertTrue(both.frames().size() > demoFrames.size() + 500, "the added parts' frames are there");
        assertEquals(demo.frames().size(), demoFrames.size());
        for (int i = 0; i < demoFrames.size(); i++) {
            assertEquals(demo.frames().get(i).time(), demoFrames.get(i).time(), "frame time " + i);
            assertArrayEquals(demo.frames().get(i).bytes(), demoFrames.get(i).bytes(), "frame " + i);
        }
        assertEquals(demo.result().labels().size(), both.result().labels().size());
    }

    @Test
    void allLeavesTheNewScenariosOutAndNamingOneAddsThePlantParts() throws Exception {
        List<ScenarioRequest> all = ScenarioRequest.parseList("all");
        assertFalse(all.stream().anyMatch(request -> request.kind().needsMoreProtocols()));
        assertFalse(new SimulationOptions(1, START, Duration.ofMinutes(1), Long.MAX_VALUE, all, false).moreProtocols());
        SimulationOptions named = new SimulationOptions(1, START, Duration.ofMinutes(10), Long.MAX_VALUE,
                ScenarioRequest.parseList("iec104_setpoint,cip_stop"), true);
        assertTrue(named.moreProtocols());
        SimulatorRun run = SimulatorRun.of(named);
        assertEquals(List.of("iec104_setpoint", "cip_stop"),
                run.result().labels().stream().map(label -> label.kind().kindName()).toList());
        assertTrue(run.result().hosts().stream().anyMatch(host -> host.name().equals("rtu-5")));
        assertTrue(run.result().hosts().stream().anyMatch(host -> host.name().equals("plc-4")));
        int iec104 = 0;
        int enip = 0;
        for (CapturedFrame frame : run.frames()) {
            if (frame.isTcp() && frame.payloadLength() > 0 && frame.sourcePort() == Iec104Codec.PORT) {
                iec104++;
            }
            if (frame.isTcp() && frame.payloadLength() > 0 && frame.sourcePort() == EnipCodec.PORT) {
                enip++;
            }
        }
        // rtu-5 sends measurands every 2 s, plc-4 answers a read every second, for 10 minutes
        assertTrue(iec104 > 280 && iec104 < 400, "IEC 104 frames from rtu-5: " + iec104);
        assertTrue(enip > 580 && enip < 620, "EtherNet/IP replies from plc-4: " + enip);
    }
}
