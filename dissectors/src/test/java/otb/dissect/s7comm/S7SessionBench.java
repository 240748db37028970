package otb.dissect.s7comm;

import static otb.dissect.TestBytes.concat;
import static otb.dissect.s7comm.S7Fixtures.bytes;
import static otb.dissect.s7comm.S7Fixtures.dataItem;
import static otb.dissect.s7comm.S7Fixtures.dt;
import static otb.dissect.s7comm.S7Fixtures.s7;
import static otb.dissect.s7comm.S7Fixtures.s7Ack;
import static otb.dissect.s7comm.S7Fixtures.s7any;

import java.nio.ByteBuffer;
import otb.capture.Direction;
import otb.dissect.DissectorConfig;
import otb.dissect.StreamContext;

/**
 * Bench script (not a test): S7 messages per second through one session, parsing whole
 * segments of 100 TPKTs as the dispatcher hands them over. Run after {@code mvn -o -q -pl
 * dissectors -am test-compile}:
 * <pre>
 * java -cp capture/target/classes:dissectors/target/classes:dissectors/target/test-classes \
 *      otb.dissect.s7comm.S7SessionBench
 * </pre>
 */
public final class S7SessionBench {
    private S7SessionBench() {
    }

    public static void main(String[] args) {
        byte[] request = dt(s7(0x01, 0x0100, concat(bytes(0x04, 0x02), s7any(0x04, 4, 12, 0x84, 10, 0),
                s7any(0x02, 2, 0, 0x83, 0, 0)), bytes()));
        byte[] response = dt(s7Ack(0x03, 0x0100, 0, 0, bytes(0x04, 0x02), concat(
                dataItem(0xFF, 0x04, 64, new byte[8]), dataItem(0xFF, 0x04, 16, new byte[2]))));
        ByteBuffer requests = ByteBuffer.wrap(repeat(request, 100));
        ByteBuffer responses = ByteBuffer.wrap(repeat(response, 100));
        S7Session session = new S7Session(DissectorConfig.defaults());
        StreamContext toServer = new StreamContext(S7Fixtures.flow(), Direction.TO_SERVER, "bench", 1, 0);
        StreamContext toClient = new StreamContext(S7Fixtures.flow(), Direction.TO_CLIENT, "bench", 2, 0);
        long[] count = new long[1];
        for (int round = 0; round < 5; round++) {
            count[0] = 0;
            long start = System.nanoTime();
            for (int segment = 0; segment < 20_000; segment++) {
                requests.position(0);
                while (requests.hasRemaining()) {
                    session.parse(requests, toServer, event -> count[0]++);
                }
                responses.position(0);
                while (responses.hasRemaining()) {
                    session.parse(responses, toClient, event -> count[0]++);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %d messages in %.2f s = %.0f messages/s%n", round, count[0], seconds,
                    count[0] / seconds);
        }
    }

    private static byte[] repeat(byte[] frame, int times) {
        byte[] out = new byte[frame.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(frame, 0, out, i * frame.length, frame.length);
        }
        return out;
    }
}
