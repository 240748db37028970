package otb.cli.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import otb.baseline.model.Conversation;
import otb.baseline.model.FunctionUse;
import otb.baseline.model.RangeSet;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;

/** The function-code matrix of the report: conversations by function, one table per protocol. */
final class FunctionMatrix {
    private FunctionMatrix() {
    }

    /**
     * Appends the matrix of {@code protocol}'s conversations (at most {@code maxRows}) to
     * {@code html}: a column per function, a request count per cell, coloured by operation.
     */
    static void append(StringBuilder html, Protocol protocol, List<Conversation> conversations, int maxRows) {
        // columns: every function of the protocol's conversations, by code then name
        Map<String, FunctionUse> columns = new TreeMap<>();
        Map<String, String> order = new TreeMap<>();
        for (Conversation conversation : conversations) {
            for (FunctionUse use : conversation.functions()) {
                String key = String.format(Locale.ROOT, "%08d %s", use.code() < 0 ? 99_999_999 : use.code(), use.name());
                columns.putIfAbsent(key, use);
                order.putIfAbsent(key, use.label());
            }
        }
        html.append("<h3>").append(Html.text(Palette.protocolLabel(protocol.wireName()))).append("</h3>");
        html.append("<div class=\"scroll\"><table class=\"matrix\" data-protocol=\"").append(protocol.wireName())
                .append("\"><thead><tr><th>Cell</th><th>Conversation</th><th class=\"num\">Unit</th>");
        for (Map.Entry<String, FunctionUse> column : columns.entrySet()) {
            FunctionUse use = column.getValue();
            html.append("<th class=\"fn\" title=\"").append(Html.text(use.label() + " (" + use.operation().wireName() + ")"))
                    .append("\"><span>").append(Html.text(use.label())).append("</span><br><span class=\"op\" style=\"background:")
                    .append(operationColour(use.operation())).append("\"></span></th>");
        }
        html.append("</tr></thead><tbody>");
        for (Conversation conversation : conversations.subList(0, Math.min(conversations.size(), maxRows))) {
            html.append("<tr class=\"matrix-row\"><td class=\"mono-cell\">").append(Html.text(conversation.serverCell()))
                    .append("</td><td class=\"mono-cell\">").append(Html.text(conversation.key().client().toString()))
                    .append(" \u2192 ").append(Html.text(conversation.key().server().toString()))
                    .append("</td><td class=\"num\">").append(conversation.key().unit()).append("</td>");
            for (FunctionUse column : columns.values()) {
                FunctionUse use = find(conversation, column);
                if (use == null) {
                    html.append("<td class=\"count\"></td>");
                    continue;
                }
                boolean responsesOnly = use.requests() == 0;
                String operationClass = Palette.isChange(use.operation()) && !responsesOnly
                        ? " op-" + use.operation().wireName() : "";
                html.append("<td class=\"count").append(operationClass).append(responsesOnly ? " responses-only" : "")
                        .append("\" title=\"").append(Html.text(functionTitle(use))).append("\">")
                        .append(responsesOnly ? use.responses() : use.requests()).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table></div>");
    }

    private static FunctionUse find(Conversation conversation, FunctionUse column) {
        for (FunctionUse use : conversation.functions()) {
            if (use.code() == column.code() && use.name().equals(column.name())) {
                return use;
            }
        }
        return null;
    }

    private static String functionTitle(FunctionUse use) {
        StringBuilder text = new StringBuilder();
        text.append(use.label()).append(" (").append(use.operation().wireName()).append("): ").append(use.requests())
                .append(" requests, ").append(use.responses()).append(" responses");
        if (use.exceptions() > 0) {
            text.append(", ").append(use.exceptions()).append(" exceptions");
        }
        for (Map.Entry<String, RangeSet> range : use.ranges().entrySet()) {
            text.append("\n").append(range.getKey()).append(": ").append(range.getValue());
        }
        if (use.latency().count() > 0) {
            text.append("\nlatency median ").append(ReportTimes.micros(use.latency().medianMicros()));
        }
        return text.toString();
    }

    private static String operationColour(OperationClass operation) {
        return switch (operation) {
            case WRITE -> "#f87171";
            case CONTROL -> "#dc2626";
            case PROGRAM -> "#7f1d1d";
            case READ -> "#60a5fa";
            default -> "#cbd5e1";
        };
    }
}
