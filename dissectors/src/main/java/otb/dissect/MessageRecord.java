package otb.dissect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record form of dissection events, as {@code otb dissect --format jsonl} prints them: a
 * pure function from an event to ordered fields. Field names are documented in the README.
 */
public final class MessageRecord {
    private MessageRecord() {
    }

    /** ISO-8601 UTC with nanoseconds, e.g. {@code 2013-07-01T08:15:02.123456000Z}. */
    public static String timestamp(long nanos) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        String text = instant.toString();
        // Instant.toString drops trailing zero groups; always print nine fraction digits.
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text.substring(0, text.length() - 1) : text.substring(0, dot);
        String fraction = dot < 0 ? "" : text.substring(dot + 1, text.length() - 1);
        return whole + "." + (fraction + "000000000").substring(0, 9) + "Z";
    }

    /** Fields of a message or malformed event; empty for flow events. */
    public static Map<String, Object> fields(OtEvent event) {
        if (event instanceof OtMessage message) {
            return message(message);
        }
        if (event instanceof Malformed malformed) {
            return malformed(malformed);
        }
        return Map.of();
    }

    public static String jsonLine(OtEvent event) {
        Map<String, Object> fields = fields(event);
        return fields.isEmpty() ? "" : Json.write(fields);
    }

    private static Map<String, Object> message(OtMessage m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("frame", m.frame());
        f.put("ts", timestamp(m.timestampNanos()));
        f.put("src", m.src().toString());
        f.put("sport", m.srcPort());
        f.put("dst", m.dst().toString());
        f.put("dport", m.dstPort());
        f.put("vlan", m.flow().vlan());
        f.put("transport", m.flow().transport().wireName());
        f.put("proto", m.protocol().wireName());
        f.put("dir", m.role().wireName());
        f.put("unit", m.unit());
        if (m.function().isPresent()) {
            f.put("func", m.function().getAsInt());
        }
        f.put("func_name", m.functionName());
        f.put("op", m.operation().wireName());
        if (m.transactionId().isPresent()) {
            f.put("txid", m.transactionId().getAsLong());
        }
        if (m.isException()) {
            Map<String, Object> exception = new LinkedHashMap<>();
            exception.put("code", m.exceptionCode());
            exception.put("name", m.exceptionName());
            f.put("exception", exception);
        }
        if (!m.ranges().isEmpty()) {
            List<Object> points = new ArrayList<>(m.ranges().size());
            for (PointRange range : m.ranges()) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("space", range.space());
                point.put("start", range.start());
                point.put("count", range.count());
                points.add(point);
            }
            f.put("points", points);
        }
        if (!m.values().isEmpty()) {
            List<Object> values = new ArrayList<>(m.values().size());
            for (PointValue value : m.values()) {
                values.add(List.of(value.space(), value.address(), value.value()));
            }
            f.put("values", values);
        }
        if (!m.identity().isEmpty()) {
            f.put("identity", new java.util.TreeMap<>(m.identity()));
        }
        if (m.latencyNanos().isPresent()) {
            f.put("request_frame", m.requestFrame().orElse(0));
            f.put("latency_us", m.latencyNanos().getAsLong() / 1000);
        }
        if (!m.anomalies().isEmpty()) {
            f.put("anomalies", m.anomalies());
        }
        for (Map.Entry<String, Object> entry : m.detail().fields().entrySet()) {
            f.putIfAbsent(entry.getKey(), entry.getValue());
        }
        return f;
    }

    private static Map<String, Object> malformed(Malformed m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("frame", m.frame());
        f.put("ts", timestamp(m.timestampNanos()));
        f.put("src", m.flow().source(m.direction()).toString());
        f.put("sport", m.flow().sourcePort(m.direction()));
        f.put("dst", m.flow().destination(m.direction()).toString());
        f.put("dport", m.flow().destinationPort(m.direction()));
        f.put("vlan", m.flow().vlan());
        f.put("transport", m.flow().transport().wireName());
        f.put("proto", m.protocol().wireName());
        f.put("malformed", m.reason());
        f.put("skipped_bytes", m.skippedBytes());
        return f;
    }
}
