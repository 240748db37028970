package otb.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import otb.capture.PcapWriter;

/**
 * Captures of the kind an attacker makes (issue 20), written in the test at whatever size shows
 * the defect: TCP SYNs only, like /work/shared/robustness/mk_big.py makes them (no checksums:
 * otb does not check them).
 */
final class FloodCaptures {
    private static final int ETHERNET = 1;
    private static final long START_NANOS = 1_700_000_000_000_000_000L;
    /** Capture time between two SYNs: 10 µs, as mk_big.py. */
    private static final long GAP_NANOS = 10_000;

    private FloodCaptures() {
    }

    /** One scanner, 10.99.0.66, SYN-scanning 10.10.0.0 .. 10.10.0.0 + hosts - 1 on each port, port by port. */
    static Path synScan(Path file, int hosts, int... ports) throws IOException {
        int scanner = (10 << 24) | (99 << 16) | 66;
        try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out, ETHERNET, 65535)) {
            long nanos = START_NANOS;
            int probe = 0;
            for (int port : ports) {
                for (int host = 0; host < hosts; host++) {
                    int target = (10 << 24) | (10 << 16) | host;
                    write(pcap, nanos += GAP_NANOS, syn(scanner, target, 40000 + probe % 20000, port, probe * 7919L));
                    probe++;
                }
            }
        }
        return file;
    }

    /** {@code flows} SYNs between random addresses and ports: as many distinct flows. */
    static Path synFlood(Path file, int flows, long seed) throws IOException {
        Random random = new Random(seed);
        try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out, ETHERNET, 65535)) {
            long nanos = START_NANOS;
            for (int i = 0; i < flows; i++) {
                write(pcap, nanos += GAP_NANOS, syn(random.nextInt(), random.nextInt(), 1024 + random.nextInt(64512),
                        1 + random.nextInt(65535), random.nextInt()));
            }
        }
        return file;
    }

    private static void write(PcapWriter pcap, long nanos, byte[] frame) throws IOException {
        pcap.write(nanos, ByteBuffer.wrap(frame), frame.length);
    }

    /** Ethernet II + IPv4 (20 bytes) + TCP (20 bytes) with only SYN set. */
    private static byte[] syn(int source, int destination, int sourcePort, int destinationPort, long sequence) {
        ByteBuffer frame = ByteBuffer.allocate(14 + 20 + 20);
        frame.put(new byte[] {2, 0, 0, 0, 0, 2});         // destination MAC
        frame.put(new byte[] {2, 0, 0, 0, 0, 1});         // source MAC
        frame.putShort((short) 0x0800);                     // EtherType: IPv4
        frame.put((byte) 0x45);                             // version 4, header length 5 words
        frame.put((byte) 0);                                // DSCP/ECN
        frame.putShort((short) 40);                         // total length: IP + TCP headers
        frame.putShort((short) 0);                          // identification
        frame.putShort((short) 0x4000);                     // don't fragment
        frame.put((byte) 64);                               // TTL
        frame.put((byte) 6);                                // protocol: TCP
        frame.putShort((short) 0);                          // header checksum (not checked)
        frame.putInt(source);
        frame.putInt(destination);
        frame.putShort((short) sourcePort);
        frame.putShort((short) destinationPort);
        frame.putInt((int) sequence);
        frame.putInt(0);                                    // acknowledgement
        frame.put((byte) 0x50);                             // data offset 5 words
        frame.put((byte) 0x02);                             // flags: SYN
        frame.putShort((short) 0xFFFF);                     // window
        frame.putShort((short) 0);                          // checksum (not checked)
        frame.putShort((short) 0);                          // urgent pointer
        return frame.array();
    }
}
