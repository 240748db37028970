package otb.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** A plant size adds cells, servers and polled registers beside the demo plant, whose frames stay the same. */
class PlantSizeTest {
    private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

    private static boolean added(int address) {
        return (address >>> 20) == (Host.parse("172.16.0.0") >>> 20); // 172.16.0.0/12
    }

    @Test
    void theDemoPlantsFramesAreTheSameWithAnAddedPlant() throws Exception {
        List<ScenarioRequest> all = ScenarioRequest.parseList("all");
        SimulatorRun demo = SimulatorRun.of(new SimulationOptions(3, START, Duration.ofMinutes(3), Long.MAX_VALUE, all,
                false));
        SimulatorRun both = SimulatorRun.of(new SimulationOptions(3, START, Duration.ofMinutes(3), Long.MAX_VALUE, all,
                false, new PlantSize(2, 3, 130, 0.5, Duration.ofSeconds(1))));
        List<CapturedFrame> demoFrames = both.frames().stream()
                .filter(frame -> !added(frame.source()) && !added(frame.destination())).toList();
        assertTrue(both.frames().size() > demoFrames.size() + 1000, "the added plant's frames are there");
        assertEquals(demo.frames().size(), demoFrames.size());
        for (int i = 0; i < demoFrames.size(); i++) {
            assertEquals(demo.frames().get(i).time(), demoFrames.get(i).time(), "frame time " + i);
            assertArrayEquals(demo.frames().get(i).bytes(), demoFrames.get(i).bytes(), "frame " + i);
        }
        assertEquals(demo.result().labels().size(), both.result().labels().size());
    }

    @Test
    void theAddedPlantHasItsCellsServersAndReads() throws Exception {
        SimulatorRun run = SimulatorRun.of(new SimulationOptions(5, START, Duration.ofSeconds(20), Long.MAX_VALUE,
                List.of(), true, new PlantSize(2, 3, 130, 0.5, Duration.ofSeconds(1))));
        assertTrue(run.result().cells().stream().anyMatch(cell -> cell.name().equals("cell-2")
                && cell.cidr().equals("172.16.1.0/24")));
        Set<Integer> servers = new HashSet<>();
        int requests = 0;
        for (CapturedFrame frame : run.frames()) {
            if (added(frame.source()) && frame.isTcp() && frame.sourcePort() == 502 && frame.payloadLength() > 0) {
                servers.add(frame.source()); // a server's read response
            }
            if (frame.source() == Host.parse("172.16.0.5") && frame.bytes().length == 54 + 12) {
                requests++; // a Modbus read request: 7-byte MBAP header + 5-byte PDU
            }
        }
        assertTrue(servers.contains(Host.parse("172.16.0.10")) && servers.contains(Host.parse("172.16.1.12")),
                "servers .10 to .12 of each cell are polled");
        assertEquals(6, servers.size(), "2 cells x 3 servers answer");
        // 3 servers, 130 registers each in two reads (125 + 5), once a second for 20 s
        assertTrue(requests >= 3 * 2 * 19 && requests <= 3 * 2 * 21, "read requests of cell 1: " + requests);
    }

    @Test
    void aPlantSizeOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PlantSize(0, 1, 1, 0.5, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PlantSize(1, 241, 1, 0.5, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PlantSize(1, 1, 1, 1.5, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PlantSize(1, 1, 1, 0.5, Duration.ofMillis(1)));
    }
}
