package otb.sim;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * Writes the labels file of a capture (format {@code otb-sim-labels/1}, documented in
 * fixtures/pcaps/demo/README.md). Keys appear in a fixed order and times are ISO-8601 UTC
 * with nanoseconds, so the same run always gives the same bytes.
 */
public final class LabelsJson {
    public static final String FORMAT = "otb-sim-labels/1";

    private LabelsJson() {
    }

    /**
     * @param capture   file name of the capture the labels describe
     * @param command   the command line that produced it, for provenance
     */
    public static void write(Writer out, String capture, String command, SimulationOptions options,
            PlantSimulator.Result result) throws IOException {
        StringBuilder json = new StringBuilder(4096);
        json.append("{\n");
        field(json, "  ", "format", FORMAT).append(",\n");
        field(json, "  ", "capture", capture).append(",\n");
        field(json, "  ", "command", command).append(",\n");
        json.append("  \"seed\": ").append(options.seed()).append(",\n");
        field(json, "  ", "start", iso(result.start())).append(",\n");
        field(json, "  ", "end", iso(result.end())).append(",\n");
        json.append("  \"frames\": ").append(result.frames()).append(",\n");
        json.append("  \"cells\": [\n");
        for (int i = 0; i < result.cells().size(); i++) {
            Cell cell = result.cells().get(i);
            json.append("    {");
            field(json, "", "name", cell.name()).append(", ");
            field(json, "", "cidr", cell.cidr()).append(", ");
            json.append("\"vlan\": ").append(cell.vlan() == 0 ? "null" : Integer.toString(cell.vlan())).append('}');
            json.append(i < result.cells().size() - 1 ? ",\n" : "\n");
        }
        json.append("  ],\n");
        json.append("  \"hosts\": [\n");
        for (int i = 0; i < result.hosts().size(); i++) {
            Host host = result.hosts().get(i);
            json.append("    {");
            field(json, "", "name", host.name()).append(", ");
            field(json, "", "ip", host.ip()).append(", ");
            field(json, "", "mac", mac(host.mac())).append(", ");
            field(json, "", "cell", host.cell().name()).append(", ");
            field(json, "", "role", host.role()).append('}');
            json.append(i < result.hosts().size() - 1 ? ",\n" : "\n");
        }
        json.append("  ],\n");
        json.append("  \"events\": [");
        boolean first = true;
        for (Label label : result.labels()) {
            json.append(first ? "\n" : ",\n");
            first = false;
            json.append("    {\n");
            json.append("      \"id\": ").append(label.id).append(",\n");
            field(json, "      ", "kind", label.kind.kindName()).append(",\n");
            field(json, "      ", "expected_alert", label.kind.expectedAlert()).append(",\n");
            if (label.hasTimeRange()) {
                field(json, "      ", "start", iso(PlantSimulator.fromNanos(label.start))).append(",\n");
                field(json, "      ", "end", iso(PlantSimulator.fromNanos(label.end))).append(",\n");
            } else {
                json.append("      \"start\": null,\n      \"end\": null,\n");
            }
            field(json, "      ", "src", label.source).append(",\n");
            field(json, "      ", "dst", label.destination).append(",\n");
            json.append("      \"dst_port\": ").append(label.destinationPort).append(",\n");
            field(json, "      ", "protocol", label.protocol).append(",\n");
            field(json, "      ", "description", label.description).append(",\n");
            json.append("      \"frame_count\": ").append(label.frameCount()).append(",\n");
            json.append("      \"frames\": [");
            for (int i = 0; i < label.frameCount(); i++) {
                if (i > 0) {
                    json.append(i % 20 == 0 ? ",\n        " : ", ");
                }
                json.append(label.frame(i));
            }
            json.append("]\n    }");
        }
        json.append(first ? "]\n" : "\n  ]\n");
        json.append("}\n");
        out.write(json.toString());
    }

    private static String iso(Instant instant) {
        return instant.toString();
    }

    private static String mac(long mac) {
        StringBuilder text = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            text.append(String.format("%02x", (mac >>> (8 * i)) & 0xFF));
            if (i > 0) {
                text.append(':');
            }
        }
        return text.toString();
    }

    private static StringBuilder field(StringBuilder json, String indent, String name, String value) {
        json.append(indent).append('"').append(name).append("\": ");
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
