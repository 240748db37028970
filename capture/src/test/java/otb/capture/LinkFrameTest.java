package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Layer-2 frames other than IP and ARP become flows between MAC-keyed addresses; ARP does not. */
class LinkFrameTest {
    static final long STATION = 0x001B_1B02_E61EL;
    static final long LLDP_GROUP = 0x0180_C200_000EL;

    static Packet frame(long time, long destination, long source, String afterSourceHex) {
        // Destination and source MAC (12 octets), then the EtherType (or a VLAN tag) and what follows.
        return Frames.packet(1, time, Frames.concat(java.util.Arrays.copyOf(Frames.ethernet(destination, source, 0), 12),
                Frames.hex(afterSourceHex)));
    }

    @Test
    void anLldpFrameIsADatagramFromTheStationToTheGroup() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        engine.accept(frame(0, LLDP_GROUP, STATION, "88cc 0207 04001b1b02e61e 0000"));
        engine.accept(frame(30_000_000_000L, LLDP_GROUP, STATION, "88cc 0207 04001b1b02e61e 0000"));
        engine.finish();
        assertEquals(1, listener.flows.size());
        RecordingListener.FlowRecord record = listener.flows.values().iterator().next();
        Flow flow = record.flow;
        assertEquals(Transport.ETHERNET, flow.transport());
        assertEquals("00:1b:1b:02:e6:1e", flow.client().toString());
        assertEquals("01:80:c2:00:00:0e", flow.server().toString());
        assertTrue(flow.client().isMac() && flow.client().isUnicast());
        assertTrue(flow.server().isGroup(), "the LLDP group address is a group");
        assertEquals(0x88CC, flow.serverPort());
        assertEquals(2, record.datagrams);
        assertEquals(2 * 11, record.bytes(Direction.TO_SERVER).size(), "the octets after the EtherType, each frame");
        assertEquals(2, flow.framesToServer());
        assertEquals(2 * 25, flow.bytesToServer(), "whole frames");
        assertEquals(30_000_000_000L, flow.lastSeenNanos());
    }

    @Test
    void aGooseFrameUnderAVlanTagKeepsItsVlanAndArpIsNoFlow() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        engine.accept(frame(0, 0x010C_CD01_0001L, STATION, "8100 000a 88b8 0001 0008 0000 0000"));
        engine.accept(frame(0, 0xFFFF_FFFF_FFFFL, STATION, "0806 0001 0800 0604 0001"));
        assertEquals(1, listener.flows.size());
        Flow flow = listener.flows.values().iterator().next().flow;
        assertEquals(10, flow.vlan());
        assertEquals(0x88B8, flow.serverPort());
        assertEquals(2, engine.counters().asMap().get("non_ip"));
    }

    @Test
    void macAddressesPrintAndParseAsMacs() {
        IpAddress address = IpAddress.mac(STATION);
        assertEquals(address, IpAddress.parse("00:1B:1B:02:E6:1E"));
        assertEquals(STATION, address.macBits());
        assertTrue(IpAddress.parse("1:2:3:4:5:6:7:8").v6() && !IpAddress.parse("1:2:3:4:5:6:7:8").isMac());
    }
}
