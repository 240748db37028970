package otb.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import otb.baseline.alert.Alert;
import otb.baseline.alert.Severity;

/**
 * Alerts over capture time as inline SVG ({@code svg.alert-timeline}): one lane per severity,
 * one {@code circle.alert-mark} per stored alert (bigger when it was counted more often), linked
 * to its row of the alert table. Captures analysed months apart would squash each burst into one
 * dot on a single linear axis, so the axis breaks wherever alerts are more than
 * {@link #BREAK_GAP_NANOS} apart; each stretch of activity gets its own linear segment.
 */
final class AlertTimeline {
    static final long BREAK_GAP_NANOS = 3_600_000_000_000L;
    static final int MAX_SEGMENTS = 6;
    static final int WIDTH = 1120;
    private static final int LEFT = 78;
    private static final int RIGHT = 16;
    private static final int TOP = 14;
    private static final int LANE = 26;
    private static final int BREAK_WIDTH = 26;
    private static final int AXIS_LABELS = 34;
    /** Room per intermediate time tick on the axis. */
    private static final double TICK_SPACING = 190;
    /** Marks closer than this in one lane are spread vertically. */
    private static final double MARK_SPACING = 7;

    private AlertTimeline() {
    }

    /** A stretch of capture time with alerts: [first, last] in nanoseconds, and its x range. */
    private record Segment(long first, long last, double x0, double x1) {
        double x(long nanos) {
            if (last == first) {
                return (x0 + x1) / 2;
            }
            double margin = Math.min(10, (x1 - x0) / 4);
            return x0 + margin + (nanos - first) / (double) (last - first) * (x1 - x0 - 2 * margin);
        }
    }

