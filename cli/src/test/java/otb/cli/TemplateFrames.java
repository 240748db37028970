package otb.cli;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * TCP frames made from one captured frame of a connection (Ethernet, IPv4 without options, TCP
 * without options): its headers carry a new payload, swapped for the other side's frames, with
 * the IPv4 length and the TCP sequence numbers kept right. For tests that write a clean capture
 * of a real connection's hosts and ports.
 */
final class TemplateFrames {
    /** Ethernet, IPv4 and TCP headers without options. */
    static final int HEADERS = 54;

    private TemplateFrames() {
    }

    /**
     * The template's headers carrying {@code payload}; from the server (the template's destination)
     * when {@code fromServer}. {@code sequence} holds each side's next sequence number (client,
     * server) and is advanced past the payload.
     */
    static byte[] frame(byte[] template, boolean fromServer, long[] sequence, byte[] payload) {
        byte[] frame = Arrays.copyOf(template, HEADERS + payload.length);
        System.arraycopy(payload, 0, frame, HEADERS, payload.length);
        if (fromServer) {
            swap(frame, 0, 6, 6);    // MAC addresses
            swap(frame, 26, 30, 4);  // IPv4 addresses
            swap(frame, 34, 36, 2);  // TCP ports
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.putShort(16, (short) (frame.length - 14));            // IPv4 total length
        int side = fromServer ? 1 : 0;
        b.putInt(38, (int) sequence[side]).putInt(42, (int) sequence[1 - side]);
        sequence[side] += payload.length;
        return frame;
    }

    private static void swap(byte[] bytes, int a, int b, int length) {
        for (int i = 0; i < length; i++) {
            byte t = bytes[a + i];
            bytes[a + i] = bytes[b + i];
            bytes[b + i] = t;
        }
    }
}
