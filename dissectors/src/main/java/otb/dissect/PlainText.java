package otb.dissect;

/**
 * The one escaping point for plain text — the terminal, CSV, CEF — where a control character
 * would act instead of show: a string from the wire (a device name, an S7 module name) must never
 * move the cursor, retitle the window or clear the screen. Control characters (C0, DEL, C1) become
 * {@code \xNN}; invisible format characters (bidirectional overrides, zero-width characters), line and
 * paragraph separators and lone surrogates become a backslash, {@code u} and four hex digits. Everything else, backslash
 * included, is kept: the text stays readable, at the price that a literal {@code \x1b} on the wire
 * reads the same as an escaped ESC. {@link Json} is the point for JSON.
 */
public final class PlainText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PlainText() {
    }

    /** {@code text} with every character that would not show as itself escaped (see the class). */
    public static String escape(String text) {
        int i = 0;
        while (i < text.length() && shows(text, i)) {
            i += Character.isHighSurrogate(text.charAt(i)) ? 2 : 1;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        while (i < text.length()) {
            char c = text.charAt(i);
            if (shows(text, i)) {
                out.append(c);
                if (Character.isHighSurrogate(c)) {
                    out.append(text.charAt(++i));
                }
            } else if (c < 0x100) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            }
            i++;
        }
        return out.toString();
    }

    /** Whether the character at {@code i} (a valid surrogate pair counting as one) shows as itself. */
    private static boolean shows(String text, int i) {
        char c = text.charAt(i);
        if (c >= 0x20 && c < 0x7F) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    && Character.getType(text.codePointAt(i)) != Character.FORMAT;
        }
        if (Character.isLowSurrogate(c)) {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
