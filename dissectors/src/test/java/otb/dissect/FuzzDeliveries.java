package otb.dissect;

import otb.capture.Direction;

/**
 * The input of the dissector fuzz targets ({@code *FuzzTest}): a conversation as deliveries, fed
 * to one session through its {@link SessionFeeder}, which checks the parser contract on every
 * call (NEED_MORE consumes nothing, OK makes progress). Encoding, per delivery: one header byte
 * (bit 0 the direction, 0 to the server and 1 to the client; bit 1 a gap instead of data; bits
 * 2-7 a chunk size, 0 for the whole delivery at once), two bytes of length (big-endian, masked to
 * at most 2047), then that many bytes (fewer at the end of the input). {@code fuzz/make-seeds.py}
 * writes real captures in this encoding as the targets' seeds.
 *
 * <p>After the conversation, every event must render as one JSON line (the dissect output) and
 * the events must stay bounded by the input: each consumed some of it.
 */
public final class FuzzDeliveries {
    private static final int MAX_LENGTH = 0x7FF;

    private FuzzDeliveries() {
    }

    /** Feeds {@code data}, decoded as above, to {@code feeder}; throws on a broken contract. */
    public static void feed(byte[] data, SessionFeeder<?, ?> feeder) {
        int at = 0;
        long bytes = 0;
        int deliveries = 0;
        while (at + 3 <= data.length) {
            int header = data[at] & 0xFF;
            int length = ((data[at + 1] & 0xFF) << 8 | (data[at + 2] & 0xFF)) & MAX_LENGTH;
            at += 3;
            Direction direction = (header & 1) == 0 ? Direction.TO_SERVER : Direction.TO_CLIENT;
            deliveries++;
            if ((header & 2) != 0) {
                feeder.gap(direction, length + 1L);
                continue;
            }
            int end = Math.min(data.length, at + length);
            byte[] chunk = java.util.Arrays.copyOfRange(data, at, end);
            at = end;
            bytes += chunk.length;
            int size = header >> 2;
            if (size == 0 || chunk.length == 0) {
                feeder.feed(direction, chunk);
            } else {
                feeder.chunked(direction, chunk, size);
            }
        }
        if (feeder.events.size() > 2 * bytes + 2L * deliveries + 16) {
            throw new AssertionError(feeder.events.size() + " events from " + bytes + " bytes in " + deliveries
                    + " deliveries");
        }
        for (OtEvent event : feeder.events) {
            String line = MessageRecord.jsonLine(event);
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0 || !line.startsWith("{")) {
                throw new AssertionError("not one JSON line: " + line);
            }
        }
    }
}
