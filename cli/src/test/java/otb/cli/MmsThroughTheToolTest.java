package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.cli.TemplateFrames.HEADERS;
import static otb.cli.TemplateFrames.frame;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import otb.capture.CaptureException;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.capture.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IEC 61850 MMS through the whole tool: a client's well-formed reads of an MMS server are learned
 * as mms (not S7comm) and raise nothing malformed; ITI's capture of an MMS stop request then
 * raises PROGRAM_OR_STOP by the MMS descriptor's effects.
 */
class MmsThroughTheToolTest {
    private static final Path STOP = Path.of("fixtures/pcaps/iec61850/mms-stopRequest.pcap");
    private static final Path PICCOLO = Path.of("fixtures/pcaps/iec61850/piccolo.pcap");
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aStopRequestToALearnedMmsServerRaisesProgramOrStop() throws Exception {
        Path learn = readsBefore(STOP, dir.resolve("learn.pcap"));
        CliRun dissect = CliRun.run("dissect", "--format", "jsonl", learn.toString());
        assertEquals(ExitCode.OK, dissect.exitCode(), dissect.err());
        assertTrue(dissect.out().lines().allMatch(l -> l.contains("\"proto\":\"mms\"")), "all mms: " + dissect.out());
        assertFalse(dissect.out().contains("\"malformed\""), dissect.out());
        assertFalse(dissect.out().contains("\"anomalies\""), dissect.out());

        String db = dir.resolve("mms.db").toString();
        CliRun learned = CliRun.run("learn", learn.toString(), "--fresh", "--db", db, "-q");
        assertEquals(ExitCode.OK, learned.exitCode(), learned.err());

        List<String> stop = analyze(STOP, db, "stop");
        assertTrue(stop.stream().anyMatch(a -> a.contains("\"PROGRAM_OR_STOP\"") && a.contains("\"proto\":\"mms\"")
                && a.contains("\"func_name\":\"stop\"")), "ISO 9506-1 clause 12: stop stops the program: " + stop);
        assertTrue(stop.stream().anyMatch(a -> a.contains("\"PROGRAM_OR_STOP\"") && a.contains("\"func_name\":\"start\"")),
                stop::toString);
        assertFalse(stop.stream().anyMatch(a -> a.contains("\"NEW_ASSET\"")), "client and server were learned: " + stop);
        assertFalse(stop.stream().anyMatch(a -> a.contains("\"s7comm\"")), stop::toString);
        // the capture's server answers are not TPKTs (Wireshark: "TPKT Continuation"): malformed, and only those
        assertTrue(stop.stream().filter(a -> a.contains("\"MALFORMED\""))
                .allMatch(a -> a.contains("bad_tpkt_header") && a.contains("\"proto\":\"mms\"")), stop::toString);

        CliRun inventory = CliRun.run("inventory", "--db", db, "--format", "csv");
        assertEquals(ExitCode.OK, inventory.exitCode(), inventory.err());
        assertTrue(inventory.out().contains("mms_server"), inventory.out());
        assertFalse(inventory.out().contains("s7_plc"), inventory.out());
    }

    /** A real IED's association (piccolo.pcap), learned from its first half: the second raises no MALFORMED. */
    @Test
    void wellFormedMmsRaisesNoMalformed() throws Exception {
        Path first = dir.resolve("first.pcap");
        Path second = dir.resolve("second.pcap");
        CaptureHalves.split(PICCOLO, first, second);
        String db = dir.resolve("piccolo.db").toString();
        CliRun learned = CliRun.run("learn", first.toString(), "--fresh", "--db", db, "-q");
        assertEquals(ExitCode.OK, learned.exitCode(), learned.err());
        List<String> alerts = analyze(second, db, "piccolo");
        assertFalse(alerts.stream().anyMatch(a -> a.contains("\"MALFORMED\"")), alerts::toString);
        CliRun dissect = CliRun.run("dissect", "--format", "jsonl", PICCOLO.toString());
        assertEquals(5, dissect.out().lines().filter(l -> l.contains("\"proto\":\"mms\"")).count(), dissect.out());
        assertFalse(dissect.out().contains("malformed") || dissect.out().contains("anomalies"), dissect.out());
    }

    private List<String> analyze(Path capture, String db, String name) throws IOException {
        Path alerts = dir.resolve(name + ".alerts.jsonl");
        CliRun analyze = CliRun.run("analyze", capture.toString(), "--db", db, "--jsonl", alerts.toString(),
                "--no-store", "-q");
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        return Files.readAllLines(alerts);
    }

    /**
     * Two minutes of the stop capture's client reading one variable of its server once a second,
     * each read answered, ending a minute before the capture: the client's own headers, its
     * connection request and a well-formed confirm, then MMS straight in COTP data as that client
     * sends it (ISO 9506-2 7.2: confirmed-RequestPDU {invokeID, read {variableAccessSpecification
     * [1] {listOfVariable [0] {SEQUENCE {name [0] {vmd-specific [0] "mu"}}}}}}).
     */
    private static Path readsBefore(Path capture, Path file) throws IOException, CaptureException {
        List<byte[]> frames = new ArrayList<>();
        long[] time = new long[1];
        try (PacketSource source = CaptureFiles.open(capture)) {
            source.run(packet -> {
                ByteBuffer frame = packet.frame();
                byte[] bytes = new byte[frame.remaining()];
                frame.duplicate().get(bytes);
                if (frames.isEmpty()) {
                    time[0] = packet.timestampNanos();
                }
                frames.add(bytes);
            });
        }
        byte[] template = frames.get(3);                                    // frame 4: the client's CR
        byte[] request = Arrays.copyOfRange(template, HEADERS, template.length);
        byte[] confirm = {0x03, 0x00, 0x00, 0x0B, 0x06, (byte) 0xD0, 0x00, 0x06, 0x00, 0x04, 0x00}; // CC, class 0
        long start = time[0] - 180 * SECOND;
        long[] sequence = {1_000_000, 2_000_000};
        try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out, 1, 65535)) {
            pcap.write(start, frame(template, false, sequence, request));
            pcap.write(start + 1_000_000, frame(template, true, sequence, confirm));
            for (int cycle = 1; cycle <= 120; cycle++) {
                long nanos = start + cycle * SECOND;
                int invoke = cycle & 0x7F;
                byte[] read = dataTpdu(0xA0, 0x10, 0x02, 0x01, invoke, 0xA4, 0x0B, 0xA1, 0x09, 0xA0, 0x07,
                        0x30, 0x05, 0xA0, 0x03, 0x80, 0x01, 'x');          // the read of "x"
                byte[] answer = dataTpdu(0xA1, 0x0A, 0x02, 0x01, invoke, 0xA4, 0x05, 0xA1, 0x03, 0x85, 0x01, 0x2A);
                // confirmed-ResponsePDU {invokeID, read {listOfAccessResult [1] {success: integer [5] 42}}}
                pcap.write(nanos, frame(template, false, sequence, read));
                pcap.write(nanos + 2_000_000, frame(template, true, sequence, answer));
            }
        }
        return file;
    }

    /** TPKT (RFC 1006) and COTP DT with EOT (ISO 8073 13.7) around an MMS PDU. */
    private static byte[] dataTpdu(int... mms) {
        byte[] b = new byte[7 + mms.length];
        b[0] = 0x03;
        b[3] = (byte) b.length;
        b[4] = 0x02;
        b[5] = (byte) 0xF0;
        b[6] = (byte) 0x80;
        for (int i = 0; i < mms.length; i++) {
            b[7 + i] = (byte) mms[i];
        }
        return b;
    }

}
