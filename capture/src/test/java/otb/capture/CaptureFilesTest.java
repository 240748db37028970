package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File formats told apart by magic, and damaged files giving one clear line. */
class CaptureFilesTest {
    static final Path MODBUS = CaptureFilesManifestTest.PCAPS.resolve("modbus/modbus_example.pcap");

    @TempDir
    Path directory;

    /** What a source delivered: frame number, link type, timestamp and bytes of each frame. */
    record Frame(long number, int linkType, long timestampNanos, byte[] bytes) {
    }

    static List<Frame> read(Path file) throws CaptureException {
        List<Frame> frames = new ArrayList<>();
        try (PacketSource source = CaptureFiles.open(file)) {
            source.run(p -> {
                byte[] bytes = new byte[p.capturedLength()];
                p.frame().get(0, bytes);
                frames.add(new Frame(p.frameNumber(), p.linkType(), p.timestampNanos(), bytes));
            });
        }
        return frames;
    }

    /** Reads until the error; returns the frames before it and the message. */
    static String readUntilError(Path file, List<Frame> frames) {
        CaptureException error = assertThrows(CaptureException.class, () -> {
            try (PacketSource source = CaptureFiles.open(file)) {
                source.run(p -> frames.add(new Frame(p.frameNumber(), p.linkType(), p.timestampNanos(), null)));
            }
        });
        assertTrue(!error.getMessage().contains("\n"), "one line: " + error.getMessage());
        return error.getMessage();
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path file = directory.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void pcapInBothByteOrdersAndResolutions() throws Exception {
        byte[] one = Frames.udpFrame(0x0A000001, 20000, 0x0A000002, 20000, Frames.hex("0564"));
        byte[] two = Frames.tcpFrame(0x0A000001, 50000, 0x0A000002, 502, 1, 2, Frames.ACK, Frames.hex("0001"));
        long[] times = {1_700_000_000_123_456_789L, 1_700_000_001_000_000_001L};
        for (boolean bigEndian : new boolean[] {false, true}) {
            for (boolean nanoseconds : new boolean[] {false, true}) {
                Path file = write("t-" + bigEndian + nanoseconds + ".pcap.gz.pcapng",  // extension means nothing
                        Frames.pcap(bigEndian, nanoseconds, 1, 65535, times, one, two));
                List<Frame> frames = read(file);
                assertEquals(2, frames.size());
                assertEquals(1, frames.get(0).number());
                assertEquals(2, frames.get(1).number());
                assertEquals(nanoseconds ? times[0] : times[0] / 1000 * 1000, frames.get(0).timestampNanos());
                assertEquals(nanoseconds ? times[1] : times[1] / 1000 * 1000, frames.get(1).timestampNanos());
                assertTrue(Arrays.equals(one, frames.get(0).bytes()));
                assertTrue(Arrays.equals(two, frames.get(1).bytes()));
            }
        }
    }

    @Test
    void gzipOfPcapAndOfPcapng() throws Exception {
        byte[] original = Files.readAllBytes(MODBUS);
        List<Frame> plain = read(MODBUS);
        List<Frame> unzipped = read(write("modbus.pcap", gzip(original)));
        assertEquals(plain.size(), unzipped.size());
        for (int i = 0; i < plain.size(); i++) {
            assertTrue(Arrays.equals(plain.get(i).bytes(), unzipped.get(i).bytes()));
        }
        Path pcapng = CaptureFilesManifestTest.PCAPS.resolve("other/wrapup.pcapng");
        assertEquals(read(pcapng).size(), read(write("wrapup", gzip(Files.readAllBytes(pcapng)))).size());
    }

    @Test
    void pcapngWithTwoInterfacesOfDifferentLinkTypes() throws Exception {
        byte[] ethernetFrame = Frames.tcpFrame(0x0A000001, 50000, 0x0A000002, 502, 1, 2, Frames.ACK, Frames.hex("00010000000601030000000a"));
        byte[] rawFrame = Arrays.copyOfRange(Frames.udpFrame(0x0A000003, 47808, 0x0A000004, 47808, Frames.hex("810a0004")),
                14, 14 + 32);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            byte[] file = Frames.concat(
                    Frames.sectionHeader(order),
                    Frames.interfaceDescription(order, 1, 65535, 9),        // Ethernet, nanoseconds
                    Frames.interfaceDescription(order, 101, 65535, -1),     // raw IP, default microseconds
                    Frames.block(order, 0x0BAD, new byte[10]),               // unknown block: skipped
                    Frames.enhancedPacket(order, 0, 1_700_000_000_123_456_789L, ethernetFrame),
                    Frames.enhancedPacket(order, 1, 1_700_000_000_123_456L, rawFrame),
                    Frames.block(order, 5, new byte[8]),                     // interface statistics: skipped
                    // A second section: interfaces start again.
                    Frames.sectionHeader(order),
                    Frames.interfaceDescription(order, 101, 0, 0x80 | 10),  // raw IP, 2^-10 s
                    Frames.enhancedPacket(order, 0, 1024L * 5 + 512, rawFrame),
                    Frames.simplePacket(order, rawFrame));
            List<Frame> frames = read(write("two-interfaces-" + order, file));
            assertEquals(4, frames.size());
            assertEquals(1, frames.get(0).linkType());
            assertEquals(1_700_000_000_123_456_789L, frames.get(0).timestampNanos());
            assertEquals(101, frames.get(1).linkType());
            assertEquals(1_700_000_000_123_456_000L, frames.get(1).timestampNanos());
            assertEquals(5_500_000_000L, frames.get(2).timestampNanos());
            assertEquals(4, frames.get(3).number());
            assertTrue(Arrays.equals(rawFrame, frames.get(3).bytes()));

            RecordingListener listener = new RecordingListener();
            CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
            try (PacketSource source = CaptureFiles.open(directory.resolve("two-interfaces-" + order))) {
                engine.process(source);
            }
            engine.finish();
            assertEquals(2, listener.flows.size());
            assertEquals(502, listener.flows.get(1L).flow.serverPort());
            assertEquals(Transport.UDP, listener.flows.get(2L).flow.transport());
            assertEquals(3, listener.flows.get(2L).datagrams, "one datagram per raw-IP frame");
        }
    }

