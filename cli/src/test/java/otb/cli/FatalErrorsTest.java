package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: an Error in the JVM ends otb with exit 4 and one line, never a trace and exit 1. */
class FatalErrorsTest {

    @TempDir
    Path dir;

    @Test
    void outOfMemoryInAChildJvmIsOneLineAndExitFour() throws Exception {
        // One Modbus connection reading and writing ever new registers: learning it needs more
        // than 32 MiB of heap (the reproducer modbus-1conn-10000req-points.pcap of shared/robustness,
        // made by its mk_big.py "mbpts", ran out of memory at -Xmx256m with 40 times as many).
        Path capture = dir.resolve("sweep.pcap");
        writeRegisterSweep(capture, 10_000);
        ChildOtb run = ChildOtb.run(List.of("-Xmx32m"), null, dir, "learn", capture.toString(), "--fresh",
                "--db", dir.resolve("sweep.db").toString(), "-q");
        assertEquals(ExitCode.INTERNAL, run.exitCode(), run.toString());
        assertTrue(run.oneErrorLine(), run.toString());
        assertTrue(run.err().startsWith("otb: out of memory (heap "), run.toString());
        assertTrue(run.err().contains("OTB_JAVA_OPTS=-Xmx"), run.toString());
    }

    @Test
    void theLineNamesTheHeapAndWhatToDo() {
        String line = FatalErrors.line(new OutOfMemoryError("Java heap space"), 256L << 20);
        assertTrue(line.startsWith("otb: out of memory (heap 256 MiB): raise it with OTB_JAVA_OPTS=-Xmx512m"), line);
        assertTrue(FatalErrors.line(new OutOfMemoryError("Java heap space"), 512L << 20).contains("-Xmx1g "));
        assertEquals("otb: out of memory (Metaspace): give otb more memory or fewer or smaller captures per run",
                FatalErrors.line(new OutOfMemoryError("Metaspace"), 256L << 20));
        assertEquals("otb: internal error: stack overflow (a bug; re-run with --debug for the stack trace)",
                FatalErrors.line(new StackOverflowError(), 256L << 20));
        assertEquals("otb: internal error: java.lang.AssertionError: x (re-run with --debug for details)",
                FatalErrors.line(new AssertionError("x"), 256L << 20));
    }

    /**
     * A pcap (microseconds, little-endian, Ethernet) of one Modbus/TCP connection 10.0.1.10:40000 ->
     * 10.0.1.20:502: handshake, then {@code requests} read/write requests with their responses,
     * each on a new unit and address, as mk_big.py's {@code modbus_points} writes them.
     */
    static void writeRegisterSweep(Path file, int requests) throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(65535).putInt(1); // magic, version 2.4, zone, sigfigs, snaplen, linktype Ethernet
            out.write(header.array());
            Sweep sweep = new Sweep(out);
            int client = 0x0A00010A;
            int server = 0x0A000114;
            sweep.frame(client, server, 40000, 502, 0x02, new byte[0]); // SYN
            sweep.frame(server, client, 502, 40000, 0x12, new byte[0]); // SYN ACK
            sweep.frame(client, server, 40000, 502, 0x10, new byte[0]); // ACK
            java.util.Random random = new java.util.Random(3);
            for (int i = 0; i < requests; i++) {
                int unit = i % 256;
                int address = (i * 7919) % 65536;
                int function = new int[] {3, 4, 1, 2, 6}[i % 5];
                byte[] request;
                byte[] response;
                if (function == 6) {
                    request = mbap(i, unit, function, address, random.nextInt(65536));
                    response = request;
                } else {
                    int quantity = 1 + i % 100;
                    request = mbap(i, unit, function, address, quantity);
                    int bytes = function <= 2 ? (quantity + 7) / 8 : 2 * quantity;
                    ByteBuffer body = ByteBuffer.allocate(9 + bytes);
                    body.putShort((short) i).putShort((short) 0).putShort((short) (3 + bytes)) // MBAP: txid, proto, length
                            .put((byte) unit).put((byte) function).put((byte) bytes); // unit, function, byte count
                    byte[] values = new byte[bytes];
                    random.nextBytes(values);
                    response = body.put(values).array();
                }
                sweep.frame(client, server, 40000, 502, 0x18, request);
                sweep.frame(server, client, 502, 40000, 0x18, response);
            }
        }
    }

    /** A Modbus request of the read/write-single shape: MBAP (txid, protocol 0, length 6, unit), function, two words. */
    private static byte[] mbap(int transaction, int unit, int function, int first, int second) {
        return ByteBuffer.allocate(12).putShort((short) transaction).putShort((short) 0).putShort((short) 6)
                .put((byte) unit).put((byte) function).putShort((short) first).putShort((short) second).array();
    }

    /** Writes the frames of one TCP connection, keeping each side's sequence number and the clock. */
    private static final class Sweep {
        private final OutputStream out;
        private long micros = 1_700_000_000_000_000L;
        private int clientSequence = 1000;
        private int serverSequence = 5000;

        Sweep(OutputStream out) {
            this.out = out;
        }

        void frame(int source, int destination, int sourcePort, int destinationPort, int flags, byte[] payload)
                throws IOException {
            boolean fromClient = destinationPort == 502;
            ByteBuffer frame = ByteBuffer.allocate(54 + payload.length);
            frame.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0}); // Ethernet: dst, src, IPv4
            frame.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload.length)) // IPv4: version/IHL, TOS, length
                    .putShort((short) 0).putShort((short) 0x4000).put((byte) 64).put((byte) 6) // id, DF, TTL, TCP
                    .putShort((short) 0).putInt(source).putInt(destination); // checksum (unchecked), addresses
            int sequence = fromClient ? clientSequence : serverSequence;
            int acknowledged = fromClient ? serverSequence : clientSequence;
            frame.putShort((short) sourcePort).putShort((short) destinationPort).putInt(sequence)
                    .putInt((flags & 0x10) != 0 ? acknowledged : 0) // TCP: ports, seq, ack
                    .put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0) // offset, flags, window, sum/urg
                    .put(payload);
            int advance = payload.length + ((flags & 0x02) != 0 ? 1 : 0);
            if (fromClient) {
                clientSequence += advance;
            } else {
                serverSequence += advance;
            }
            micros += 50;
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                    .putInt(frame.capacity()).putInt(frame.capacity());
            out.write(record.array());
            out.write(frame.array());
        }
    }
}
