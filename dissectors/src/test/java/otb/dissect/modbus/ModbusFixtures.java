package otb.dissect.modbus;

import static otb.dissect.TestBytes.concat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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

/** Byte fixtures and a stream feeder that drives a session the way the dispatcher does. */
final class ModbusFixtures {
    private ModbusFixtures() {
    }

    static final Flow FLOW = new Flow(1, 0, Transport.TCP, IpAddress.parse("10.0.0.1"), 40000,
            IpAddress.parse("10.0.0.2"), 502, 0, 0, 0, true);

    /** Bytes from ints 0..255 (so fixtures can be written as the wire shows them). */
    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** An MBAP ADU: transaction id, protocol id 0, length = unit + PDU, unit, then the PDU. */
    static byte[] adu(int transactionId, int unit, int... pdu) {
        return aduWithProtocol(transactionId, 0, unit, pdu);
    }

    static byte[] aduWithProtocol(int transactionId, int protocolId, int unit, int... pdu) {
        byte[] out = new byte[7 + pdu.length];
        ByteBuffer b = ByteBuffer.wrap(out);
        b.putShort((short) transactionId).putShort((short) protocolId).putShort((short) (pdu.length + 1))
                .put((byte) unit);
        for (int value : pdu) {
            b.put((byte) value);
        }
        return out;
    }



    /**
     * Feeds one session chunk by chunk, as the dispatcher does: parse in place, keep an
     * incomplete tail, append the next chunk to it. Fails on a parse call that neither consumes
     * nor waits (the dispatcher would drop bytes then; a session must never make it).
     */
    static final class Feeder {
        final ModbusSession session;
        final List<OtEvent> events = new ArrayList<>();
        private final StreamContext context = new StreamContext();
        private final byte[][] tails = {new byte[0], new byte[0]};
        long parseCalls;

        Feeder() {
            this(DissectorConfig.defaults());
        }

        Feeder(DissectorConfig config) {
            this.session = new ModbusSession(config, Direction.TO_SERVER);
        }

        Feeder feed(Direction direction, byte[] chunk, long frame, long nanos) {
            context.set(FLOW, direction, "test", frame, nanos);
            byte[] joined = concat(tails[direction.ordinal()], chunk);
            ByteBuffer in = ByteBuffer.wrap(joined);
            while (in.hasRemaining()) {
                int before = in.position();
                parseCalls++;
                ParseStatus status = session.parse(in, context, event -> events.add(event));
                if (status == ParseStatus.NEED_MORE) {
                    if (in.position() != before) {
                        throw new AssertionError("NEED_MORE after consuming bytes");
                    }
                    break;
                }
                if (status != ParseStatus.OK || in.position() == before) {
                    throw new AssertionError("parse made no progress: " + status);
                }
            }
            byte[] tail = new byte[in.remaining()];
            in.get(tail);
            tails[direction.ordinal()] = tail;
            return this;
        }

        Feeder request(byte[] bytes, long frame) {
            return feed(Direction.TO_SERVER, bytes, frame, frame * 1_000_000L);
        }

        Feeder response(byte[] bytes, long frame) {
            return feed(Direction.TO_CLIENT, bytes, frame, frame * 1_000_000L);
        }

        /** Feeds {@code bytes} in chunks of {@code size}, every chunk a new frame number. */
        Feeder chunked(Direction direction, byte[] bytes, int size, long firstFrame) {
            long frame = firstFrame;
            for (int at = 0; at < bytes.length; at += size) {
                int length = Math.min(size, bytes.length - at);
                byte[] chunk = new byte[length];
                System.arraycopy(bytes, at, chunk, 0, length);
                feed(direction, chunk, frame, frame * 1_000_000L);
                frame++;
            }
            return this;
        }

        Feeder gap(Direction direction, long missing) {
            tails[direction.ordinal()] = new byte[0];
            session.gap(context.set(FLOW, direction, "test", 0, 0), missing, event -> events.add(event));
            return this;
        }

        int buffered(Direction direction) {
            return tails[direction.ordinal()].length;
        }

        List<OtMessage> messages() {
            List<OtMessage> out = new ArrayList<>();
            for (OtEvent event : events) {
                if (event instanceof OtMessage message) {
                    out.add(message);
                }
            }
            return out;
        }

        List<Malformed> malformed() {
            List<Malformed> out = new ArrayList<>();
            for (OtEvent event : events) {
                if (event instanceof Malformed m) {
                    out.add(m);
                }
            }
            return out;
        }

        OtMessage last() {
            List<OtMessage> all = messages();
            if (all.isEmpty()) {
                throw new AssertionError("no message emitted");
            }
            return all.get(all.size() - 1);
        }
    }
}
