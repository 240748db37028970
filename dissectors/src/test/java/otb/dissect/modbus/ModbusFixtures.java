package otb.dissect.modbus;

import java.nio.ByteBuffer;
import java.util.List;
import otb.dissect.SessionFeeder;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.OtMessage;

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
    /** A Modbus session fed as the Dispatcher feeds it (see {@link SessionFeeder}), frames numbered by the test. */
    static final class Feeder extends SessionFeeder<ModbusSession, Feeder> {
        Feeder() {
            this(DissectorConfig.defaults());
        }

        Feeder(DissectorConfig config) {
            super(new ModbusSession(config, Direction.TO_SERVER), FLOW);
        }

        Feeder request(byte[] bytes, long frame) {
            return feed(Direction.TO_SERVER, bytes, frame, frame * 1_000_000L);
        }

        Feeder response(byte[] bytes, long frame) {
            return feed(Direction.TO_CLIENT, bytes, frame, frame * 1_000_000L);
        }

        /** Feeds {@code bytes} in chunks of {@code size}, every chunk a new frame number from {@code firstFrame}. */
        Feeder chunked(Direction direction, byte[] bytes, int size, long firstFrame) {
            long frame = firstFrame;
            for (int at = 0; at < bytes.length; at += size, frame++) {
                feed(direction, java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + size)), frame,
                        frame * 1_000_000L);
            }
            return this;
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
