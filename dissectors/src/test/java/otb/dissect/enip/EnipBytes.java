package otb.dissect.enip;

import static otb.dissect.TestBytes.concat;
import otb.dissect.SessionFeeder;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;

/** Byte fixtures of EtherNet/IP and CIP, little-endian as on the wire, and a feeder that drives a session. */
final class EnipBytes {
    private EnipBytes() {
    }

    static final long SESSION = 0x12020100L;
    static final IpAddress SCANNER = IpAddress.parse("10.0.0.1");
    static final IpAddress ADAPTER = IpAddress.parse("10.0.0.2");



    static byte[] u16(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8)};
    }

    static byte[] u32(long value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    /** Vol 2 2-3: command, length, session handle, status, sender context (8), options, then the data. */
    static byte[] encapsulation(int command, long session, long status, long context, byte[] data) {
        return concat(u16(command), u16(data.length), u32(session), u32(status), u32(context), u32(context >>> 32),
                u32(0), data);
    }

    /** SendRRData: interface handle 0, timeout 5, two items: null address, unconnected data holding {@code cip}. */
    static byte[] sendRrData(long context, byte[] cip) {
        return encapsulation(0x6F, SESSION, 0, context, concat(u32(0), u16(5), u16(2),
                u16(0x0000), u16(0), u16(0x00B2), u16(cip.length), cip));
    }

    /** SendUnitData: interface 0, timeout 0, connected address item (id), connected data item (sequence count, cip). */
    static byte[] sendUnitData(long connection, int sequence, byte[] cip) {
        return encapsulation(0x70, SESSION, 0, 0, concat(u32(0), u16(0), u16(2),
                u16(0x00A1), u16(4), u32(connection), u16(0x00B1), u16(cip.length + 2), u16(sequence), cip));
    }

    /** Vol 1 2-4.1: service, path size in words, path, data. */
    static byte[] request(int service, byte[] path, byte[] data) {
        return concat(new byte[] {(byte) service, (byte) (path.length / 2)}, path, data);
    }

    /** Vol 1 2-4.2: service | 0x80, reserved, general status, extended status words, data. */
    static byte[] reply(int service, int status, int[] extended, byte[] data) {
        byte[] words = new byte[2 * extended.length];
        for (int i = 0; i < extended.length; i++) {
            words[2 * i] = (byte) extended[i];
            words[2 * i + 1] = (byte) (extended[i] >>> 8);
        }
        return concat(new byte[] {(byte) (service | 0x80), 0, (byte) status, (byte) extended.length}, words, data);
    }

    /** 8-bit class and instance segments (0x20 class, 0x24 instance), and an attribute (0x30) when at least 0. */
    static byte[] path(int classId, int instance, int attribute) {
        byte[] path = {0x20, (byte) classId, 0x24, (byte) instance};
        return attribute < 0 ? path : concat(path, new byte[] {0x30, (byte) attribute});
    }

    /** One ANSI extended symbol segment (0x91, length, characters, pad to even). */
    static byte[] symbol(String name) {
        byte[] chars = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] segment = concat(new byte[] {(byte) 0x91, (byte) chars.length}, chars);
        return chars.length % 2 == 0 ? segment : concat(segment, new byte[1]);
    }

    static Flow tcpFlow() {
        return new Flow(1, 0, Transport.TCP, SCANNER, 40000, ADAPTER, EnipProtocols.ENCAPSULATION_PORT, 0, 0, 0, true);
    }

    static Flow udpIoFlow() {
        return new Flow(2, 0, Transport.UDP, SCANNER, EnipProtocols.IMPLICIT_IO_PORT, ADAPTER,
                EnipProtocols.IMPLICIT_IO_PORT, 0, 0, 0, false);
    }

    /**
     * Drives a session the way the dispatcher does: on TCP each chunk is appended to the
     * unconsumed tail and parsed until the session needs more; a UDP chunk is one datagram.
     */
    /** An EtherNet/IP session fed as the Dispatcher feeds it (see {@link SessionFeeder}); on UDP, datagram by datagram. */
    static final class Feeder extends SessionFeeder<EnipSession, Feeder> {
        Feeder(DissectorConfig config, ConnectionTable connections, Flow flow) {
            super(new EnipSession(config, connections), flow);
        }

        Feeder() {
            this(DissectorConfig.defaults(), new ConnectionTable(), tcpFlow());
        }
    }
}
