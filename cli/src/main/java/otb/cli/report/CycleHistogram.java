package otb.cli.report;

import java.util.Locale;
import otb.baseline.model.TimingSummary;

/**
 * A polling-cycle histogram as a small inline SVG ({@code svg.cycle-histogram}), drawn from a
 * learned {@link TimingSummary}. The summary keeps a distribution, not the observations, so the
 * bars are rebuilt from its quantiles: with up to {@link #EXACT_SAMPLES} intervals each interval's
 * own (bucketed) value is recovered exactly; beyond that, {@link #EXACT_SAMPLES} evenly spaced
 * quantiles each stand for an equal share of the intervals. The axis ends at the 99th percentile;
 * longer intervals (gaps in polling) get one separate bar after it.
 */
final class CycleHistogram {
    static final int BINS = 28;
    static final int EXACT_SAMPLES = 400;
    static final int WIDTH = 300;
    static final int HEIGHT = 120;
    private static final int LEFT = 34;
    private static final int RIGHT = 10;
    private static final int TOP = 10;
    private static final int BOTTOM = 26;
    /** Percentile closing the axis; longer intervals get their own bar after it. */
    private static final double AXIS_PERCENTILE = 99;

    private CycleHistogram() {
    }

    /**
     * Bar heights: intervals per bin over [low, high] in microseconds ({@link #BINS} bins), and the
     * intervals longer than {@code high} (drawn as a separate bar after a gap).
     */
    record Bins(double[] counts, long low, long high, double overflow) {
    }

    static Bins bins(TimingSummary timing) {
        long count = timing.count();
        long low = timing.minMicros();
        long high = timing.percentileMicros(AXIS_PERCENTILE);
        if (high <= low) {
            high = timing.maxMicros();
        }
        if (high <= low) {
            long pad = Math.max(1, low / 100);
            low = Math.max(0, low - pad);
            high = high + pad;
        }
        double[] counts = new double[BINS];
        int samples = (int) Math.min(count, EXACT_SAMPLES);
        double weight = (double) count / samples;
        double overflow = 0;
        for (int i = 0; i < samples; i++) {
            long value = timing.percentileMicros((i + 0.5) * 100.0 / samples);
            if (value > high) {
                overflow += weight;
                continue;
            }
            int bin = (int) ((value - low) * (double) BINS / (high - low));
            counts[Math.max(0, Math.min(BINS - 1, bin))] += weight;
        }
        return new Bins(counts, low, high, overflow);
    }

    /** The SVG, or an empty string when there are no intervals. */
    static String svg(TimingSummary timing, String label) {
        if (timing.count() == 0) {
            return "";
        }
        Bins bins = bins(timing);
        double max = bins.overflow;
        for (double value : bins.counts) {
            max = Math.max(max, value);
        }
        double plotHeight = HEIGHT - TOP - BOTTOM;
        // with longer intervals, two more slots: a gap and their bar
        double barWidth = (WIDTH - LEFT - RIGHT) / (double) (BINS + (bins.overflow > 0 ? 2 : 0));
        double plotWidth = barWidth * BINS;
        StringBuilder svg = new StringBuilder(2048);
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"cycle-histogram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                WIDTH, HEIGHT, WIDTH, HEIGHT, Html.text(label)));
        // axes
        svg.append(String.format(Locale.ROOT,
                "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", LEFT, TOP + plotHeight,
                WIDTH - RIGHT, TOP + plotHeight));
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                LEFT - 4, TOP + 8, countText(max)));
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">0</text>",
                LEFT - 4, TOP + plotHeight));
        for (int i = 0; i < BINS; i++) {
            bar(svg, bins.counts[i], max, plotHeight, LEFT + i * barWidth, barWidth, "bar",
                    binText(bins, i) + ": " + countText(bins.counts[i]) + " intervals");
        }
        if (bins.overflow > 0) {
            bar(svg, bins.overflow, max, plotHeight, LEFT + (BINS + 1) * barWidth, barWidth, "bar overflow",
                    "longer than " + ReportTimes.micros(bins.high) + " (up to " + ReportTimes.micros(timing.maxMicros())
                            + "): " + countText(bins.overflow) + " intervals");
        }
        long median = timing.medianMicros();
        double medianX = LEFT + (median - bins.low) / (double) (bins.high - bins.low) * plotWidth;
        if (medianX >= LEFT && medianX <= WIDTH - RIGHT) {
            svg.append(String.format(Locale.ROOT,
                    "<line class=\"median\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"><title>median %s</title></line>",
                    medianX, TOP - 4, medianX, TOP + plotHeight, Html.text(ReportTimes.micros(median))));
        }
        double tickY = TOP + plotHeight + 14;
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\">%s</text>", LEFT, tickY,
                Html.text(ReportTimes.micros(bins.low))));
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                LEFT + plotWidth, tickY, Html.text(ReportTimes.micros(bins.high))));
        if (bins.overflow > 0) {
            svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">\u2026</text>",
                    WIDTH - RIGHT, tickY));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static void bar(StringBuilder svg, double value, double max, double plotHeight, double x, double width,
                            String type, String title) {
        if (value <= 0) {
            return;
        }
        double height = Math.max(1, value / max * plotHeight);
        svg.append(String.format(Locale.ROOT,
                "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s</title></rect>",
                type, x + 0.5, TOP + plotHeight - height, Math.max(1, width - 1), height, Html.text(title)));
    }

    private static String binText(Bins bins, int i) {
        double step = (bins.high - bins.low) / (double) BINS;
        return ReportTimes.micros(bins.low + i * step) + " \u2013 " + ReportTimes.micros(bins.low + (i + 1) * step);
    }

    private static String countText(double value) {
        return value >= 10 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }
}
