package otb.baseline.alert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import otb.dissect.Json;
import otb.dissect.MessageRecord;

/**
 * One de-duplicated alert: the first occurrence of its key in a window and how many followed.
 *
 * @param id            stable id: a hash of kind, key and first capture time, 16 hex digits
 * @param kind          what departed from the baseline
 * @param severity      base severity of the kind, shifted by the asset's or cell's criticality
 * @param firstNanos    capture time of the first occurrence, nanoseconds since the epoch
 * @param lastNanos     capture time of the last occurrence
 * @param count         occurrences folded into this alert
 * @param cell          cell of the server (or of the asset) at stake
 * @param src           source (client) address, "" when none
 * @param dst           destination (server) address, "" when none
 * @param protocol      protocol or service, "" when none
 * @param function      function code when one function is at stake
 * @param functionName  its name, "" when none
 * @param frames        frame numbers of the evidence, at most
 *                      {@link otb.baseline.detect.DetectionConfig#maxEvidenceFrames()}
 * @param input         file or interface the evidence came from
 * @param baselineFact  the baseline fact violated, readable
 * @param detail        what was seen, readable
 * @param key           de-duplication key
 * @param fold          the fact approving this alert adds to the baseline (empty map when none)
 * @param context       the process state around the point the alert touches ({@link AlertContext#NONE} when none)
 * @param incident      id of the incident the alert is a step of (16 hex digits, the id of its first
 *                      alert; "" when not assigned), see {@code otb.baseline.detect.Incidents}
 */
public record Alert(String id, AlertKind kind, Severity severity, long firstNanos, long lastNanos, long count,
                    String cell, String src, String dst, String protocol, OptionalInt function, String functionName,
                    List<Long> frames, String input, String baselineFact, String detail, String key,
                    Map<String, String> fold, AlertContext context, String incident) {

    public Alert {
        frames = List.copyOf(frames);
        fold = Map.copyOf(fold);
        context = context == null ? AlertContext.NONE : context;
        incident = incident == null ? "" : incident;
    }

    /** An alert without process context or incident. */
    public Alert(String id, AlertKind kind, Severity severity, long firstNanos, long lastNanos, long count,
                 String cell, String src, String dst, String protocol, OptionalInt function, String functionName,
                 List<Long> frames, String input, String baselineFact, String detail, String key,
                 Map<String, String> fold) {
        this(id, kind, severity, firstNanos, lastNanos, count, cell, src, dst, protocol, function, functionName, frames,
                input, baselineFact, detail, key, fold, AlertContext.NONE, "");
    }

    /** This alert as a step of incident {@code incident}. */
    public Alert withIncident(String incident) {
        return new Alert(id, kind, severity, firstNanos, lastNanos, count, cell, src, dst, protocol, function,
                functionName, frames, input, baselineFact, detail, key, fold, context, incident);
    }

    /** This alert with {@code context}. */
    public Alert withContext(AlertContext context) {
        return new Alert(id, kind, severity, firstNanos, lastNanos, count, cell, src, dst, protocol, function,
                functionName, frames, input, baselineFact, detail, key, fold, context, incident);
    }

    /** The documented JSON-line fields, in order. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", id);
        f.put("kind", kind.name());
        f.put("severity", severity.wireName());
        f.put("ts", MessageRecord.timestamp(firstNanos));
        f.put("last_ts", MessageRecord.timestamp(lastNanos));
        f.put("count", count);
        f.put("cell", cell);
        f.put("src", src);
        f.put("dst", dst);
        f.put("proto", protocol);
        if (function.isPresent()) {
            f.put("func", function.getAsInt());
        }
        if (!functionName.isEmpty()) {
            f.put("func_name", functionName);
        }
        f.put("frames", frames);
        f.put("input", input);
        f.put("baseline", baselineFact);
        f.put("detail", detail);
        if (!context.isEmpty()) {
            f.put("context", context.fields());
        }
        if (!incident.isEmpty()) {
            f.put("incident", incident);
        }
        return f;
    }

    public String jsonLine() {
        return Json.write(fields());
    }

    /** 64-bit FNV-1a of the text, 16 hex digits. */
    static String hashId(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        String hex = Long.toHexString(hash);
        return "0".repeat(16 - hex.length()) + hex;
    }

    /** Starts an occurrence of an alert; the detector fills it and the de-duplicator counts it. */
    public static Builder builder(AlertKind kind, AlertKey key, long nanos) {
        return new Builder(kind, key, nanos);
    }

    /** Collects the fields of one occurrence. */
    public static final class Builder {
        private final AlertKind kind;
        private final AlertKey key;
        private final long nanos;
        private Severity severity;
        private String cell = "";
        private String src = "";
        private String dst = "";
        private String protocol = "";
        private OptionalInt function = OptionalInt.empty();
        private String functionName = "";
        private long frame;
        private String input = "";
        private String baselineFact = "";
        private String detail = "";
        private Map<String, String> fold = Map.of();
        private java.util.function.Supplier<AlertContext> context;

        private Builder(AlertKind kind, AlertKey key, long nanos) {
            this.kind = kind;
            this.key = key;
            this.nanos = nanos;
            this.severity = kind.baseSeverity();
        }

        public Builder severity(Severity severity) { this.severity = severity; return this; }

        public Builder cell(String cell) { this.cell = cell; return this; }

        public Builder endpoints(String src, String dst) { this.src = src; this.dst = dst; return this; }

        public Builder protocol(String protocol) { this.protocol = protocol; return this; }

        public Builder function(int code, String name) {
            this.function = code >= 0 ? OptionalInt.of(code) : OptionalInt.empty();
            this.functionName = name;
            return this;
        }

        /** Frame number (0 when none) and input of the evidence. */
        public Builder evidence(long frame, String input) { this.frame = frame; this.input = input; return this; }

        public Builder baseline(String fact) { this.baselineFact = fact; return this; }

        public Builder detail(String detail) { this.detail = detail; return this; }

        public Builder fold(Map<String, String> fold) { this.fold = fold; return this; }

        /**
         * The process context, asked when the alert opens and again when it closes (then with
         * the values seen after it).
         */
        public Builder context(java.util.function.Supplier<AlertContext> context) { this.context = context; return this; }

        /** The context supplier, null when none. */
        public java.util.function.Supplier<AlertContext> contextSource() { return context; }

        public AlertKind kind() { return kind; }

        public AlertKey key() { return key; }

        public long nanos() { return nanos; }

        public long frame() { return frame; }

        public Alert build() {
            String keyText = key.text();
            return new Alert(hashId(kind.name() + "|" + keyText + "|" + nanos), kind, severity, nanos, nanos, 1, cell,
                    src, dst, protocol, function, functionName, frame > 0 ? List.of(frame) : List.of(), input,
                    baselineFact, detail, keyText, fold, context == null ? AlertContext.NONE : context.get(), "");
        }
    }
}
