package otb.cli;

import otb.dissect.PlainText;

/**
 * The one escaping point for Markdown ({@code otb diff --format markdown}): a string from the wire
 * or the database shows as the same text in any renderer and never becomes markup. Characters that
 * start HTML become character references ({@code &lt;script&gt;}), those that start links, images,
 * code, emphasis with {@code *} or {@code ~}, or table cells are escaped with a backslash, and
 * control characters become {@code \xNN} ({@link PlainText}), line breaks included, so a table row
 * stays one row. Underscores are kept, for identifiers such as {@code device_name} to stay readable
 * on a terminal; between spaces they may italicise, which changes no text.
 */
final class Markdown {
    private Markdown() {
    }

    static String text(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\\', '`', '*', '[', ']', '|', '~' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return PlainText.escape(out.toString());
    }
}
