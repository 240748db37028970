package otb.dissect.iec104;

import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.Malformed;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.StreamContext;

/** Byte fixtures for IEC 104 tests: hex, APDUs from their fields, and a stream feeder. */
final class Iec104Bytes {
    private Iec104Bytes() {
    }



    /**
     * An I-format APDU (104 clause 5.1, figure 6): 68H, length (4 + ASDU), N(S) and N(R) each
     * shifted left one bit, little-endian, then the ASDU given in hex.
     */
    static byte[] information(int sendSequence, int receiveSequence, String asduHex) {
        byte[] asdu = hex(asduHex);
        return concat(new byte[] {0x68, (byte) (4 + asdu.length),
            (byte) (sendSequence << 1), (byte) (sendSequence >> 7),
            (byte) (receiveSequence << 1), (byte) (receiveSequence >> 7)}, asdu);
    }

    /** An S-format APDU (figure 7): 68H 04H 01H 00H, then N(R) shifted left one bit. */
    static byte[] supervisory(int receiveSequence) {
        return new byte[] {0x68, 0x04, 0x01, 0x00, (byte) (receiveSequence << 1), (byte) (receiveSequence >> 7)};
    }

    /** A U-format APDU (figure 8): 68H 04H, the function bits with 03H, three zero octets. */
    static byte[] unnumbered(int functionBits) {
        return new byte[] {0x68, 0x04, (byte) (functionBits | 0x03), 0x00, 0x00, 0x00};
    }

    static Flow tcpFlow() {
        return new Flow(1, 0, Transport.TCP, IpAddress.parse("10.0.0.1"), 40000, IpAddress.parse("10.0.0.2"),
                Iec104Protocol.PORT, 0, 0, 0, true);
    }

    /**
     * Drives a session the way the dispatcher does on TCP: each chunk is appended to the
     * unconsumed tail and parsed until the session needs more, checking that every call
     * consumes input or waits without consuming.
     */
    static final class Feeder {
        final Iec104Session session;
        final List<OtEvent> events = new ArrayList<>();
        final StreamContext context;
        private final byte[][] tails = {new byte[0], new byte[0]};
        private long frame;

        Feeder(DissectorConfig config) {
            this.session = new Iec104Session(config, Direction.TO_SERVER);
            this.context = new StreamContext(tcpFlow(), Direction.TO_SERVER, "test", 0, 0);
        }

        Feeder() {
            this(DissectorConfig.defaults());
        }

        /** Feeds one delivery (one "packet", frame number incremented, 1 ms later) in {@code direction}. */
        Feeder feed(Direction direction, byte[] chunk) {
            frame++;
            context.set(context.flow(), direction, "test", frame, frame * 1_000_000L);
            int side = direction.ordinal();
            ByteBuffer in = ByteBuffer.wrap(concat(tails[side], chunk));
            Consumer<OtEvent> out = events::add;
            while (in.hasRemaining()) {
                int before = in.position();
                ParseStatus status = session.parse(in, context, out);
                if (status == ParseStatus.NEED_MORE) {
                    if (in.position() != before) {
                        throw new AssertionError("NEED_MORE after consuming bytes");
                    }
                    break;
                }
                if (status != ParseStatus.OK || in.position() == before) {
                    throw new AssertionError("no progress: " + status);
                }
            }
            tails[side] = Arrays.copyOfRange(in.array(), in.position(), in.limit());
            return this;
        }

        Feeder toServer(byte[] chunk) {
            return feed(Direction.TO_SERVER, chunk);
        }

        Feeder toClient(byte[] chunk) {
            return feed(Direction.TO_CLIENT, chunk);
        }

        /** Feeds {@code bytes} in chunks of {@code size}. */
        Feeder chunked(Direction direction, byte[] bytes, int size) {
            for (int at = 0; at < bytes.length; at += size) {
                feed(direction, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + size)));
            }
            return this;
        }

        int buffered(Direction direction) {
            return tails[direction.ordinal()].length;
        }

        List<OtMessage> messages() {
            return events.stream().filter(e -> e instanceof OtMessage).map(e -> (OtMessage) e).toList();
        }

        List<Malformed> malformed() {
            return events.stream().filter(e -> e instanceof Malformed).map(e -> (Malformed) e).toList();
        }
    }
}