    /** The SVG; {@code rowId} gives the table row id an alert links to. */
    static String svg(List<Alert> alerts, ReportTimes times, java.util.function.Function<Alert, String> rowId) {
        List<Alert> sorted = new ArrayList<>(alerts);
        sorted.sort(Comparator.comparingLong(Alert::firstNanos).thenComparing(Alert::id));
        List<Segment> segments = segments(sorted);
        Severity[] lanes = Severity.values();
        int plotHeight = lanes.length * LANE;
        int height = TOP + plotHeight + AXIS_LABELS;
        StringBuilder svg = new StringBuilder(4096);
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"alert-timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"alert timeline\">",
                WIDTH, height, WIDTH, height));
        for (int i = 0; i < lanes.length; i++) {
            Severity severity = lanes[lanes.length - 1 - i];
            double y = TOP + i * LANE + LANE / 2.0;
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"lane\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                            + "<text class=\"lane-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">%s</text>",
                    LEFT, y, WIDTH - RIGHT, y, LEFT - 10, y + 4, Palette.severity(severity), severity.wireName()));
        }
        double axisY = TOP + plotHeight;
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                    segment.x0, axisY, segment.x1, axisY));
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%s</text>", segment.x0,
                    axisY + 14, Html.text(times.time(segment.first))));
            String span = segment.last == segment.first ? "one instant"
                    : "spans " + ReportTimes.nanos(segment.last - segment.first);
            svg.append(String.format(Locale.ROOT, "<text class=\"tick muted\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                    segment.x0, axisY + 27, Html.text(span)));
            // intermediate ticks with the time of day, where the segment has room for them
            int ticks = segment.last == segment.first ? 0 : (int) ((segment.x1 - segment.x0) / TICK_SPACING);
            for (int k = 1; k <= ticks; k++) {
                long nanos = segment.first + (segment.last - segment.first) * k / ticks;
                double x = segment.x(nanos);
                String label = times.time(nanos);
                svg.append(String.format(Locale.ROOT,
                        "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                                + "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
                        x, axisY, x, axisY + 4, x, axisY + 14, k == ticks ? "end" : "middle",
                        Html.text(label.length() >= 19 ? label.substring(11, 19) : label)));
            }
            if (s + 1 < segments.size()) {
                Segment next = segments.get(s + 1);
                double x = (segment.x1 + next.x0) / 2;
                svg.append(String.format(Locale.ROOT,
                        "<g class=\"axis-break\"><path d=\"M%.1f,%.1f l-4,8 M%.1f,%.1f l-4,8\"/><title>%s without alerts</title></g>",
                        x - 2, axisY - 4, x + 4, axisY - 4,
                        Html.text(ReportTimes.nanos(next.first - segment.last))));
            }
        }
        List<List<Double>> placed = new ArrayList<>();
        for (int i = 0; i < lanes.length; i++) {
            placed.add(new ArrayList<>());
        }
        for (Alert alert : sorted) {
            Segment segment = segmentOf(segments, alert.firstNanos());
            double x = segment.x(alert.firstNanos());
            int lane = lanes.length - 1 - alert.severity().ordinal();
            // marks that would cover each other in a lane step up and down around its line
            int near = 0;
            for (double other : placed.get(lane)) {
                if (Math.abs(other - x) < MARK_SPACING) {
                    near++;
                }
            }
            placed.get(lane).add(x);
            double shift = Math.min(LANE / 2.0 - 3, ((near + 1) / 2) * 5.0) * (near % 2 == 1 ? -1 : 1);
            double y = TOP + lane * LANE + LANE / 2.0 + shift;
            double radius = Math.min(10, 5 + 3 * Math.log10(Math.max(1, alert.count())));
            String title = alert.kind().name() + " \u00b7 " + alert.severity().wireName() + " \u00b7 "
                    + times.time(alert.firstNanos()) + (alert.count() > 1 ? " \u00b7 \u00d7" + alert.count() : "")
                    + (alert.src().isEmpty() ? "" : "\n" + alert.src() + (alert.dst().isEmpty() ? "" : " \u2192 "
                    + alert.dst())) + (alert.detail().isEmpty() ? "" : "\n" + alert.detail());
            svg.append("<a href=\"#").append(rowId.apply(alert)).append("\">");
            svg.append(String.format(Locale.ROOT,
                    "<circle class=\"alert-mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" data-id=\"%s\""
                            + " data-severity=\"%s\" data-kind=\"%s\"><title>%s</title></circle></a>",
                    x, y, radius, Palette.severity(alert.severity()), Html.text(alert.id()),
                    alert.severity().wireName(), alert.kind().name(), Html.text(title)));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static Segment segmentOf(List<Segment> segments, long nanos) {
        for (Segment segment : segments) {
            if (nanos <= segment.last) {
                return segment;
            }
        }
        return segments.get(segments.size() - 1);
    }

    /** Splits the sorted alerts at their largest gaps beyond {@link #BREAK_GAP_NANOS}. */
    private static List<Segment> segments(List<Alert> sorted) {
        List<long[]> gaps = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            long gap = sorted.get(i).firstNanos() - sorted.get(i - 1).firstNanos();
            if (gap > BREAK_GAP_NANOS) {
                gaps.add(new long[] {gap, i});
            }
        }
        gaps.sort((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < Math.min(gaps.size(), MAX_SEGMENTS - 1); i++) {
            starts.add((int) gaps.get(i)[1]);
        }
        starts.sort(null);
        int count = starts.size();
        double plotWidth = WIDTH - LEFT - RIGHT - (count - 1) * BREAK_WIDTH;
        // each segment gets a share of the width that grows with its number of alerts, at least an equal part's half
        double[] share = new double[count];
        double total = 0;
        for (int s = 0; s < count; s++) {
            int end = s + 1 < count ? starts.get(s + 1) : sorted.size();
            share[s] = Math.sqrt(Math.max(1, end - starts.get(s)));
            total += share[s];
        }
        List<Segment> segments = new ArrayList<>();
        double x = LEFT;
        for (int s = 0; s < count; s++) {
            int begin = starts.get(s);
            int end = s + 1 < count ? starts.get(s + 1) : sorted.size();
            double width = plotWidth * (0.5 / count + 0.5 * share[s] / total);
            long first = sorted.isEmpty() ? 0 : sorted.get(begin).firstNanos();
            long last = sorted.isEmpty() ? 0 : sorted.get(end - 1).firstNanos();
            segments.add(new Segment(first, last, x, x + width));
            x += width + BREAK_WIDTH;
        }
        return segments;
    }
}
