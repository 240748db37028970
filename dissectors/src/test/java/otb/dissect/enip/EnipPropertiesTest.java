package otb.dissect.enip;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import otb.capture.CaptureException;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.capture.PcapWriter;
import otb.dissect.Dissection;
import otb.capture.Direction;
import otb.dissect.DissectorConfig;
import otb.dissect.OtMessage;

/**
 * Random and mutated input never throws, the session always makes progress (the feeder checks
 * it), and nothing it keeps grows past its bounds; mutated real captures go through the whole
 * pipeline without an exception escaping.
 */
class EnipPropertiesTest {

    private static final byte[] REQUESTS = concat(EnipSessionTest.LIST_IDENTITY,
            EnipBytes.sendRrData(9, EnipBytes.request(0x54, EnipBytes.path(0x06, 1, -1), EnipSessionTest.FORWARD_OPEN_DATA)),
            EnipBytes.sendUnitData(EnipSessionTest.O_T, 1, EnipBytes.request(0x4D,
                    concat(EnipBytes.symbol("Tank"), hex("2801")),
                    concat(EnipBytes.u16(0xC4), EnipBytes.u16(1), EnipBytes.u32(5)))),
            EnipBytes.sendRrData(4, EnipBytes.request(0x0A, EnipBytes.path(0x02, 1, -1), concat(
                    EnipBytes.u16(2), EnipBytes.u16(6), EnipBytes.u16(12),
                    EnipBytes.request(0x0E, EnipBytes.path(0x01, 1, 1), new byte[0]),
                    EnipBytes.request(0x07, EnipBytes.path(0x8E, 1, -1), new byte[0])))));
    private static final byte[] REPLIES = concat(EnipSessionTest.LIST_IDENTITY_REPLY,
            EnipBytes.sendRrData(9, EnipBytes.reply(0x54, 0, new int[0], EnipSessionTest.FORWARD_OPEN_REPLY_DATA)),
            EnipBytes.sendUnitData(EnipSessionTest.T_O, 1, EnipBytes.reply(0x4D, 0, new int[0], new byte[0])),
            EnipBytes.sendRrData(4, EnipBytes.reply(0x0A, 0, new int[0], concat(
                    EnipBytes.u16(2), EnipBytes.u16(6), EnipBytes.u16(12),
                    EnipBytes.reply(0x0E, 0, new int[0], EnipBytes.u16(1)),
                    EnipBytes.reply(0x07, 0, new int[0], new byte[0])))));

    /** The CIP messages of the fixtures, alone, to be mutated inside well-framed encapsulation. */
    private static final byte[][] CIP = {
        EnipBytes.request(0x54, EnipBytes.path(0x06, 1, -1), EnipSessionTest.FORWARD_OPEN_DATA),
        EnipBytes.reply(0x54, 0, new int[0], EnipSessionTest.FORWARD_OPEN_REPLY_DATA),
        EnipBytes.request(0x52, EnipBytes.path(0x06, 1, -1), concat(hex("079b 0600"),
                EnipBytes.request(0x07, EnipBytes.path(0x8E, 1, -1), new byte[0]), hex("0100 0100"))),
        EnipBytes.reply(0x01, 0, new int[] {1, 2}, EnipSessionTest.IDENTITY_ATTRIBUTES),
        EnipBytes.request(0x4C, concat(EnipBytes.symbol("A"), EnipBytes.symbol("Bc"), hex("2903 0001")),
                EnipBytes.u16(3)),
    };

    @Property(tries = 300)
    void randomBytesNeverThrow(@ForAll @Size(max = 600) byte[] bytes, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        EnipBytes.Feeder feeder = new EnipBytes.Feeder().chunked(Direction.TO_SERVER, bytes, chunk);
        assertTrue(feeder.buffered() <= EnipLimits.HEADER_BYTES + EnipLimits.MAX_DATA_BYTES);
    }

    @Property(tries = 300)
    void randomDatagramsNeverThrow(@ForAll @Size(max = 300) byte[] datagram) {
        new EnipBytes.Feeder(DissectorConfig.defaults(), new ConnectionTable(), EnipBytes.udpIoFlow())
                .toServer(datagram).toClient(datagram);
    }

