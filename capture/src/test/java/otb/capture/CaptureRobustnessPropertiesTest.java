package otb.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random and mutated input never raises anything but {@link CaptureException} from reading, and
 * nothing at all from the engine; every run terminates. Reassembly of any segmentation,
 * order and duplication of a stream gives the stream.
 */
class CaptureRobustnessPropertiesTest {
    private static final byte[] PCAP = read("modbus/modbus_example.pcap");
    private static final byte[] SLL_PCAP = read("s7comm/s7comm_plus.pcap");
    private static final byte[] PCAPNG = craftedPcapng();

    private static byte[] read(String name) {
        try {
            return Files.readAllBytes(CaptureFilesManifestTest.PCAPS.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] craftedPcapng() {
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        List<byte[]> blocks = new ArrayList<>();
        blocks.add(Frames.sectionHeader(order));
        blocks.add(Frames.interfaceDescription(order, 1, 65535, 9));
        blocks.add(Frames.interfaceDescription(order, 101, 65535, -1));
        for (int i = 0; i < 20; i++) {
            byte[] frame = Frames.tcpFrame(0x0A000001, 50000, 0x0A000002, 502, 1 + 12L * i, 1, Frames.ACK,
                    Frames.hex("000100000006010300000001"));
            blocks.add(Frames.enhancedPacket(order, 0, 1_000_000_000L * i, frame));
            blocks.add(Frames.enhancedPacket(order, 1, 1_000L * i, Arrays.copyOfRange(frame, 14, frame.length)));
        }
        return Frames.concat(blocks.toArray(new byte[0][]));
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream stream = new GZIPOutputStream(out)) {
            stream.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Runs bytes as a capture file through the engine; only CaptureException may come out. */
    private static long process(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("otb-property", ".bin");
        try {
            Files.write(file, bytes);
            RecordingListener listener = new RecordingListener();
            CaptureEngine engine = new CaptureEngine(new CaptureLimits(64, 60_000_000_000L, 4096, 16_384, 8, 65_536,
                    1_000_000_000L), listener);
            try (PacketSource source = CaptureFiles.open(file)) {
                engine.process(source);
            } catch (CaptureException expected) {
                assertFalse(expected.getMessage().contains("\n"));
                assertTrue(expected.getMessage().startsWith(file.toString() + ":"), expected.getMessage());
            }
            engine.finish();
            assertEquals(listener.started, listener.ended);
            return engine.counters().frames();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 300)
    void randomBytesOnlyEverGiveCaptureException(@ForAll @Size(max = 600) byte[] bytes,
                                                  @ForAll @IntRange(max = 3) int header) throws IOException {
        // Random bodies behind each real magic number, and fully random files.
        byte[] prefix = switch (header) {
            case 0 -> Arrays.copyOf(PCAP, 24);
            case 1 -> Arrays.copyOf(PCAPNG, 28);
            case 2 -> new byte[] {(byte) 0x1F, (byte) 0x8B};
            default -> new byte[0];
        };
        process(Frames.concat(prefix, bytes));
    }

    @Provide
    Arbitrary<byte[]> mutatedCaptures() {
        Arbitrary<Integer> which = Arbitraries.integers().between(0, 3);
        Arbitrary<Long> seed = Arbitraries.longs();
        Arbitrary<Integer> flips = Arbitraries.integers().between(1, 40);
        return Combinators.combine(which, seed, flips).as((w, s, f) -> {
            byte[] original = switch (w) {
                case 0 -> PCAP;
                case 1 -> PCAPNG;
                case 2 -> SLL_PCAP;
                default -> gzip(PCAP);
            };
            Random random = new Random(s);
            byte[] bytes = original.clone();
            for (int i = 0; i < f; i++) {
                int at = random.nextInt(bytes.length);
                bytes[at] = switch (random.nextInt(4)) {
                    case 0 -> (byte) random.nextInt();
                    case 1 -> (byte) 0xFF;
                    case 2 -> 0;
                    default -> (byte) (bytes[at] ^ (1 << random.nextInt(8)));
                };
            }
            if (random.nextInt(3) == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            return bytes;
        });
    }

    @Property(tries = 300)
    void mutatedCapturesOnlyEverGiveCaptureException(@ForAll("mutatedCaptures") byte[] bytes) throws IOException {
        process(bytes);
    }

    @Property(tries = 500)
    void randomFramesNeverThrowFromTheEngine(@ForAll @Size(max = 40) List<@Size(max = 120) byte[]> frames,
                                             @ForAll @IntRange(max = 6) int linkTypeChoice) {
        int[] linkTypes = {0, 1, 101, 108, 113, 228, 276};
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(new CaptureLimits(8, 5_000_000_000L, 256, 1024, 2, 4096,
                1_000_000_000L), listener);
        long time = 0;
        for (byte[] frame : frames) {
            // Give most frames a plausible start so decoding gets past the first layers.
            byte[] bytes = frame;
            if (linkTypeChoice == 1 && frame.length > 0 && (frame[0] & 1) == 0) {
                bytes = Frames.concat(Frames.ethernet(2, 1, 0x0800), new byte[] {0x45}, frame);
            }
            engine.accept(Frames.packet(linkTypes[linkTypeChoice], time, bytes));
            time += 300_000_000L;
        }
        engine.finish();
        assertEquals(listener.started, listener.ended);
        assertEquals(frames.size(), engine.counters().frames());
    }

    /** A segment of a random TCP conversation: who sends, sequence offset, length, flags. */
    record Segment(boolean fromClient, int sequenceOffset, int length, int flags) {
    }

    @Provide
    Arbitrary<List<Segment>> conversations() {
        Arbitrary<Segment> segment = Combinators.combine(Arbitraries.of(true, false),
                        Arbitraries.integers().between(-3000, 70_000), Arbitraries.integers().between(0, 1500),
                        Arbitraries.integers().between(0, 0xFF))
                .as(Segment::new);
        return segment.list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void randomTcpConversationsKeepTheListenerContract(@ForAll("conversations") List<Segment> segments,
                                                        @ForAll long isn) {
        RecordingListener listener = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(new CaptureLimits(4, 5_000_000_000L, 4096, 6000, 2, 4096,
                1_000_000_000L), listener);
        for (Segment s : segments) {
            long sequence = (isn + s.sequenceOffset()) & 0xFFFF_FFFFL;
            byte[] frame = s.fromClient()
                    ? Frames.tcpFrame(0x0A000001, 50000, 0x0A000002, 102, sequence, isn, s.flags(), new byte[s.length()])
                    : Frames.tcpFrame(0x0A000002, 102, 0x0A000001, 50000, sequence, isn, s.flags(), new byte[s.length()]);
            engine.accept(Frames.packet(1, 0, frame));
        }
        engine.finish();
        assertEquals(listener.started, listener.ended);
        assertTrue(engine.counters().asMap().get("tcp_gap_bytes") >= 0);
    }

    @Property(tries = 200)
    void anySegmentationOrderAndDuplicationReassemblesTheStream(@ForAll @Size(min = 1, max = 3000) byte[] data,
                                                                @ForAll long seed, @ForAll long isn) {
        Random random = new Random(seed);
        List<TcpReassemblyTest.Piece> pieces = new ArrayList<>();
        int covered = 0;
        while (covered < data.length) {
            int start = Math.max(0, covered - random.nextInt(20));
            int end = Math.min(data.length, covered + 1 + random.nextInt(400));
            pieces.add(new TcpReassemblyTest.Piece(start, end - start));
            if (random.nextInt(4) == 0) {
                pieces.add(new TcpReassemblyTest.Piece(start, end - start));
            }
            covered = end;
        }
        java.util.Collections.shuffle(pieces, random);
        RecordingListener listener = TcpReassemblyTest.run(CaptureLimits.defaults(), isn & 0xFFFF_FFFFL, data, pieces,
                true);
        RecordingListener.FlowRecord flow = TcpReassemblyTest.only(listener);
        assertArrayEquals(data, flow.toServer.toByteArray());
        assertEquals(0, flow.gapBytesToServer);
    }
}
