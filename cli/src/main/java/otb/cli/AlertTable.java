package otb.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;

/** Collects alerts and prints them as a table for people, in capture order. */
final class AlertTable implements AlertSink {
    private static final int DETAIL_WIDTH = 70;
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

    void print(PrintStream out, TimeFormat time) {
        List<Alert> sorted = new ArrayList<>(alerts);
        sorted.sort(Comparator.comparingLong(Alert::firstNanos).thenComparing(Alert::id));
        print(out, time, sorted);
    }

    static void print(PrintStream out, TimeFormat time, List<Alert> alerts) {
        if (alerts.isEmpty()) {
            out.println("no alerts");
            return;
        }
        out.printf("%-8s  %-27s  %-30s  %5s  %-16s  %-33s  %-22s  %s%n", "SEVERITY", "KIND", "FIRST SEEN", "COUNT",
                "CELL", "SOURCE -> DESTINATION", "PROTOCOL / FUNCTION", "WHAT WAS SEEN");
        for (Alert alert : alerts) {
            String route = alert.src().isEmpty() && alert.dst().isEmpty() ? "-"
                    : (alert.src().isEmpty() ? "?" : alert.src()) + " -> " + (alert.dst().isEmpty() ? "?" : alert.dst());
            String function = alert.protocol()
                    + (alert.functionName().isEmpty() ? "" : " " + alert.functionName());
            out.printf("%-8s  %-27s  %-30s  %5d  %-16s  %-33s  %-22s  %s%n", alert.severity().wireName(),
                    alert.kind().name(), time.format(alert.firstNanos()), alert.count(), cut(alert.cell(), 16),
                    cut(route, 33), cut(function.isBlank() ? "-" : function.strip(), 22), cut(alert.detail(), DETAIL_WIDTH));
        }
        out.printf("%d alerts%n", alerts.size());
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
