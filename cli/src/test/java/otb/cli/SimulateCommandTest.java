package otb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class SimulateCommandTest {
    private static int run(StringWriter err, String... args) {
        CommandLine command = Otb.commandLine(false);
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void writesCaptureAndLabelsDeterministically(@TempDir Path directory) throws Exception {
        Path first = directory.resolve("one.pcap");
        Path second = directory.resolve("two.pcap");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "simulate", "--seed", "9", "--duration", "2m", "--scenario", "plc_stop@30s,scan@60s",
                "-o", first.toString()));
        assertEquals(0, run(err, "simulate", "--seed", "9", "--duration", "2m", "--scenario", "plc_stop@30s,scan@60s",
                "-o", second.toString()));
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        String labels = Files.readString(directory.resolve("one.labels.json"));
        assertTrue(labels.contains("\"kind\": \"plc_stop\""), labels);
        assertTrue(labels.contains("\"kind\": \"scan\""), labels);
        assertTrue(labels.contains("\"command\": \"otb simulate --seed 9 --duration 2m"), labels);
        assertTrue(err.toString().contains("frames"), err.toString());
    }

    @Test
    void packetCountBoundsTheCapture(@TempDir Path directory) throws Exception {
        Path pcap = directory.resolve("bench.pcap");
        assertEquals(0, run(new StringWriter(), "simulate", "--packets", "5000", "-o", pcap.toString()));
        // 24-byte header, then 16-byte record headers: count the records
        byte[] bytes = Files.readAllBytes(pcap);
        int records = 0;
        for (int offset = 24; offset < bytes.length; records++) {
            int captured = (bytes[offset + 8] & 0xFF) | (bytes[offset + 9] & 0xFF) << 8;
            offset += 16 + captured;
        }
        assertEquals(5000, records);
    }

    @Test
    void unknownScenarioIsOneClearErrorLine(@TempDir Path directory) {
        StringWriter err = new StringWriter();
        Path pcap = directory.resolve("x.pcap");
        assertEquals(2, run(err, "simulate", "--scenario", "plc_explode", "-o", pcap.toString()));
        String message = err.toString().trim();
        assertTrue(message.startsWith("otb simulate: unknown scenario 'plc_explode'"), message);
        assertEquals(1, message.lines().count(), message);
        assertFalse(Files.exists(pcap));
    }

    @Test
    void badDurationIsOneClearErrorLine(@TempDir Path directory) {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "simulate", "--duration", "forever", "-o", directory.resolve("x.pcap").toString()));
        assertTrue(err.toString().startsWith("otb simulate: not a duration: 'forever'"), err.toString());
    }
}
