package otb.dissect.dnp3;

import static otb.dissect.TestBytes.concat;
import java.nio.ByteBuffer;
import otb.dissect.SessionFeeder;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;

/** Byte fixtures for DNP3 tests: hex, link frames with CRCs, and a stream feeder. */
final class Dnp3Bytes {
    private Dnp3Bytes() {
    }



    /**
     * A link frame: start octets, LENGTH, CONTROL, destination and source (little-endian),
     * header CRC, then the user data in 16-octet blocks each followed by its CRC.
     */
    static byte[] linkFrame(int control, int destination, int source, byte[] userData) {
        ByteBuffer frame = ByteBuffer.allocate(LinkFrame.frameBytes(5 + userData.length));
        frame.put((byte) 0x05).put((byte) 0x64).put((byte) (5 + userData.length)).put((byte) control)
                .put((byte) destination).put((byte) (destination >> 8))
                .put((byte) source).put((byte) (source >> 8));
        putCrc(frame, 0, 8);
        for (int offset = 0; offset < userData.length; offset += 16) {
            int length = Math.min(16, userData.length - offset);
            int at = frame.position();
            frame.put(userData, offset, length);
            putCrc(frame, at, length);
        }
        return frame.array();
    }

    private static void putCrc(ByteBuffer frame, int from, int length) {
        int crc = Crc16Dnp.compute(frame, from, length);
        frame.put((byte) crc).put((byte) (crc >> 8));
    }

    /** Master (address 1) to outstation (address 10): DIR, PRM, unconfirmed user data. */
    static byte[] fromMaster(byte[] transportSegment) {
        return linkFrame(0xC4, 10, 1, transportSegment);
    }

    /** Outstation (address 10) to master (address 1): PRM, unconfirmed user data. */
    static byte[] fromOutstation(byte[] transportSegment) {
        return linkFrame(0x44, 1, 10, transportSegment);
    }

    /** Application fragment {@code app} in one transport segment (FIR, FIN, sequence {@code seq}). */
    static byte[] single(int seq, byte[] app) {
        return concat(new byte[] {(byte) (0xC0 | seq)}, app);
    }

    static Flow tcpFlow() {
        return new Flow(1, 0, Transport.TCP, IpAddress.parse("10.0.0.1"), 40000, IpAddress.parse("10.0.0.2"),
                20000, 0, 0, 0, true);
    }

    /**
     * Drives a session the way the dispatcher does on TCP: each chunk is appended to the
     * unconsumed tail and parsed until the session needs more.
     */
    /** A DNP3 session fed as the Dispatcher feeds it (see {@link SessionFeeder}). */
    static final class Feeder extends SessionFeeder<Dnp3Session, Feeder> {
        Feeder(DissectorConfig config) {
            super(new Dnp3Session(config), tcpFlow());
        }

        Feeder() {
            this(DissectorConfig.defaults());
        }
    }
}
