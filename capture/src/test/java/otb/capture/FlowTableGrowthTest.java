package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flow table starts small and grows with its flows, finding every one after each doubling. */
class FlowTableGrowthTest {

    private static Packet packet(int client) {
        Packet packet = new Packet();
        packet.sourceLow = 0x0A00_0000L + client; // 10.0.x.x, one client per flow
        packet.destinationLow = 0x0A01_0001L;
        packet.sourcePort = 40_000 + (client & 0x3FFF);
        packet.destinationPort = 502;
        return packet;
    }

    @Test
    void aLargeBudgetAllocatesOnlyWhatTheFlowsNeed() {
        FlowTable table = new FlowTable(CaptureLimits.MAX_FLOWS);
        assertEquals(FlowTable.INITIAL_CAPACITY, table.capacity());
        List<FlowEntry> entries = new ArrayList<>();
        for (int client = 0; client < 5_000; client++) {
            table.key(packet(client));
            entries.add(table.insert());
        }
        assertTrue(table.capacity() >= 2 * 5_000 && table.capacity() <= 4 * 5_000, "grown: " + table.capacity());
        for (int client = 0; client < 5_000; client++) {
            table.key(packet(client));
            assertSame(entries.get(client), table.find());
        }
        assertSame(entries.get(0), table.oldest(), "the recency order survives the growth");
    }

    @Test
    void aSmallBudgetNeverGrowsPastItsOwnSize() {
        FlowTable table = new FlowTable(10);
        assertEquals(32, table.capacity());
        for (int client = 0; client < 10; client++) {
            table.key(packet(client));
            table.insert();
        }
        assertEquals(32, table.capacity());
        assertTrue(table.full());
    }
}
