package otb.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import otb.dissect.PlainText;

/**
 * Collects alerts and prints them for people, in capture order, within {@link #WIDTH} columns:
 * per alert one line of short fields (id, state, severity, kind, first seen, count, the short
 * process context {@link otb.baseline.alert.AlertContext#column}, cell), then
 * indented lines with the route and the full function name, what the baseline expected and what
 * was seen, and for an alert that touches a point its process context (value before and after,
 * learned envelope, correlated points), wrapped. {@code otb alerts show ID} prints one alert with every field.
 */
final class AlertTable implements AlertSink {
    /** Terminal columns the table fits in. */
    static final int WIDTH = 120;
    /** Indentation of an alert's second and later lines. */
    private static final String INDENT = "    ";
    /** Columns before the cell: id, state, severity, kind, first seen (as wide as its format), count, context. */
    private static final String ROW = "%-16s %-12s %-8s %-27s %-";
    private static final String ROW_END = "s %5s %-" + AlertTable.CONTEXT_WIDTH + "s %s";
    /** The short context column: the change of the point an alert touches and whether it is within what was learned. */
    static final int CONTEXT_WIDTH = 10;
    private static final int CELL_MIN_WIDTH = 10;

    /**
     * One row: an alert, its triage state as shown ({@code new}, ..., or {@code not stored}), and
     * in a site database the sensors that saw it (empty elsewhere).
     */
    record Row(Alert alert, String state, List<String> sensors) {
        Row(Alert alert, String state) {
            this(alert, state, List.of());
        }
    }

    private final List<Alert> alerts = new ArrayList<>();

    @Override
    public void accept(Alert alert) {
        alerts.add(alert);
    }

    List<Alert> alerts() {
        return alerts;
    }

    long atOrAbove(Severity severity) {
        return alerts.stream().filter(a -> a.severity().compareTo(severity) >= 0).count();
    }

    /** Prints the collected alerts in capture order, each with the state {@code stateOf} gives it. */
    void print(PrintStream out, TimeFormat time, Function<Alert, String> stateOf) {
        List<Alert> sorted = new ArrayList<>(alerts);
        sorted.sort(Comparator.comparingLong(Alert::firstNanos).thenComparing(Alert::id));
        print(out, time, sorted.stream().map(a -> new Row(a, stateOf.apply(a))).toList());
    }

    static void print(PrintStream out, TimeFormat time, List<Row> rows) {
        if (rows.isEmpty()) {
            out.println("no alerts");
            return;
        }
        int timeWidth = time.formatSeconds(rows.get(0).alert().firstNanos()).length();
        String rowFormat = ROW + timeWidth + ROW_END;
        int cellWidth = Math.max(CELL_MIN_WIDTH, WIDTH - String.format(rowFormat, "", "", "", "", "", "", "", "").length());
        out.println(String.format(rowFormat, "ID", "STATE", "SEVERITY", "KIND", time.local() ? "FIRST SEEN" : "FIRST SEEN (UTC)",
                "COUNT", "CTX", "CELL").stripTrailing());
        out.println(INDENT + "route and function / expected: the baseline's fact / seen: what departed from it");
        for (Row row : rows) {
            Alert alert = row.alert();
            out.println(String.format(rowFormat, alert.id(), row.state(), alert.severity().wireName(), alert.kind().name(),
                    time.formatSeconds(alert.firstNanos()), alert.count(), alert.context().column(CONTEXT_WIDTH),
                    cut(PlainText.escape(alert.cell()), cellWidth)).stripTrailing());
            String route = route(alert);
            String function = function(alert);
            String where = (route.isEmpty() ? "" : route + "  ") + function;
            if (!where.isBlank()) {
                wrap(out, INDENT, where.strip());
            }
            if (!alert.baselineFact().isEmpty()) {
                wrap(out, INDENT + "expected: ", alert.baselineFact());
            }
            wrap(out, INDENT + "seen:     ", alert.detail());
            if (!alert.context().isEmpty()) {
                wrap(out, INDENT + "context:  ", alert.context().compact().replace("->", "\u2192"));
            }
            if (!row.sensors().isEmpty()) {
                wrap(out, INDENT + "sensors:  ", String.join(", ", row.sensors()));
            }
        }
        out.printf("%d alerts ('otb alerts show ID' prints one in full)%n", rows.size());
    }

    /** {@code client -> server}, {@code ?} for a missing end, "" when the alert has neither. */
    static String route(Alert alert) {
        if (alert.src().isEmpty() && alert.dst().isEmpty()) {
            return "";
        }
        return (alert.src().isEmpty() ? "?" : alert.src()) + " -> " + (alert.dst().isEmpty() ? "?" : alert.dst());
    }

    /** Protocol and the function's full name with its code, e.g. {@code modbus write_single_register (6)}. */
    static String function(Alert alert) {
        StringBuilder text = new StringBuilder(alert.protocol());
        if (!alert.functionName().isEmpty()) {
            text.append(text.length() == 0 ? "" : " ").append(alert.functionName());
        }
        if (alert.function().isPresent()) {
            text.append(text.length() == 0 ? "" : " ").append('(').append(alert.function().getAsInt()).append(')');
        }
        return text.toString();
    }

    /**
     * Prints {@code text} after {@code lead}, wrapped at word boundaries within {@link #WIDTH}
     * columns; continuation lines are indented as deep as the lead. A word longer than a line is
     * split. Control characters in {@code text} (strings from the wire) show as {@code \xNN} ({@link PlainText}).
     */
    static void wrap(PrintStream out, String lead, String text) {
        text = PlainText.escape(text);
        int room = Math.max(20, WIDTH - lead.length());
        String pad = " ".repeat(lead.length());
        StringBuilder line = new StringBuilder();
        String prefix = lead;
        for (String word : text.strip().split(" +")) {
            while (word.length() > room) {
                if (line.length() > 0) {
                    out.println(prefix + line);
                    prefix = pad;
                    line.setLength(0);
                }
                out.println(prefix + word.substring(0, room));
                prefix = pad;
                word = word.substring(room);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                out.println(prefix + line);
                prefix = pad;
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        out.println((prefix + line).stripTrailing());
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
