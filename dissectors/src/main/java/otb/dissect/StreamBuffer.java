package otb.dissect;

import java.nio.ByteBuffer;

/** The incomplete tail of one flow direction, waiting for the rest of its frame. Bounded. */
final class StreamBuffer {
    private ByteBuffer bytes = ByteBuffer.allocate(0);
    private int start;
    private int end;

    boolean isEmpty() {
        return end == start;
    }

    int size() {
        return end - start;
    }

    void clear() {
        start = 0;
        end = 0;
    }

    /** Appends {@code data} (position..limit, not moved); false when that would exceed {@code maxBytes}. */
    boolean append(ByteBuffer data, int maxBytes) {
        int length = data.remaining();
        if (size() + length > maxBytes) {
            return false;
        }
        if (end + length > bytes.capacity()) {
            int size = size();
            ByteBuffer grown = bytes.capacity() >= size + length
                    ? bytes : ByteBuffer.allocate(Math.min(maxBytes, Math.max(2 * bytes.capacity(), size + length)));
            if (size > 0) {
                grown.put(0, bytes, start, size);
            }
            bytes = grown;
            start = 0;
            end = size;
        }
        bytes.put(end, data, data.position(), length);
        end += length;
        return true;
    }

    /** A view of the buffered bytes; report how far the parser got with {@link #consumedTo}. */
    ByteBuffer readable() {
        return bytes.duplicate().limit(end).position(start);
    }

    void consumedTo(int position) {
        start = position;
        if (start == end) {
            clear();
        }
    }
}
