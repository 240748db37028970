package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.cli.TemplateFrames.HEADERS;
import static otb.cli.TemplateFrames.frame;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import otb.capture.CaptureException;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.capture.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EtherNet/IP and CIP through the whole tool: a controller's polling is learned, and ITI's
 * captures of a controller being stopped, started and unlocked then raise PROGRAM_OR_STOP by the
 * CIP descriptor's effects; a split of the clean cip_only capture raises none.
 */
class EthernetIpThroughTheToolTest {
    private static final Path STOP = Path.of("fixtures/pcaps/other/cip_stop_plc.pcap");
    private static final Path START = Path.of("fixtures/pcaps/enip/cip_start_plc.pcap");
    private static final Path UNLOCK = Path.of("fixtures/pcaps/enip/cip_unlock_cpu.pcap");
    private static final Path CIP_ONLY = Path.of("fixtures/pcaps/enip/cip_only.pcap");
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void stopAndStartOfALearnedControllerRaiseProgramOrStop() throws Exception {
        Path learn = pollingBefore(STOP, dir.resolve("learn.pcap"));
        String db = dir.resolve("cip.db").toString();
        CliRun learned = CliRun.run("learn", learn.toString(), "--fresh", "--db", db, "-q");
        assertEquals(ExitCode.OK, learned.exitCode(), learned.err());

        List<String> stop = analyze(STOP, db, "stop");
        assertTrue(stop.stream().anyMatch(a -> a.contains("\"PROGRAM_OR_STOP\"") && a.contains("\"func_name\":\"stop\"")
                && a.contains("\"proto\":\"cip\"")), "the descriptor says Stop stops the controller: " + stop);
        assertFalse(stop.stream().anyMatch(a -> a.contains("\"NEW_ASSET\"") || a.contains("\"NEW_CONVERSATION\"")),
                "the controller and its scanner were learned: " + stop);

        List<String> start = analyze(START, db, "start");
        assertTrue(start.stream().anyMatch(a -> a.contains("\"PROGRAM_OR_STOP\"") && a.contains("\"func_name\":\"start\"")),
                start::toString);
        List<String> unlock = analyze(UNLOCK, db, "unlock");
        assertTrue(unlock.stream().anyMatch(a -> a.contains("\"PROGRAM_OR_STOP\"")
                && a.contains("\"func_name\":\"controller_service_0x4c\"")), unlock::toString);

        CliRun inventory = CliRun.run("inventory", "--db", db, "--format", "csv");
        assertEquals(ExitCode.OK, inventory.exitCode(), inventory.err());
        assertTrue(inventory.out().lines().anyMatch(l -> l.contains("192.168.1.30") && l.contains("cip_target")),
                inventory.out());
    }

    @Test
    void aSplitOfTheCleanCaptureRaisesNoProgramOrStop() throws Exception {
        Path first = dir.resolve("first.pcap");
        Path second = dir.resolve("second.pcap");
        CaptureHalves.split(CIP_ONLY, first, second);
        String db = dir.resolve("split.db").toString();
        CliRun learned = CliRun.run("learn", first.toString(), "--fresh", "--db", db, "-q");
        assertEquals(ExitCode.OK, learned.exitCode(), learned.err());
        List<String> alerts = analyze(second, db, "split");
        assertFalse(alerts.stream().anyMatch(a -> a.contains("\"PROGRAM_OR_STOP\"")), alerts::toString);
        assertFalse(alerts.stream().anyMatch(a -> a.contains("\"NEW_FUNCTION_CODE\"")), alerts::toString);

        CliRun dissect = CliRun.run("dissect", "--format", "jsonl", CIP_ONLY.toString());
        assertEquals(ExitCode.OK, dissect.exitCode(), dissect.err());
        assertTrue(dissect.out().contains("\"proto\":\"cip\",\"dir\":\"request\",\"unit\":0,\"func\":84,"
                + "\"func_name\":\"forward_open\",\"op\":\"management\""), "Forward Open is a cip record");
    }

    private List<String> analyze(Path capture, String db, String name) throws IOException {
        Path alerts = dir.resolve(name + ".alerts.jsonl");
        CliRun analyze = CliRun.run("analyze", capture.toString(), "--db", db, "--jsonl", alerts.toString(),
                "--no-store", "-q");
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        return Files.readAllLines(alerts);
    }

    /**
     * Two minutes of the stop capture's scanner reading attribute 1 of the controller object
     * (class 0x8E, instance 1) once a second over its connection, each read answered, ending a
     * minute before the capture's frame: the frame's own headers, with the encapsulation message
     * replaced.
     */
    private static Path pollingBefore(Path capture, Path file) throws IOException, CaptureException {
        byte[][] template = new byte[1][];
        long[] time = new long[1];
        try (PacketSource source = CaptureFiles.open(capture)) {
            source.run(packet -> {
                ByteBuffer frame = packet.frame();
                template[0] = new byte[frame.remaining()];
                frame.duplicate().get(template[0]);
                time[0] = packet.timestampNanos();
            });
        }
        long connection = ByteBuffer.wrap(template[0], HEADERS + 30, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()
                & 0xFFFF_FFFFL;
        long start = time[0] - 180 * SECOND;
        long[] sequence = {1_000_000, 2_000_000};
        try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out, 1, 65535)) {
            for (int cycle = 0; cycle < 120; cycle++) {
                long nanos = start + cycle * SECOND;
                byte[] read = sendUnitData(connection, cycle, new byte[] {
                    0x0E, 0x03, 0x20, (byte) 0x8E, 0x24, 0x01, 0x30, 0x01}); // Get_Attribute_Single 0x8E/1/1
                byte[] answer = sendUnitData(0x00AB0001L, cycle, new byte[] {
                    (byte) 0x8E, 0x00, 0x00, 0x00, 0x06, 0x00}); // reply, success, value 6
                pcap.write(nanos, frame(template[0], false, sequence, read));
                pcap.write(nanos + 2_000_000, frame(template[0], true, sequence, answer));
            }
        }
        return file;
    }

    /** Vol 2 2-3 and 2-6: SendUnitData, session of the template, connected address and data items. */
    private static byte[] sendUnitData(long connection, int count, byte[] cip) {
        ByteBuffer b = ByteBuffer.allocate(24 + 6 + 2 + 8 + 4 + 2 + cip.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x70).putShort((short) (b.capacity() - 24)).putInt(0x002A0001).putInt(0).putLong(0)
                .putInt(0);                                     // header: command, length, session, status, context, options
        b.putInt(0).putShort((short) 1).putShort((short) 2);    // interface handle, timeout, item count
        b.putShort((short) 0xA1).putShort((short) 4).putInt((int) connection);  // connected address item
        b.putShort((short) 0xB1).putShort((short) (cip.length + 2)).putShort((short) count).put(cip);
        return b.array();
    }

}
