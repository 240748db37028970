package otb.baseline.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import otb.dissect.Json;

/**
 * The process state around an alert that touches a point, for an operator to judge it: the
 * point's value before, the value written or reported, what the baseline learned of it, and
 * the same server's points that moved with it while learning, with their values at the alert
 * and {@link #AFTER_SECONDS} seconds later.
 *
 * @param point   the point, {@code space:address} on the alert's server ("" for no context)
 * @param before  its last value seen before the alert, empty when none was seen
 * @param value   the value written or reported, empty when the alert carries none
 * @param learned the learned envelope or value set, readable
 * @param related the points that moved with it while learning, most correlated first
 *                (at most {@link otb.baseline.model.PointCorrelation#PARTNERS})
 */
public record AlertContext(String point, OptionalDouble before, OptionalDouble value, String learned,
                           List<Related> related) {
    /** How long after the alert the related points' values are read again: 10 s of capture time. */
    public static final int AFTER_SECONDS = 10;
    /** No context: the alert touches no point. */
    public static final AlertContext NONE = new AlertContext("", OptionalDouble.empty(), OptionalDouble.empty(), "",
            List.of());

    /**
     * A point that moved with the alert's point while learning.
     *
     * @param point    {@code space:address} on the same server
     * @param together how often it moved within 2 s of a movement of the alert's point while learning ({@link otb.baseline.model.PointCorrelations})
     * @param atAlert  its last value seen at the alert, empty when none was seen
     * @param after    its last value seen {@link #AFTER_SECONDS} s after the alert (or at the end of
     *                 input, when sooner), empty when none was seen
     */
    public record Related(String point, long together, OptionalDouble atAlert, OptionalDouble after) {
    }

    public AlertContext {
        related = List.copyOf(related);
    }

    public boolean isEmpty() {
        return point.isEmpty();
    }

    /** The JSON-line {@code context} object. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("point", point);
        before.ifPresent(v -> f.put("before", v));
        value.ifPresent(v -> f.put("value", v));
        f.put("learned", learned);
        List<Object> list = new ArrayList<>();
        for (Related r : related) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("point", r.point());
            one.put("together", r.together());
            r.atAlert().ifPresent(v -> one.put("at_alert", v));
            r.after().ifPresent(v -> one.put("after", v));
            list.add(one);
        }
        f.put("related", list);
        f.put("after_s", AFTER_SECONDS);
        return f;
    }

    /** One cell of the alert table: {@code POINT BEFORE→VALUE}, e.g. {@code holding_register:100 50→900}. */
    public String shortText() {
        if (isEmpty()) {
            return "";
        }
        return point + " " + number(before) + "\u2192" + number(value);
    }

    /**
     * Whether the value written or reported lies within what the baseline learned of the point, as
     * {@link #learned} reads ({@code values {a, b}}: one of them; {@code envelope [min, max]}:
     * between them): {@code "in"}, {@code "out"}, or "" when there is no value or nothing learned.
     */
    public String envelopeMark() {
        if (value.isEmpty()) {
            return "";
        }
        double v = value.getAsDouble();
        try {
            int open = learned.indexOf('{');
            int close = learned.indexOf('}', open + 1);
            if (learned.contains("values {") && open >= 0 && close > open) {
                for (String known : learned.substring(open + 1, close).split(",")) {
                    if (!known.isBlank() && Double.parseDouble(known.strip()) == v) {
                        return "in";
                    }
                }
                return "out";
            }
            open = learned.indexOf("envelope [");
            close = learned.indexOf(']', open + 1);
            if (open >= 0 && close > open) {
                String[] bounds = learned.substring(open + "envelope [".length(), close).split(",");
                if (bounds.length == 2) {
                    return v >= Double.parseDouble(bounds[0].strip()) && v <= Double.parseDouble(bounds[1].strip())
                            ? "in" : "out";
                }
            }
        } catch (NumberFormatException e) {
            return "";
        }
        return "";
    }

    /**
     * The alert table's short context column, at most {@code width} characters: the change
     * {@code before→value} as a signed difference ({@code +720}; {@code =1450} when nothing was
     * seen before; "" when the alert carries no value) and the {@link #envelopeMark}, e.g.
     * {@code +720 out}; a difference too long for the column is cut with {@code …}.
     */
    public String column(int width) {
        if (isEmpty()) {
            return "";
        }
        String change = "";
        if (value.isPresent()) {
            change = before.isPresent()
                    ? signed(value.getAsDouble() - before.getAsDouble())
                    : "=" + number(value);
        }
        String mark = value.isPresent() ? envelopeMark() : "";
        if (change.isEmpty() && mark.isEmpty()) {
            return "point";
        }
        int room = width - (mark.isEmpty() ? 0 : mark.length() + 1);
        if (change.length() > room) {
            change = change.substring(0, Math.max(1, room - 1)) + "\u2026";
        }
        return (change + " " + mark).strip();
    }

    private static String signed(double difference) {
        String text = number(OptionalDouble.of(difference));
        return difference > 0 ? "+" + text : difference == 0 ? "\u00b10" : text;
    }

    /**
     * The compact form for syslog CEF: {@code POINT BEFORE->VALUE learned LEARNED; with P AT->AFTER, ...}.
     */
    public String compact() {
        if (isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(point).append(' ').append(number(before)).append("->")
                .append(number(value)).append(" learned ").append(learned);
        for (int i = 0; i < related.size(); i++) {
            Related r = related.get(i);
            text.append(i == 0 ? "; with " : ", ").append(r.point()).append(' ').append(number(r.atAlert()))
                    .append("->").append(number(r.after()));
        }
        return text.toString();
    }

    /** A value as JSON writes it, {@code ?} when unknown. */
    public static String number(OptionalDouble value) {
        if (value.isEmpty()) {
            return "?";
        }
        StringBuilder text = new StringBuilder();
        Json.number(text, value.getAsDouble());
        return text.toString();
    }

    /** A flat map of strings for storage (the store encodes it); {@link #fromMap} reads it back. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        if (isEmpty()) {
            return map;
        }
        map.put("point", point);
        before.ifPresent(v -> map.put("before", Double.toString(v)));
        value.ifPresent(v -> map.put("value", Double.toString(v)));
        map.put("learned", learned);
        for (int i = 0; i < related.size(); i++) {
            Related r = related.get(i);
            String prefix = "r" + i;
            map.put(prefix + ".point", r.point());
            map.put(prefix + ".together", Long.toString(r.together()));
            r.atAlert().ifPresent(v -> map.put(prefix + ".at", Double.toString(v)));
            r.after().ifPresent(v -> map.put(prefix + ".after", Double.toString(v)));
        }
        return map;
    }

    /**
     * The context {@link #toMap} wrote; {@link #NONE} for an empty map.
     *
     * @throws IllegalArgumentException when a number does not parse (a damaged store)
     */
    public static AlertContext fromMap(Map<String, String> map) {
        if (map.isEmpty() || !map.containsKey("point")) {
            return NONE;
        }
        List<Related> related = new ArrayList<>();
        for (int i = 0; map.containsKey("r" + i + ".point") && i < 64; i++) {
            related.add(new Related(map.get("r" + i + ".point"), Long.parseLong(map.getOrDefault("r" + i + ".together",
                    "0")), optional(map.get("r" + i + ".at")), optional(map.get("r" + i + ".after"))));
        }
        return new AlertContext(map.get("point"), optional(map.get("before")), optional(map.get("value")),
                map.getOrDefault("learned", ""), related);
    }

    private static OptionalDouble optional(String text) {
        return text == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(text));
    }
}
