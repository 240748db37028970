package otb.cli.report;

import java.util.Locale;
import otb.baseline.TimingSummary;

/**
 * A polling-cycle histogram as a small inline SVG ({@code svg.cycle-histogram}), drawn from a
 * learned {@link TimingSummary}. The summary keeps a distribution, not the observations, so the
 * bars are rebuilt from its quantiles: with up to {@link #EXACT_SAMPLES} intervals each interval's
 * own (bucketed) value is recovered exactly; beyond that, {@link #EXACT_SAMPLES} evenly spaced
 * quantiles each stand for an equal share of the intervals.
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
    /** Percentile closing the axis; longer intervals fall into the last bar, marked as overflow. */
    private static final double AXIS_PERCENTILE = 99;

    private CycleHistogram() {
    }

    /** Bar heights (intervals per bin) over [low, high] in microseconds; the last bin also holds longer ones. */
    record Bins(double[] counts, long low, long high, boolean overflow) {
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
        boolean overflow = false;
        for (int i = 0; i < samples; i++) {
            long value = timing.percentileMicros((i + 0.5) * 100.0 / samples);
            int bin = (int) ((value - low) * (double) BINS / (high - low));
            if (bin >= BINS) {
                overflow |= value > high;
                bin = BINS - 1;
            }
            counts[Math.max(0, bin)] += weight;
        }
        return new Bins(counts, low, high, overflow);
    }

    /** The SVG, or an empty string when there are no intervals. */
    static String svg(TimingSummary timing, String label) {
        if (timing.count() == 0) {
            return "";
        }
        Bins bins = bins(timing);
        double max = 0;
        for (double value : bins.counts) {
            max = Math.max(max, value);
        }
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double barWidth = plotWidth / BINS;
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
            double value = bins.counts[i];
            if (value <= 0) {
                continue;
            }
            double height = Math.max(1, value / max * plotHeight);
            boolean overflowBar = bins.overflow && i == BINS - 1;
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"bar%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s</title></rect>",
                    overflowBar ? " overflow" : "", LEFT + i * barWidth + 0.5, TOP + plotHeight - height,
                    Math.max(1, barWidth - 1), height,
                    Html.text(binText(bins, i) + ": " + countText(value) + " intervals")));
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
        svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s%s</text>",
                WIDTH - RIGHT, tickY, Html.text(ReportTimes.micros(bins.high)), bins.overflow ? "+" : ""));
        svg.append("</svg>");
        return svg.toString();
    }

    private static String binText(Bins bins, int i) {
        double step = (bins.high - bins.low) / (double) BINS;
        String from = ReportTimes.micros(bins.low + i * step);
        if (bins.overflow && i == BINS - 1) {
            return "\u2265 " + from;
        }
        return from + " \u2013 " + ReportTimes.micros(bins.low + (i + 1) * step);
    }

    private static String countText(double value) {
        return value >= 10 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }
}