    @Test
    void unknownMagicAndEmptyFile() throws Exception {
        Path text = write("notes.pcap", "hello, this is text".getBytes());
        CaptureException error = assertThrows(CaptureException.class, () -> CaptureFiles.open(text));
        assertEquals(text + ": byte 0: unknown file format: magic 0x68656c6c is neither pcap nor pcapng",
                error.getMessage());
        Path empty = write("empty.pcap", new byte[0]);
        assertEquals(empty + ": byte 0: empty file",
                assertThrows(CaptureException.class, () -> CaptureFiles.open(empty)).getMessage());
        Path missing = directory.resolve("missing.pcap");
        assertEquals(missing + ": no such file",
                assertThrows(CaptureException.class, () -> CaptureFiles.open(missing)).getMessage());
    }

    @Test
    void truncatedFileDeliversEveryFrameBeforeTheDamage() throws Exception {
        byte[] original = Files.readAllBytes(MODBUS);
        List<Frame> all = read(MODBUS);
        // Cut in the middle of the 51st record: 50 frames come through, then one clear line.
        int offset = 24;
        for (int i = 0; i < 50; i++) {
            offset += 16 + all.get(i).bytes().length;
        }
        Path cut = write("cut.pcap", Arrays.copyOf(original, offset + 16 + 10));
        List<Frame> frames = new ArrayList<>();
        String message = readUntilError(cut, frames);
        assertEquals(50, frames.size());
        assertEquals(cut + ": byte " + offset + ": record truncated: " + all.get(50).bytes().length
                + " bytes announced, 10 present", message);
        // Cut inside a record header.
        Path cutHeader = write("cut-header.pcap", Arrays.copyOf(original, offset + 5));
        frames.clear();
        assertEquals(cutHeader + ": byte " + offset + ": record header truncated: 5 of 16 bytes",
                readUntilError(cutHeader, frames));
        assertEquals(50, frames.size());
    }