    @Property(tries = 500)
    void mutatedStreamsNeverThrow(@ForAll("mutations") int[] flips, @ForAll @IntRange(min = 1, max = 300) int chunk) {
        DissectorConfig config = new DissectorConfig(Map.of(), 2, 1_000_000L, 4096, 8, 4096);
        EnipBytes.Feeder feeder = new EnipBytes.Feeder(config, new ConnectionTable(), EnipBytes.tcpFlow())
                .chunked(Direction.TO_SERVER, mutate(REQUESTS, flips), chunk)
                .chunked(Direction.TO_CLIENT, mutate(REPLIES, flips), chunk);
        feeder.session.tick(Long.MAX_VALUE / 2, e -> { });
        feeder.session.close(Long.MAX_VALUE / 2, e -> { });
    }

    @Property(tries = 1000)
    void mutatedCipInWellFramedMessagesIsAlwaysAMessage(@ForAll @IntRange(min = 0, max = 4) int which,
                                                        @ForAll("mutations") int[] flips, @ForAll boolean truncate) {
        byte[] cip = mutate(CIP[which], flips);
        if (truncate) {
            cip = Arrays.copyOf(cip, Math.max(0, cip.length - 1 - flips[0] % cip.length));
        }
        EnipBytes.Feeder feeder = new EnipBytes.Feeder().toServer(EnipBytes.sendRrData(1, cip))
                .toClient(EnipBytes.sendUnitData(1, 1, cip));
        List<OtMessage> messages = feeder.messages();
        assertTrue(messages.size() >= 2, "each well-framed encapsulation message gives at least one message");
        assertTrue(feeder.malformed().isEmpty(), "a well-framed message is never malformed");
    }

    /** Frames of the real captures (all of the small ones, the first 600 of cip_only), read once. */
    private static final List<byte[]> FRAMES = new ArrayList<>();
    private static final List<Long> TIMES = new ArrayList<>();

    static {
        for (Path capture : EnipGoldenTest.CAPTURES.values()) {
            int[] taken = {0};
            try (PacketSource source = CaptureFiles.open(capture)) {
                source.run(packet -> {
                    if (taken[0]++ < 600) {
                        ByteBuffer frame = packet.frame();
                        byte[] bytes = new byte[frame.remaining()];
                        frame.duplicate().get(bytes);
                        FRAMES.add(bytes);
                        TIMES.add(packet.timestampNanos());
                    }
                });
            } catch (CaptureException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Property(tries = 40)
    void mutatedCapturesGoThroughThePipelineWithoutAnException(@ForAll("mutations") int[] flips,
                                                               @ForAll @IntRange(min = 1, max = 50) int perFrame)
            throws IOException, CaptureException {
        Path file = Files.createTempFile("enip-fuzz", ".pcap");
        try {
            try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out, 1, 262_144)) {
                for (int i = 0; i < FRAMES.size(); i++) {
                    byte[] frame = FRAMES.get(i).clone();
                    // Past Ethernet and IPv4 (34 octets): TCP header and payload bytes, every perFrame-th frame.
                    if (i % perFrame == 0 && frame.length > 34) {
                        for (int f = 0; f + 1 < flips.length; f += 2) {
                            frame[34 + (int) ((flips[f] + (long) i) % (frame.length - 34))] ^= (byte) (1 + flips[f + 1] % 255);
                        }
                    }
                    pcap.write(TIMES.get(i), frame);
                }
            }
            int[] messages = {0};
            Dissection dissection = Dissection.withDefaults(event -> {
                if (event instanceof OtMessage) {
                    messages[0]++;
                }
            });
            try (PacketSource source = CaptureFiles.open(file)) {
                dissection.process(source);
            }
            dissection.finish();
            assertTrue(messages[0] > 0);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Pairs of (position, xor mask), several per stream, applied modulo the stream length. */
    @Provide
    Arbitrary<int[]> mutations() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMinSize(2).ofMaxSize(20);
    }

    private static byte[] mutate(byte[] original, int[] flips) {
        byte[] copy = Arrays.copyOf(original, original.length);
        for (int i = 0; i + 1 < flips.length; i += 2) {
            int at = flips[i] % copy.length;
            copy[at] ^= (byte) (1 + flips[i + 1] % 255);
        }
        return copy;
    }
}
