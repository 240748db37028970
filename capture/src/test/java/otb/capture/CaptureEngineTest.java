package otb.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flow table, ticks, UDP, fragments, rotated files and VLAN variants of real captures. */
class CaptureEngineTest {
    static final long SECOND = 1_000_000_000L;
    static final int A = 0x0A00_0001;
    static final int B = 0x0A00_0002;

    @TempDir
    Path directory;

    static CaptureLimits limits(int maxFlows, long idleNanos) {
        return new CaptureLimits(maxFlows, idleNanos, 1 << 16, 1 << 20, 4, 1 << 14, 2 * SECOND);
    }

    static Packet udp(long time, int source, int sourcePort, int destination, int destinationPort, String payloadHex) {
        return Frames.packet(1, time, Frames.udpFrame(source, sourcePort, destination, destinationPort,
                Frames.hex(payloadHex)));
    }

    @Test
    void serverFromPortHeuristics() {
        assertTrue(ServerPorts.destinationIsServer(50000, 502));
        assertFalse(ServerPorts.destinationIsServer(502, 50000));
        assertTrue(ServerPorts.destinationIsServer(1025, 20000), "DNP3 beats a lower unknown port");
        assertFalse(ServerPorts.destinationIsServer(102, 1024));
        assertTrue(ServerPorts.destinationIsServer(3000, 80), "system port");
        assertTrue(ServerPorts.destinationIsServer(60000, 8080), "lower port");
        assertTrue(ServerPorts.destinationIsServer(20000, 20000), "same port: the sender is the client");
        assertTrue(ServerPorts.destinationIsServer(44818, 102), "both known: the lower");
    }

    @Test
    void aGroupIsTheServerOfItsFlowWhateverThePorts() {
        // Ports alone would make 546 the server: 546 < 547, both system ports.
        assertFalse(ServerPorts.destinationIsServer(546, 547));
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        engine.accept(udp(0, A, 546, IpAddress.parse("239.255.255.250").ipv4Bits(), 547, "01"));  // multicast
        engine.accept(udp(0, A, 546, 0xFFFF_FFFF, 547, "02"));                                  // broadcast
        byte[] directed = Frames.udpFrame(A, 546, IpAddress.parse("10.0.0.255").ipv4Bits(), 547, new byte[1]);
        directed[0] = (byte) 0xFF;                                      // to the broadcast MAC (ff:...:02)
        engine.accept(Frames.packet(1, 0, directed));
        engine.accept(udp(0, A, 546, B, 547, "03"));                    // to one device: the ports decide
        engine.finish();
        List<String> flows = listener.flows.values().stream()
                .map(f -> f.flow.client() + ":" + f.flow.clientPort() + " -> " + f.flow.server() + ":" + f.flow.serverPort())
                .toList();
        assertEquals(List.of("10.0.0.1:546 -> 239.255.255.250:547", "10.0.0.1:546 -> 255.255.255.255:547",
                "10.0.0.1:546 -> 10.0.0.255:547", "10.0.0.2:547 -> 10.0.0.1:546"), flows);
    }

    @Test
    void onRealCapturesNoFlowHasAGroupForClient() throws Exception {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        for (String capture : List.of("other/wrapup.pcapng", "other/090813_diverse.pcap")) {
            try (PacketSource source = CaptureFiles.open(Path.of("fixtures/pcaps", capture))) {
                source.run(engine::accept);
            }
        }
        engine.finish();
        List<Flow> flows = listener.flows.values().stream().map(f -> f.flow).toList();
        assertTrue(flows.stream().noneMatch(f -> f.client().isGroup() || Flow.isGroupMac(f.clientMac())),
                "a group never sends");
        // wrapup.pcapng frames 8357..8728 (tshark): DHCPv6 Solicits, fe80::98a:de6e:a5a4:6cfa port 546 to ff02::1:2 port 547
        assertEquals(1, flows.stream().filter(f -> f.server().equals(IpAddress.parse("ff02::1:2"))
                && f.client().equals(IpAddress.parse("fe80::98a:de6e:a5a4:6cfa")) && f.serverPort() == 547).count());
        // 090813_diverse.pcap frame 143: a browser announcement to 10.0.0.255 (the broadcast MAC)
        Flow announcement = flows.stream().filter(f -> f.server().equals(IpAddress.parse("10.0.0.255"))).findFirst()
                .orElseThrow();
        assertFalse(Flow.isDevice(announcement.server(), announcement.serverMac()), "a directed broadcast");
        assertTrue(Flow.isDevice(announcement.client(), announcement.clientMac()));
    }