    @Test
    void recordLengthBeyondTheSnapLength() throws Exception {
        byte[] frame = Frames.udpFrame(1, 2, 3, 4, new byte[100]);
        byte[] file = Frames.pcap(false, false, 1, 96, new long[] {0, 0},
                Arrays.copyOf(frame, 60), frame);   // second record: 142 bytes > snap length 96
        Path path = write("snap.pcap", file);
        List<Frame> frames = new ArrayList<>();
        assertEquals(path + ": byte " + (24 + 16 + 60) + ": record captured length 142 exceeds the snap length 96",
                readUntilError(path, frames));
        assertEquals(1, frames.size());
        // Without a usable snap length the bound is 262144 bytes.
        byte[] huge = Frames.pcap(false, false, 1, 0, new long[] {0}, new byte[0]);
        huge[24 + 8] = 0x01;
        huge[24 + 10] = 0x10;                  // captured length 0x00100001
        Path hugePath = write("huge.pcap", huge);
        assertEquals(hugePath + ": byte 24: record captured length 1048577 exceeds the snap length 262144",
                readUntilError(hugePath, new ArrayList<>()));
    }

    @Test
    void badPcapngBlocks() throws Exception {
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        byte[] frame = Frames.udpFrame(1, 2, 3, 4, new byte[4]);
        byte[] header = Frames.concat(Frames.sectionHeader(order), Frames.interfaceDescription(order, 1, 0, -1));
        byte[] good = Frames.enhancedPacket(order, 0, 0, frame);

        byte[] badLength = Frames.enhancedPacket(order, 0, 0, frame);
        badLength[4] = 13;                     // total length 13: not a multiple of 4
        Path path = write("bad-length.pcapng", Frames.concat(header, good, badLength));
        List<Frame> frames = new ArrayList<>();
        assertEquals(path + ": byte " + (header.length + good.length) + ": bad block length 13",
                readUntilError(path, frames));
        assertEquals(1, frames.size());

        byte[] mismatch = Frames.enhancedPacket(order, 0, 0, frame);
        mismatch[mismatch.length - 4] = 0;     // trailing length differs
        path = write("mismatch.pcapng", Frames.concat(header, good, good, mismatch));
        frames.clear();
        assertTrue(readUntilError(path, frames).startsWith(path + ": byte " + (header.length + 2 * good.length)
                + ": block trailing length "));
        assertEquals(2, frames.size());

        byte[] wrongInterface = Frames.enhancedPacket(order, 3, 0, frame);
        path = write("interface.pcapng", Frames.concat(header, wrongInterface));
        assertEquals(path + ": byte " + header.length + ": packet block names interface 3 but 1 are described",
                readUntilError(path, new ArrayList<>()));

        byte[] huge = Frames.block(order, 0x0BAD, new byte[8]);
        huge[7] = 0x7F;                        // total length ~2 GiB
        huge[4] = 0;
        path = write("huge.pcapng", Frames.concat(header, huge));
        assertTrue(readUntilError(path, new ArrayList<>()).matches(".*: byte \\d+: block length \\d+ exceeds the bound of \\d+"));

        path = write("cut.pcapng", Arrays.copyOf(Frames.concat(header, good, good), header.length + good.length + 20));
        frames.clear();
        assertEquals(path + ": byte " + (header.length + good.length) + ": block truncated: " + good.length
                + " bytes announced, 20 present", readUntilError(path, frames));
        assertEquals(1, frames.size());
    }

    @Test
    void gzipCutShort() throws Exception {
        byte[] compressed = gzip(Files.readAllBytes(MODBUS));
        Path path = write("cut.pcap.gz", Arrays.copyOf(compressed, compressed.length / 2));
        List<Frame> frames = new ArrayList<>();
        String message = readUntilError(path, frames);
        assertTrue(message.matches(java.util.regex.Pattern.quote(path.toString())
                + ": byte \\d+ \\(decompressed\\): compressed stream cut short \\(.*\\)"), message);
        assertTrue(frames.size() > 10 && frames.size() < 100, "frames before the damage: " + frames.size());
        byte[] corrupt = compressed.clone();
        for (int i = 40; i < 60; i++) {
            corrupt[i] ^= 0x5A;
        }
        Path corruptPath = write("corrupt.pcap.gz", corrupt);
        String corruptMessage = assertThrows(CaptureException.class, () -> {
            try (PacketSource source = CaptureFiles.open(corruptPath)) {
                source.run(p -> { });
            }
        }).getMessage();
        assertTrue(corruptMessage.startsWith(corruptPath + ": byte "), corruptMessage);
    }
}
