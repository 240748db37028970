package otb.dissect.mms;

import java.nio.ByteBuffer;

/**
 * ITU-T X.690 basic encoding rules, as far as ISO session user data, presentation, ACSE and MMS
 * use them: identifier octets (8.1.2), definite lengths in short and long form (8.1.3). Stateless;
 * every read is absolute and bounded by the enclosing element's end, never by a length from the
 * wire alone.
 */
final class Ber {
    private Ber() {
    }

    /** X.690 8.1.2.2: class bits of the identifier octet. */
    static final int CLASS_UNIVERSAL = 0x00;
    static final int CLASS_APPLICATION = 0x40;
    static final int CLASS_CONTEXT = 0x80;
    /** X.690 8.1.2.5: the constructed bit. */
    static final int CONSTRUCTED = 0x20;
    /** X.690 8.1.2.4: tag numbers of 31 and more follow the first octet, 7 bits an octet. */
    private static final int HIGH_TAG = 0x1F;
    /** X.690 8.1.3.6: 0x80 is the indefinite form, which otb does not follow. */
    private static final int INDEFINITE = 0x80;

    /**
     * One element: identifier class and constructed bit, tag number, where its contents lie.
     *
     * @param identifier the first identifier octet (class and constructed bits are read from it)
     * @param tag        the tag number, 0..{@link MmsLimits#MAX_TAG_NUMBER}
     * @param start      absolute offset of the element's first octet
     * @param contents   absolute offset of its contents
     * @param end        absolute offset just past its contents
     */
    record Element(int identifier, int tag, int start, int contents, int end) {
        int tagClass() {
            return identifier & 0xC0;
        }

        boolean constructed() {
            return (identifier & CONSTRUCTED) != 0;
        }

        boolean is(int tagClass, int number) {
            return tagClass() == tagClass && tag == number;
        }

        int length() {
            return end - contents;
        }
    }

    /** Why bytes are not an element; stable snake_case words for anomalies. */
    static final String TRUNCATED = "ber_truncated";
    static final String INDEFINITE_LENGTH = "ber_indefinite_length";
    static final String LENGTH_TOO_LONG = "ber_length_too_long";
    static final String TAG_TOO_LONG = "ber_tag_too_long";

    /** An element, or why none could be read. */
    record Read(Element element, String failure) {
        boolean ok() {
            return element != null;
        }
    }

    /** Reads the element at {@code offset}, which must end by {@code limit}. */
    static Read read(ByteBuffer in, int offset, int limit) {
        if (offset >= limit) {
            return new Read(null, TRUNCATED);
        }
        int identifier = in.get(offset) & 0xFF;
        int at = offset + 1;
        int tag = identifier & HIGH_TAG;
        if (tag == HIGH_TAG) {
            tag = 0;
            int octets = 0;
            while (true) {
                if (at >= limit) {
                    return new Read(null, TRUNCATED);
                }
                int octet = in.get(at++) & 0xFF;
                tag = (tag << 7) | (octet & 0x7F);
                if (++octets > MmsLimits.MAX_TAG_OCTETS) {
                    return new Read(null, TAG_TOO_LONG);
                }
                if ((octet & 0x80) == 0) {
                    break;
                }
            }
        }
        if (at >= limit) {
            return new Read(null, TRUNCATED);
        }
        int first = in.get(at++) & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == INDEFINITE) {
            return new Read(null, INDEFINITE_LENGTH);
        } else {
            int octets = first & 0x7F;
            if (octets > MmsLimits.MAX_LENGTH_OCTETS) {
                return new Read(null, LENGTH_TOO_LONG);
            }
            if (at + octets > limit) {
                return new Read(null, TRUNCATED);
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (in.get(at++) & 0xFF);
            }
        }
        if (length > limit - at) {
            return new Read(null, TRUNCATED);
        }
        return new Read(new Element(identifier, tag, offset, at, at + (int) length), null);
    }

    /**
     * The first child of {@code parent} with that class and tag, searching no deeper than its
     * direct children; null when there is none or the children do not parse.
     */
    static Element child(ByteBuffer in, Element parent, int tagClass, int number) {
        int at = parent.contents();
        while (at < parent.end()) {
            Read read = read(in, at, parent.end());
            if (!read.ok()) {
                return null;
            }
            if (read.element().is(tagClass, number)) {
                return read.element();
            }
            at = read.element().end();
        }
        return null;
    }

    /** The first child of {@code parent}, or null. */
    static Element firstChild(ByteBuffer in, Element parent) {
        Read read = read(in, parent.contents(), parent.end());
        return read.ok() ? read.element() : null;
    }

    /**
     * A non-negative INTEGER's contents (X.690 8.3) as a long, or -1 when it is empty, longer than
     * {@link MmsLimits#MAX_INTEGER_OCTETS} octets or negative.
     */
    static long unsigned(ByteBuffer in, Element element) {
        int length = element.length();
        if (length == 0 || length > MmsLimits.MAX_INTEGER_OCTETS || (in.get(element.contents()) & 0x80) != 0) {
            return -1;
        }
        long value = 0;
        for (int i = element.contents(); i < element.end(); i++) {
            value = (value << 8) | (in.get(i) & 0xFF);
        }
        return value;
    }

    /** A string's contents as text, printable ASCII kept, at most {@link MmsLimits#MAX_NAME_CHARS} characters. */
    static String text(ByteBuffer in, Element element) {
        int length = Math.min(element.length(), MmsLimits.MAX_NAME_CHARS);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int c = in.get(element.contents() + i) & 0xFF;
            text.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return text.toString();
    }

    /** True when the contents equal {@code bytes} (an object identifier's encoding, say). */
    static boolean contentsEqual(ByteBuffer in, Element element, byte[] bytes) {
        if (element.length() != bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (in.get(element.contents() + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
