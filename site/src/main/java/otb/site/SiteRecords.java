package otb.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;
import otb.baseline.model.BaselineCodec;
import otb.baseline.store.SiteBatch;
import otb.dissect.Json;

/**
 * The records a sensor publishes, as versioned JSON (README, "A site of many sensors"). Every
 * record carries {@code v} ({@value #VERSION}), {@code type} ({@code alert}, {@code baseline},
 * {@code health}), {@code sensor}, and the sensor's spool {@code epoch} and sequence number
 * {@code seq}. Version 2 sends a baseline one cell per record ({@code cell}; the sensor-wide part,
 * cell "", lists the cells held in {@code held}); version 1 sent it whole and is still read (a
 * whole baseline is read as the sensor-wide part of a sensor holding no other cell). A record of
 * another version or type, or one that does not parse, is refused with a one-line
 * {@link BadRecordException}; a hub counts and skips it.
 */
public final class SiteRecords {
    /** Version of the record format. */
    public static final int VERSION = 2;
    /** The oldest version a hub still reads. */
    public static final int OLDEST_VERSION = 1;
    /** Longest record a hub reads: a sensor's baseline of one site, encoded and in base64. */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SiteRecords() {
    }

    /** A record that is not one this otb reads. */
    public static final class BadRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        BadRecordException(String message) {
            super(message);
        }
    }

    /** What identifies a record's sender and its place in the sender's sequence. */
    public record Header(String sensor, long epoch, long seq) {
    }

    private static Map<String, Object> header(String type, Header header) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("v", VERSION);
        record.put("type", type);
        record.put("sensor", header.sensor());
        record.put("epoch", header.epoch());
        record.put("seq", header.seq());
        return record;
    }

    /** An alert as it opened ({@code phase} opened) or in its final form ({@code phase} final). */
    public static String alert(Header header, Alert alert, boolean opened) {
        Map<String, Object> record = header("alert", header);
        record.put("phase", opened ? "opened" : "final");
        Map<String, Object> fields = alert.fields();
        fields.put("first_ns", alert.firstNanos());
        fields.put("last_ns", alert.lastNanos());
        fields.put("key", alert.key());
        fields.put("fold", new java.util.TreeMap<>(alert.fold()));
        record.put("alert", fields);
        return Json.write(record);
    }

    /**
     * One cell's part of a sensor's learned baseline ({@link otb.baseline.model.BaselineCells}):
     * its cells text and the part encoded as in a snapshot ({@link BaselineCodec}, base64). The
     * sensor-wide part (cell "") carries {@code held}, the cells the sensor's baseline has.
     *
     * @param model    the part, encoded by {@link BaselineCodec#encode}
     * @param messages messages the part counts (the sensor-wide part holds the sensor's)
     * @param held     the cells held, for the sensor-wide part; null for a cell's part
     */
    public static String baseline(Header header, String cell, byte[] model, long messages, String cellsText,
                                  long learnedNanos, long periodNanos, boolean learning, List<String> held) {
        Map<String, Object> record = header("baseline", header);
        record.put("cell", cell);
        record.put("learning", learning);
        record.put("learned_ns", learnedNanos);
        record.put("period_ns", periodNanos);
        record.put("messages", messages);
        record.put("cells", cellsText);
        if (held != null) {
            record.put("held", held);
        }
        record.put("model_format", BaselineCodec.FORMAT_VERSION);
        record.put("model", Base64.getEncoder().encodeToString(model));
        return Json.write(record);
    }

    /** A sensor's health: {@code counters} by name (numbers, booleans). */
    public static String health(Header header, Map<String, Object> counters) {
        Map<String, Object> record = header("health", header);
        record.putAll(counters);
        return Json.write(record);
    }

    /** One record read back, as the hub's batch item it becomes. */
    public sealed interface Parsed permits ParsedAlert, ParsedBaseline, ParsedHealth {
    }

    public record ParsedAlert(SiteBatch.Sighting sighting) implements Parsed {
    }

    public record ParsedBaseline(SiteBatch.SensorBaseline baseline) implements Parsed {
    }

    public record ParsedHealth(SiteBatch.SensorHealth health) implements Parsed {
    }

    /** Reads a record; a one-line BadRecordException when it is not one of this version. */
    public static Parsed parse(byte[] value) throws BadRecordException {
        if (value == null) {
            throw new BadRecordException("empty record");
        }
        if (value.length > MAX_RECORD_BYTES) {
            throw new BadRecordException("record of " + value.length + " bytes, more than " + MAX_RECORD_BYTES);
        }
        JsonNode record;
        try {
            record = JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new BadRecordException("not JSON: " + firstLine(e));
        }
        if (record == null || !record.isObject()) {
            throw new BadRecordException("not a JSON object");
        }
        int version = record.path("v").asInt(-1);
        if (version < OLDEST_VERSION || version > VERSION) {
            throw new BadRecordException("record version " + record.path("v") + "; this otb reads " + OLDEST_VERSION
                    + " to " + VERSION);
        }
        String sensor = text(record, "sensor");
        if (sensor.isEmpty() || sensor.contains(",")) {
            throw new BadRecordException("bad sensor id '" + sensor + "'");
        }
        long epoch = number(record, "epoch");
        long seq = number(record, "seq");
        String type = text(record, "type");
        switch (type) {
            case "alert":
                return new ParsedAlert(new SiteBatch.Sighting(sensor, epoch, seq, alert(record.path("alert"))));
            case "baseline":
                byte[] model;
                try {
                    model = Base64.getDecoder().decode(text(record, "model"));
                } catch (IllegalArgumentException e) {
                    throw new BadRecordException("model is not base64");
                }
                if (version == 1) { // a whole baseline
                    return new ParsedBaseline(new SiteBatch.SensorBaseline(sensor, epoch, seq, text(record, "cells"),
                            (int) number(record, "model_format"), model));
                }
                String cell = text(record, "cell");
                List<String> held = new ArrayList<>();
                if (cell.isEmpty()) {
                    JsonNode list = record.get("held");
                    if (list == null || !list.isArray()) {
                        throw new BadRecordException("sensor-wide baseline part without its 'held' cells");
                    }
                    for (JsonNode name : list) {
                        if (!name.isTextual() || name.asText().isEmpty()) {
                            throw new BadRecordException("bad cell in 'held': " + name);
                        }
                        held.add(name.asText());
                    }
                }
                return new ParsedBaseline(new SiteBatch.SensorBaseline(sensor, cell, epoch, seq, text(record, "cells"),
                        (int) number(record, "model_format"), model, held));
            case "health":
                return new ParsedHealth(new SiteBatch.SensorHealth(sensor, epoch, seq, record.toString()));
            default:
                throw new BadRecordException("unknown record type '" + type + "'");
        }
    }

    private static Alert alert(JsonNode fields) throws BadRecordException {
        if (!fields.isObject()) {
            throw new BadRecordException("alert record without an alert");
        }
        try {
            List<Long> frames = new ArrayList<>();
            for (JsonNode frame : fields.path("frames")) {
                frames.add(frame.asLong());
            }
            Map<String, String> fold = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = fields.path("fold").fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                fold.put(entry.getKey(), entry.getValue().asText());
            }
            JsonNode function = fields.path("func");
            String id = text(fields, "id");
            if (!id.matches("[0-9a-f]{16}")) {
                throw new BadRecordException("bad alert id '" + id + "'");
            }
            return new Alert(id, AlertKind.valueOf(text(fields, "kind")), Severity.parse(text(fields, "severity")),
                    number(fields, "first_ns"), number(fields, "last_ns"), number(fields, "count"),
                    text(fields, "cell"), text(fields, "src"), text(fields, "dst"), text(fields, "proto"),
                    function.isIntegralNumber() ? OptionalInt.of(function.asInt()) : OptionalInt.empty(),
                    fields.path("func_name").asText(""), frames, text(fields, "input"), text(fields, "baseline"),
                    text(fields, "detail"), text(fields, "key"), fold);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException("bad alert: " + e.getMessage());
        }
    }

    private static String text(JsonNode record, String field) throws BadRecordException {
        JsonNode node = record.get(field);
        if (node == null || !node.isTextual()) {
            throw new BadRecordException("field '" + field + "' missing or not text");
        }
        return node.asText();
    }

    private static long number(JsonNode record, String field) throws BadRecordException {
        JsonNode node = record.get(field);
        if (node == null || !node.isIntegralNumber()) {
            throw new BadRecordException("field '" + field + "' missing or not an integer");
        }
        return node.asLong();
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