    @Test
    void groupAndUnicastAddresses() {
        for (String group : List.of("224.0.0.251", "239.255.255.250", "255.255.255.255", "ff02::1:2", "ff05::c")) {
            assertTrue(IpAddress.parse(group).isGroup(), group);
            assertFalse(IpAddress.parse(group).isUnicast(), group);
        }
        for (String device : List.of("10.0.0.1", "223.255.255.255", "240.0.0.1", "fe80::1", "2001:db8::ff")) {
            assertFalse(IpAddress.parse(device).isGroup(), device);
            assertTrue(IpAddress.parse(device).isUnicast(), device);
        }
        for (String unspecified : List.of("0.0.0.0", "::")) {
            assertFalse(IpAddress.parse(unspecified).isGroup(), unspecified);
            assertFalse(IpAddress.parse(unspecified).isUnicast(), unspecified);
        }
        assertTrue(Flow.isGroupMac(0xFFFF_FFFF_FFFFL));
        assertTrue(Flow.isGroupMac(0x0100_5E00_00FBL), "IPv4 multicast MAC");
        assertFalse(Flow.isGroupMac(0x0200_0000_0001L), "locally administered unicast");
        assertFalse(Flow.isGroupMac(0), "no MAC");
    }

    @Test
    void udpDatagramsOnOneFlowInBothDirections() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        engine.accept(udp(0, B, 20000, A, 61000, "056401"));   // outstation answers first
        engine.accept(udp(0, A, 61000, B, 20000, "0564"));
        engine.accept(udp(0, A, 61000, B, 20000, ""));         // empty datagram: nothing delivered
        engine.finish();
        assertEquals(1, listener.flows.size());
        RecordingListener.FlowRecord flow = listener.flows.get(1L);
        assertEquals(Transport.UDP, flow.flow.transport());
        assertEquals(20000, flow.flow.serverPort());
        assertEquals("10.0.0.2", flow.flow.server().toString());
        assertEquals(List.of("TO_CLIENT data 3", "TO_SERVER data 2"), flow.events);
        assertEquals(FlowListener.FlowEnd.END_OF_INPUT, flow.end);
        assertEquals(3L, engine.counters().asMap().get("udp_datagrams"));
    }

    /** Raw IPv6 + UDP from 2001:db8::SOURCE (high word {@code sourceHigh}) to 2001:db8::2. */
    static byte[] ipv6Udp(long sourceHigh, int sourcePort, byte[] payload) {
        byte[] datagram = Frames.udp(sourcePort, 502, payload);
        ByteBuffer b = ByteBuffer.allocate(40 + datagram.length);
        b.putInt(0x6000_0000).putShort((short) datagram.length).put((byte) 17).put((byte) 64)
                .putLong(sourceHigh).putLong(1).putLong(0x2001_0db8_0000_0000L).putLong(2).put(datagram);
        return b.array();
    }

    @Test
    void ipv6FlowsAreKeyedOnAll128Bits() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        engine.accept(Frames.packet(229, 0, ipv6Udp(0x2001_0db8_0000_0000L, 40000, new byte[3])));
        engine.accept(Frames.packet(229, 0, ipv6Udp(0x2001_0db8_0000_0001L, 40000, new byte[3])));  // other /64
        engine.accept(Frames.packet(229, 0, ipv6Udp(0x2001_0db8_0000_0000L, 40000, new byte[5])));
        assertEquals(2, listener.flows.size());
        RecordingListener.FlowRecord first = listener.flows.get(1L);
        assertEquals("2001:db8::1", first.flow.client().toString());
        assertEquals("2001:db8:0:1::1", listener.flows.get(2L).flow.client().toString());
        assertEquals("2001:db8::2", first.flow.server().toString());
        assertEquals(List.of("TO_SERVER data 3", "TO_SERVER data 5"), first.events);
    }

    @Test
    void vlanIsPartOfTheFlowKey() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        byte[] untagged = Frames.udpFrame(A, 1000, B, 2000, new byte[4]);
        engine.accept(Frames.packet(1, 0, untagged));
        engine.accept(Frames.packet(1, 0, withVlanTags(untagged, 0x8100, 7)));
        engine.accept(Frames.packet(1, 0, withVlanTags(untagged, 0x8100, 7)));
        assertEquals(2, listener.flows.size());
        assertEquals(0, listener.flows.get(1L).flow.vlan());
        assertEquals(7, listener.flows.get(2L).flow.vlan());
        assertEquals(2, listener.flows.get(2L).datagrams);
    }

    @Test
    void idleFlowsEndOnCaptureTimeAndTicksComeEverySecond() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(limits(10, 5 * SECOND), listener);
        long start = 1_700_000_000L * SECOND + 300_000_000L;
        engine.accept(udp(start, A, 5000, B, 502, "01"));
        // Flow 2 stays busy; flow 1 ends at the first tick 5 s or more after its last packet
        // (ticks come when capture time passes a whole second: 6.0 s here, seen at 6.6 s).
        for (int i = 1; i <= 9; i++) {
            engine.accept(udp(start + i * 700_000_000L, A, 6000, B, 502, "02"));
            assertEquals(i < 9 ? null : FlowListener.FlowEnd.IDLE_TIMEOUT, listener.flows.get(1L).end, "packet " + i);
        }
        assertEquals(FlowListener.FlowEnd.IDLE_TIMEOUT, listener.flows.get(1L).end);
        assertNull(listener.flows.get(2L).end);
        assertEquals(1L, engine.counters().asMap().get("flows_timed_out"));
        // A tick at least once per second of capture time.
        for (int i = 1; i < listener.ticks.size(); i++) {
            assertTrue(listener.ticks.get(i) - listener.ticks.get(i - 1) <= SECOND + 700_000_000L);
            assertTrue(listener.ticks.get(i) > listener.ticks.get(i - 1));
        }
        assertTrue(listener.ticks.size() >= 5, "ticks: " + listener.ticks);
        // The flow comes back after its timeout as a new flow.
        engine.accept(udp(start + 20 * SECOND, A, 5000, B, 502, "03"));
        assertEquals(3, listener.flows.size());
        int ticks = listener.ticks.size();
        engine.finish();
        assertEquals(ticks + 1, listener.ticks.size(), "a last tick at the end of input");
        assertEquals(start + 20 * SECOND, listener.ticks.get(listener.ticks.size() - 1));
    }

    @Test
    void leastRecentlyUsedFlowIsEvictedAtMaxFlows() {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(limits(2, 3600 * SECOND), listener);
        engine.accept(udp(0, A, 1001, B, 502, "01"));    // flow 1
        engine.accept(udp(0, A, 1002, B, 502, "02"));    // flow 2
        engine.accept(udp(0, A, 1001, B, 502, "03"));    // flow 1 used again
        engine.accept(udp(0, A, 1003, B, 502, "04"));    // flow 3 evicts flow 2
        assertEquals(FlowListener.FlowEnd.EVICTED, listener.flows.get(2L).end);
        assertNull(listener.flows.get(1L).end);
        engine.accept(udp(0, A, 1004, B, 502, "05"));    // flow 4 evicts flow 1
        assertEquals(FlowListener.FlowEnd.EVICTED, listener.flows.get(1L).end);
        assertEquals(2L, engine.counters().asMap().get("flows_evicted"));
        engine.finish();
        assertEquals(4, listener.ended);
    }

    @Test
    void manyFlowsThroughASmallTableKeepItsInvariants() {
        // Insertions and removals that wrap around the open-addressing table.
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(limits(50, 3600 * SECOND), listener);
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 20_000; i++) {
            engine.accept(udp(i, A + random.nextInt(40), 1024 + random.nextInt(40), B, 502, "00"));
        }
        engine.finish();
        Map<String, Long> counters = engine.counters().asMap();
        assertEquals(counters.get("flows"), (long) listener.flows.size());
        assertEquals(listener.started, listener.ended);
        assertEquals(counters.get("flows") - 50, counters.get("flows_evicted"), "all but a full table evicted");
        assertEquals(50, listener.flows.values().stream().filter(f -> f.end == FlowListener.FlowEnd.END_OF_INPUT).count());
        long delivered = listener.flows.values().stream().mapToLong(f -> f.datagrams).sum();
        assertEquals(20_000, delivered, "every datagram reached its flow");
    }

    /** IPv4 fragments of one UDP datagram of 3000 payload bytes, 1480 bytes of data each. */
    static List<byte[]> fragmentedUdp(int identification, byte[] payload) {
        byte[] datagram = Frames.udp(20000, 20000, payload);
        List<byte[]> fragments = new ArrayList<>();
        for (int offset = 0; offset < datagram.length; offset += 1480) {
            int length = Math.min(1480, datagram.length - offset);
            boolean more = offset + length < datagram.length;
            fragments.add(Frames.concat(Frames.ethernet(2, 1, 0x0800),
                    Frames.ipv4(A, B, 17, length, identification, (more ? 0x2000 : 0) | offset / 8),
                    Arrays.copyOfRange(datagram, offset, offset + length)));
        }
        return fragments;
    }

    @Test
    void ipv4FragmentsAreReassembledInAnyOrder() {
        byte[] payload = TcpReassemblyTest.stream(3000, 12);
        List<byte[]> fragments = fragmentedUdp(77, payload);
        assertEquals(3, fragments.size());
        int[][] orders = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {2, 0, 1, 1}};
        for (int[] order : orders) {
            RecordingListener listener = new RecordingListener();
            CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
            for (int index : order) {
                engine.accept(Frames.packet(1, 0, fragments.get(index)));
            }
            engine.finish();
            RecordingListener.FlowRecord flow = listener.flows.get(1L);
            assertArrayEquals(payload, flow.toServer.toByteArray(), Arrays.toString(order));
            assertEquals(1, flow.datagrams);
            assertEquals(3L, engine.counters().asMap().get("fragments_reassembled"));
        }
    }

    @Test
    void fragmentReassemblyIsBoundedInCountBytesAndTime() {
        byte[] payload = new byte[3000];
        RecordingListener listener = new RecordingListener();
        // At most 4 datagrams, 16 KiB, 2 s.
        CaptureEngine engine = new CaptureEngine(limits(10, 3600 * SECOND), listener);
        for (int id = 1; id <= 6; id++) {
            engine.accept(Frames.packet(1, 0, fragmentedUdp(id, payload).get(0)));
        }
        Map<String, Long> counters = engine.counters().asMap();
        assertEquals(2L, counters.get("fragments_dropped"), "datagrams 1 and 2 made room for 5 and 6");
        // Completing datagram 1 now fails (its first fragment is gone); datagram 6 completes.
        for (byte[] fragment : fragmentedUdp(6, payload).subList(1, 3)) {
            engine.accept(Frames.packet(1, 0, fragment));
        }
        assertEquals(1, listener.flows.size());
        // Time bound: 3 s later the incomplete datagrams 3, 4, 5 are dropped.
        engine.accept(udp(3 * SECOND, A, 1, B, 2, "00"));
        assertEquals(5L, engine.counters().asMap().get("fragments_dropped"));
        // Byte bound: a datagram claiming 65000 bytes exceeds the 16 KiB held in all.
        byte[] far = Frames.concat(Frames.ethernet(2, 1, 0x0800), Frames.ipv4(A, B, 17, 8, 99, 0x2000 | 8000),
                new byte[8]);
        engine.accept(Frames.packet(1, 3 * SECOND, far));
        assertEquals(6L, engine.counters().asMap().get("fragments_dropped"));
    }

    /** Inserts VLAN tags after the MAC addresses of an Ethernet frame (tpid, vid pairs). */
    static byte[] withVlanTags(byte[] frame, int... tags) {
        ByteBuffer out = ByteBuffer.allocate(frame.length + tags.length * 2);
        out.put(frame, 0, 12);
        for (int i = 0; i < tags.length; i += 2) {
            out.putShort((short) tags[i]).putShort((short) tags[i + 1]);
        }
        out.put(frame, 12, frame.length - 12);
        return out.array();
    }

    /** Rewrites an Ethernet capture with {@code tags} inserted into every frame. */
    Path tagged(Path capture, String name, int... tags) throws Exception {
        Path out = directory.resolve(name);
        try (OutputStream stream = Files.newOutputStream(out);
             PcapWriter writer = new PcapWriter(stream, 1, 65535);
             PacketSource source = CaptureFiles.open(capture)) {
            source.run(p -> {
                byte[] bytes = new byte[p.capturedLength()];
                p.frame().get(0, bytes);
                try {
                    writer.write(p.timestampNanos(), withVlanTags(bytes, tags));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
        return out;
    }

    static RecordingListener run(Path... files) throws CaptureException {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        for (Path file : files) {
            try (PacketSource source = CaptureFiles.open(file)) {
                engine.process(source);
            }
        }
        engine.finish();
        return listener;
    }

    static void assertSameStreams(RecordingListener expected, RecordingListener actual, int vlan) {
        assertEquals(expected.flows.size(), actual.flows.size());
        for (var entry : expected.flows.entrySet()) {
            RecordingListener.FlowRecord want = entry.getValue();
            RecordingListener.FlowRecord got = actual.flows.get(entry.getKey());
            assertEquals(want.flow.client(), got.flow.client());
            assertEquals(want.flow.serverPort(), got.flow.serverPort());
            assertEquals(vlan, got.flow.vlan());
            assertArrayEquals(want.toServer.toByteArray(), got.toServer.toByteArray());
            assertArrayEquals(want.toClient.toByteArray(), got.toClient.toByteArray());
            assertEquals(want.end, got.end);
        }
    }

    @Test
    void vlanAndQinqVariantsOfARealCapture() throws Exception {
        Path capture = CaptureFilesManifestTest.PCAPS.resolve("modbus/ModbusTCP.pcap");
        RecordingListener plain = run(capture);
        assertSameStreams(plain, run(tagged(capture, "vlan.pcap", 0x8100, 42)), 42);
        assertSameStreams(plain, run(tagged(capture, "qinq.pcap", 0x88A8, 100, 0x8100, 42)), 42);
    }

    @Test
    void rotatedFilesKeepFlowsAndRestartFrameNumbers() throws Exception {
        Path capture = CaptureFilesManifestTest.PCAPS.resolve("s7comm/s7comm_clean.pcap");
        // Split into two files at frame 2000.
        Path first = directory.resolve("part1.pcap");
        Path second = directory.resolve("part2.pcap");
        try (OutputStream one = Files.newOutputStream(first); OutputStream two = Files.newOutputStream(second);
             PcapWriter writerOne = new PcapWriter(one, 1, 65535); PcapWriter writerTwo = new PcapWriter(two, 1, 65535);
             PacketSource source = CaptureFiles.open(capture)) {
            source.run(p -> {
                byte[] bytes = new byte[p.capturedLength()];
                p.frame().get(0, bytes);
                try {
                    (p.frameNumber() <= 2000 ? writerOne : writerTwo).write(p.timestampNanos(), bytes);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
        RecordingListener whole = run(capture);
        RecordingListener rotated = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), rotated);
        List<String> firstFrames = new ArrayList<>();
        engine.frameObserver(p -> {
            if (p.frameNumber() == 1) {
                firstFrames.add(p.source());
            }
        });
        for (Path file : List.of(first, second)) {
            try (PacketSource source = CaptureFiles.open(file)) {
                engine.process(source);
            }
        }
        engine.finish();
        assertEquals(List.of(first.toString(), second.toString()), firstFrames);
        assertSameStreams(whole, rotated, 0);
        assertEquals(1, rotated.flows.size(), "the flow carried over to the second file");
    }
}
