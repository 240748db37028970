package otb.dissect.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;

import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import otb.capture.Direction;
import otb.dissect.OtMessage;
import otb.dissect.modbus.ModbusFixtures.Feeder;

/**
 * Random and mutated byte streams: the session never throws, every parse call consumes or waits
 * (the feeder fails otherwise), the kept tail stays below one ADU, and each message consumed
 * at least the 8 bytes of a minimal ADU.
 */
class ModbusStreamProperties {

    @Property(tries = 300)
    void randomBytesNeverThrowAndAlwaysProgress(@ForAll @Size(max = 2000) byte[] stream,
                                                @ForAll @IntRange(min = 1, max = 300) int chunk,
                                                @ForAll boolean towardsClient) {
        Direction direction = towardsClient ? Direction.TO_CLIENT : Direction.TO_SERVER;
        Feeder feeder = new Feeder().chunked(direction, stream, chunk, 1);
        assertTrue(feeder.buffered(direction) < ModbusParser.MAX_ADU_LENGTH);
        assertTrue(feeder.messages().size() * 8L <= stream.length);
        feeder.session.tick(Long.MAX_VALUE / 2, event -> feeder.events.add(event));
        feeder.session.close(Long.MAX_VALUE / 2, event -> feeder.events.add(event));
    }

    /** Valid ADUs of every function code, then bytes flipped, dropped or inserted at random. */
    @Property(tries = 500)
    void mutatedStreamsNeverThrowAndAlwaysProgress(@ForAll("validStreams") byte[] stream,
                                                   @ForAll("mutations") List<int[]> mutations,
                                                   @ForAll @IntRange(min = 1, max = 64) int chunk) {
        byte[] mutated = stream.clone();
        for (int[] mutation : mutations) {
            if (mutated.length == 0) {
                break;
            }
            int at = Math.floorMod(mutation[1], mutated.length);
            switch (mutation[0]) {
                case 0 -> mutated[at] = (byte) mutation[2];
                case 1 -> mutated = concat(java.util.Arrays.copyOfRange(mutated, 0, at),
                        java.util.Arrays.copyOfRange(mutated, at + 1, mutated.length));
                default -> mutated = concat(java.util.Arrays.copyOfRange(mutated, 0, at),
                        new byte[] {(byte) mutation[2]}, java.util.Arrays.copyOfRange(mutated, at, mutated.length));
            }
        }
        for (Direction direction : Direction.values()) {
            Feeder feeder = new Feeder().chunked(direction, mutated, chunk, 1);
            assertTrue(feeder.buffered(direction) < ModbusParser.MAX_ADU_LENGTH);
            for (OtMessage message : feeder.messages()) {
                assertTrue(message.function().getAsInt() >= 0 && message.function().getAsInt() < 128);
                assertTrue(message.unit() >= 0 && message.unit() < 256);
                message.values().forEach(v -> assertTrue(v.value() >= 0 && v.value() <= 65535));
                message.detail().fields(); // output never fails either
            }
        }
    }

    /** Unmutated, the same stream gives one message per ADU and no malformed bytes. */
    @Property(tries = 200)
    void validStreamsFrameExactly(@ForAll("validAdus") List<byte[]> adus, @ForAll @IntRange(min = 1, max = 40) int chunk) {
        byte[] stream = concat(adus.toArray(new byte[0][]));
        Feeder feeder = new Feeder().chunked(Direction.TO_CLIENT, stream, chunk, 1);
        assertEquals(adus.size(), feeder.messages().size());
        assertEquals(List.of(), feeder.malformed());
        assertEquals(0, feeder.buffered(Direction.TO_CLIENT));
    }

    @Provide
    Arbitrary<byte[]> validStreams() {
        return validAdus().map(list -> concat(list.toArray(new byte[0][])));
    }

    @Provide
    Arbitrary<List<byte[]>> validAdus() {
        Arbitrary<byte[]> adu = Combinators.combine(
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 255),
                Arbitraries.of(1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 15, 16, 17, 20, 21, 22, 23, 24, 43, 90, 65, 100, 0x83, 0x90),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(252)
        ).as((txid, unit, function, data) -> {
            int[] pdu = new int[data.length + 1];
            pdu[0] = function;
            for (int i = 0; i < data.length; i++) {
                pdu[i + 1] = data[i] & 0xFF;
            }
            return ModbusFixtures.adu(txid, unit, pdu);
        });
        return adu.list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers(),
                Arbitraries.integers().between(0, 255)).as((kind, at, value) -> new int[] {kind, at, value})
                .list().ofMaxSize(6);
    }

    /** A direct check that a random buffer handed straight to parse is never read past its limit. */
    @Property(tries = 300)
    void parseReadsOnlyBetweenPositionAndLimit(@ForAll @Size(max = 400) byte[] stream,
                                               @ForAll @IntRange(min = 0, max = 20) int offset) {
        byte[] framed = new byte[stream.length + 2 * offset];
        System.arraycopy(stream, 0, framed, offset, stream.length);
        ByteBuffer in = ByteBuffer.wrap(framed, offset, stream.length).slice();
        ModbusSession session = new ModbusSession(otb.dissect.DissectorConfig.defaults(), Direction.TO_SERVER);
        otb.dissect.StreamContext context = new otb.dissect.StreamContext(ModbusFixtures.FLOW, Direction.TO_CLIENT,
                "p", 1, 1);
        int guard = 0;
        while (in.hasRemaining() && guard++ < 10_000) {
            int before = in.position();
            if (session.parse(in, context, e -> { }) == otb.dissect.ParseStatus.NEED_MORE) {
                assertEquals(before, in.position());
                break;
            }
            assertTrue(in.position() > before);
        }
        assertTrue(guard < 10_000);
    }
}
