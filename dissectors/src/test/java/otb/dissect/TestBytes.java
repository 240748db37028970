package otb.dissect;

import java.io.ByteArrayOutputStream;

/** Bytes for dissector tests: frames written as hex, and frames put together from parts. */
public final class TestBytes {
    private TestBytes() {
    }

    /** The bytes of hex text; anything but hex digits (spaces, separators) is left out. */
    public static byte[] hex(String text) {
        String digits = text.replaceAll("[^0-9a-fA-F]", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + text);
        }
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /** The parts one after another. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
