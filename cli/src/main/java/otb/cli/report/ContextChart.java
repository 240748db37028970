package otb.cli.report;

import java.util.Locale;
import java.util.OptionalDouble;
import otb.baseline.alert.AlertContext;

/**
 * The process context of one alert as a small inline SVG ({@code svg.context-chart}): three
 * instants across (before the alert, at it, {@link AlertContext#AFTER_SECONDS} s after) and one
 * row per point, the alert's point first (before → value written or reported, in the alert's
 * colour), then the points that moved with it while learning (at the alert → after). Each row
 * has its own scale: the chart shows which way each point went, the labels say how far.
 */
final class ContextChart {
    static final int WIDTH = 380;
    private static final int ROW = 20;
    private static final int LABEL = 130;
    private static final int TOP = 16;
    private static final double X_BEFORE = LABEL + 30;
    private static final double X_ALERT = LABEL + 110;
    private static final double X_AFTER = LABEL + 180;

    private ContextChart() {
    }

    static String svg(AlertContext context) {
        int rows = 1 + context.related().size();
        int height = TOP + rows * ROW + 4;
        StringBuilder svg = new StringBuilder(1024);
        svg.append("<svg class=\"context-chart\" role=\"img\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" aria-label=\"").append(Html.text("process context of " + context.point())).append("\">");
        svg.append("<text x=\"").append(fmt(X_BEFORE)).append("\" y=\"10\" class=\"axis\" text-anchor=\"middle\">before</text>")
                .append("<text x=\"").append(fmt(X_ALERT)).append("\" y=\"10\" class=\"axis\" text-anchor=\"middle\">alert</text>")
                .append("<text x=\"").append(fmt(X_AFTER)).append("\" y=\"10\" class=\"axis\" text-anchor=\"middle\">+")
                .append(AlertContext.AFTER_SECONDS).append(" s</text>");
        svg.append("<line x1=\"").append(fmt(X_ALERT)).append("\" y1=\"12\" x2=\"").append(fmt(X_ALERT))
                .append("\" y2=\"").append(height).append("\" stroke=\"#b91c1c\" stroke-dasharray=\"2 2\"/>");
        row(svg, 0, context.point(), "alert-point", X_BEFORE, context.before(), X_ALERT, context.value());
        for (int i = 0; i < context.related().size(); i++) {
            AlertContext.Related related = context.related().get(i);
            row(svg, i + 1, related.point(), "related-point", X_ALERT, related.atAlert(), X_AFTER, related.after());
        }
        return svg.append("</svg>").toString();
    }

    private static void row(StringBuilder svg, int index, String point, String cssClass, double x0, OptionalDouble v0,
                            double x1, OptionalDouble v1) {
        double top = TOP + index * ROW;
        double bottom = top + ROW - 6;
        svg.append("<g class=\"").append(cssClass).append("\" data-point=\"").append(Html.text(point)).append("\">");
        svg.append("<text x=\"0\" y=\"").append(fmt(bottom)).append("\">").append(Html.text(Html.shorten(point, 20)))
                .append("</text>");
        String colour = index == 0 ? "#b91c1c" : "#2563eb";
        double middle = (top + bottom) / 2;
        double y0 = middle;
        double y1 = middle;
        if (v0.isPresent() && v1.isPresent()) {
            double a = v0.getAsDouble();
            double b = v1.getAsDouble();
            double low = Math.min(a, b);
            double high = Math.max(a, b);
            if (high > low) {
                y0 = bottom - (bottom - top) * (a - low) / (high - low);
                y1 = bottom - (bottom - top) * (b - low) / (high - low);
            }
            svg.append("<line x1=\"").append(fmt(x0)).append("\" y1=\"").append(fmt(y0)).append("\" x2=\"")
                    .append(fmt(x1)).append("\" y2=\"").append(fmt(y1)).append("\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\"/>");
        }
        mark(svg, x0, y0, bottom, v0, colour, "end");
        mark(svg, x1, y1, bottom, v1, colour, "start");
        svg.append("</g>");
    }

    private static void mark(StringBuilder svg, double x, double y, double bottom, OptionalDouble value, String colour,
                             String anchor) {
        svg.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y)).append("\" r=\"2.5\" fill=\"")
                .append(value.isPresent() ? colour : "#9ca3af").append("\"/>");
        svg.append("<text x=\"").append(fmt(anchor.equals("end") ? x - 5 : x + 5)).append("\" y=\"").append(fmt(bottom))
                .append("\" text-anchor=\"").append(anchor).append("\" class=\"value\">")
                .append(Html.text(AlertContext.number(value))).append("</text>");
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
