package otb.baseline.sign;

/**
 * Escapes of the {@code .otbb} text: a value is one line, so backslash, line feed and carriage
 * return are escaped ({@code \\ \n \r}); a token of an entry line is also free of blanks
 * ({@code \s} for a space, {@code \t} for a tab) and {@code \e} stands for the empty token.
 * Any other backslash sequence or a raw control character is refused.
 */
final class DocumentText {
    private DocumentText() {
    }

    /** A malformed escape; the message says what. */
    static final class EscapeException extends Exception {
        private static final long serialVersionUID = 1L;

        EscapeException(String message) {
            super(message);
        }
    }

    static String value(String text) {
        return escape(text, false);
    }

    static String token(String text) {
        return text.isEmpty() ? "\\e" : escape(text, true);
    }

    private static String escape(String text, boolean token) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case ' ' -> out.append(token ? "\\s" : " ");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    static String unescapeValue(String text) throws EscapeException {
        return unescape(text, false);
    }

    static String unescapeToken(String text) throws EscapeException {
        if (text.equals("\\e")) {
            return "";
        }
        if (text.isEmpty()) {
            throw new EscapeException("empty token");
        }
        return unescape(text, true);
    }

    private static String unescape(String text, boolean token) throws EscapeException {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || (token && c == ' ')) {
                throw new EscapeException("raw control character or blank in a value");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new EscapeException("a value ends in a backslash");
            }
            char next = text.charAt(++i);
            switch (next) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 's' -> {
                    if (!token) {
                        throw new EscapeException("unknown escape \\s");
                    }
                    out.append(' ');
                }
                case 'u' -> {
                    if (i + 4 >= text.length()) {
                        throw new EscapeException("truncated \\u escape");
                    }
                    int code;
                    try {
                        code = Integer.parseInt(text.substring(i + 1, i + 5), 16);
                    } catch (NumberFormatException e) {
                        throw new EscapeException("bad \\u escape");
                    }
                    if (!(code < 0x20 || code == 0x7F) || code == '\n' || code == '\r' || code == '\t') {
                        throw new EscapeException("\\u escape of a character that needs none");
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> throw new EscapeException("unknown escape \\" + next);
            }
        }
        return out.toString();
    }
}
