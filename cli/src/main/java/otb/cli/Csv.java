package otb.cli;

import java.util.List;
import otb.dissect.PlainText;

/**
 * The one escaping point for CSV (RFC 4180), for every CSV otb writes. A field is first made
 * plain text ({@link PlainText}: control characters, tab and carriage return included, become
 * {@code \xNN}); one that a spreadsheet would take for a formula — it starts with {@code =},
 * {@code +}, {@code -} or {@code @} — gets a leading apostrophe, so a device name from the wire
 * such as {@code =HYPERLINK(...)} stays text when the file is opened (OWASP, "CSV Injection");
 * a field holding a comma, a quote or a line break is quoted, its quotes doubled.
 */
final class Csv {
    private Csv() {
    }

    /** {@code text} as one CSV field (see the class). */
    static String field(String text) {
        String plain = PlainText.escape(text);
        if (!plain.isEmpty() && "=+-@".indexOf(plain.charAt(0)) >= 0) {
            plain = "'" + plain;
        }
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (c == '"' || c == ',' || c == '\r' || c == '\n') {
                return '"' + plain.replace("\"", "\"\"") + '"';
            }
        }
        return plain;
    }

    /** One CSV record of {@code fields}, each through {@link #field}, ended by CRLF. */
    static String record(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (String value : fields) {
            line.append(line.isEmpty() ? "" : ",").append(field(value));
        }
        return line.append("\r\n").toString();
    }
}
