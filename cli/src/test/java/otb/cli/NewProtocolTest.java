package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import otb.capture.Frames;
import otb.capture.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A protocol that exists only in this module's test sources (package {@code otb.cli.testprotocol}
 * and its registration in {@code src/test/resources/META-INF/services}) goes through dissect,
 * learn, analyze, report and inventory like a shipped one: the protocol descriptor is the only
 * thing the rest of otb reads of a protocol.
 */
class NewProtocolTest {
    private static final int ETHERNET = 1;
    private static final int CLIENT = 0x0A090001; // 10.9.0.1
    private static final int SERVER = 0x0A090002; // 10.9.0.2
    private static final int PORT = 47001;
    private static final long START = 1_780_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aProtocolDefinedInTestSourcesIsLearnedDetectedReportedAndInventoried() throws IOException {
        Path learnCapture = capture(dir.resolve("learn.pcap"), false);
        Path attackCapture = capture(dir.resolve("attack.pcap"), true);
        String db = dir.resolve("tpx.db").toString();

        CliRun dissect = CliRun.run("dissect", "--format", "jsonl", attackCapture.toString());
        assertEquals(ExitCode.OK, dissect.exitCode(), dissect.err());
        assertTrue(dissect.out().contains("\"proto\":\"tpx\",\"dir\":\"request\",\"unit\":0,\"func\":3,"
                + "\"func_name\":\"halt\",\"op\":\"control\""), dissect.out());

        CliRun learn = CliRun.run("learn", learnCapture.toString(), "--fresh", "--db", db);
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());

        Path alerts = dir.resolve("alerts.jsonl");
        CliRun analyze = CliRun.run("analyze", attackCapture.toString(), "--db", db, "--jsonl", alerts.toString());
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        List<String> raised = Files.readAllLines(alerts);
        assertTrue(raised.stream().anyMatch(a -> a.contains("\"NEW_FUNCTION_CODE\"") && a.contains("ping")),
                "the never-seen ping is a new function: " + raised);
        assertTrue(raised.stream().anyMatch(a -> a.contains("\"PROGRAM_OR_STOP\"") && a.contains("halt")),
                "the descriptor says halt stops the device: " + raised);
        assertEquals(2, raised.size(), "the learned polling raises nothing: " + raised);

        CliRun inventory = CliRun.run("inventory", "--db", db, "--format", "csv");
        assertEquals(ExitCode.OK, inventory.exitCode(), inventory.err());
        assertTrue(inventory.out().lines().anyMatch(l -> l.contains("10.9.0.1") && l.contains("tpx_client")
                && l.contains("tpx")), inventory.out());
        assertTrue(inventory.out().lines().anyMatch(l -> l.contains("10.9.0.2") && l.contains("tpx_server")),
                inventory.out());

        Path report = dir.resolve("report.html");
        CliRun html = CliRun.run("report", "--db", db, "-o", report.toString());
        assertEquals(ExitCode.OK, html.exitCode(), html.err());
        String page = Files.readString(report);
        assertTrue(page.contains("Test protocol X"), "the report shows the descriptor's label");
        assertTrue(page.contains("#0f766e"), "the map draws the descriptor's colour");
        assertTrue(page.contains("data-protocol=\"tpx\""), "the function matrix has a table for it");

        CliRun help = CliRun.run("analyze", "--help");
        assertTrue(help.out().replaceAll("\\s+", " ").contains("s7comm-plus, tpx"),
                "--port lists the registered protocols: " + help.out());
    }

    /**
     * A client polling register 7 of a server once a second for two minutes; the attack capture
     * continues with a ping, then a halt, each answered.
     */
    private static Path capture(Path file, boolean attack) throws IOException {
        long start = attack ? START + 3600 * SECOND : START;
        try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out, ETHERNET, 65535)) {
            long[] sequence = {1000, 5000};
            pcap.write(start, Frames.tcpFrame(CLIENT, 40000, SERVER, PORT, sequence[0]++, 0, Frames.SYN, new byte[0]));
            pcap.write(start + 100_000, Frames.tcpFrame(SERVER, PORT, CLIENT, 40000, sequence[1]++, sequence[0],
                    Frames.SYN | Frames.ACK, new byte[0]));
            pcap.write(start + 200_000, Frames.tcpFrame(CLIENT, 40000, SERVER, PORT, sequence[0], sequence[1],
                    Frames.ACK, new byte[0]));
            long nanos = start + SECOND;
            for (int cycle = 0; cycle < 120; cycle++, nanos += SECOND) {
                exchange(pcap, nanos, sequence, 1, 7, 40 + cycle % 3);
            }
            if (attack) {
                exchange(pcap, nanos, sequence, 4, 0, 0);
                exchange(pcap, nanos + SECOND, sequence, 3, 0, 0);
            }
        }
        return file;
    }

    /** A request and its response 2 ms later. */
    private static void exchange(PcapWriter pcap, long nanos, long[] sequence, int function, int address, int value)
            throws IOException {
        byte[] request = frame(function, address, 0);
        byte[] response = frame(function, address, value);
        pcap.write(nanos, Frames.tcpFrame(CLIENT, 40000, SERVER, PORT, sequence[0], sequence[1],
                Frames.PSH | Frames.ACK, request));
        sequence[0] += request.length;
        pcap.write(nanos + 2_000_000, Frames.tcpFrame(SERVER, PORT, CLIENT, 40000, sequence[1], sequence[0],
                Frames.PSH | Frames.ACK, response));
        sequence[1] += response.length;
    }

    private static byte[] frame(int function, int address, int value) {
        return ByteBuffer.allocate(7)
                .put((byte) 'T').put((byte) 'P')  // magic
                .put((byte) function)             // function
                .putShort((short) address)        // register address
                .putShort((short) value)          // value
                .array();
    }
}
