package otb.cli.report;

/**
 * Escaping for text that reaches a report from the database. Everything that came off the wire
 * (identities, addresses, function names, alert details) or from configuration (cell names) goes
 * through {@link #text}; nothing from the database is ever written raw, so markup in a Modbus
 * device identification or an S7 module name shows as text and never becomes an element.
 */
public final class Html {
    private Html() {
    }

    /**
     * The string as HTML text and attribute content (the same escaping serves both, inside
     * double-quoted attributes): {@code & < > " '} become character references, and control
     * characters that HTML forbids and lone surrogates (which UTF-8 cannot encode) become U+FFFD.
     */
    public static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> isForbiddenControl(c) || isLoneSurrogate(value, i) ? "\uFFFD" : null;
            };
            if (Character.isHighSurrogate(c) && replacement == null) {
                // a valid pair: copy both halves
                if (out != null) {
                    out.append(c).append(value.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16);
                out.append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    /** A surrogate without its other half, which no encoding can write. */
    private static boolean isLoneSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        return Character.isLowSurrogate(c);
    }

    /** C0 controls other than tab, line feed and carriage return, DEL and the C1 controls. */
    private static boolean isForbiddenControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
    }

    /** The string cut to {@code max} characters, with an ellipsis when cut (before escaping). */
    static String shorten(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        return value.substring(0, Math.max(0, max - 1)) + "\u2026";
    }
}
