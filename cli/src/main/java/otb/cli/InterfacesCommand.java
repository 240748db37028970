package otb.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import otb.capture.InterfaceDescription;
import otb.dissect.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code otb interfaces}: the interfaces live capture can use. */
@Command(name = "interfaces", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the network interfaces otb monitor can capture on, with their state, link type and "
                + "addresses. Opening an interface needs root or CAP_NET_RAW and CAP_NET_ADMIN; without them the "
                + "link type shows as unknown with the reason.",
        footer = {"%nExamples:",
                "  otb interfaces",
                "  otb interfaces --format json",
                ExitCode.HELP_SECTION})
final class InterfacesCommand implements Callable<Integer> {

    enum Format { table, json }

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        List<InterfaceDescription> list = InterfaceDescription.listAll();
        PrintStream out = System.out;
        if (format == Format.json) {
            for (InterfaceDescription description : list) {
                out.println(Json.write(fields(description)));
            }
        } else {
            table(out, list);
        }
        return ExitCode.OK;
    }

    static Map<String, Object> fields(InterfaceDescription description) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", description.name());
        fields.put("state", state(description));
        fields.put("link_type", description.linkType());
        fields.put("link_type_name", description.linkTypeName());
        fields.put("addresses", description.addresses());
        fields.put("description", description.description());
        if (!description.problem().isEmpty()) {
            fields.put("problem", description.problem());
        }
        return fields;
    }

    static String state(InterfaceDescription description) {
        String state = description.running() ? "running" : description.up() ? "up" : "down";
        return description.loopback() ? state + ",loopback" : state;
    }

    private static void table(PrintStream out, List<InterfaceDescription> list) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"INTERFACE", "STATE", "LINK TYPE", "ADDRESSES"});
        for (InterfaceDescription description : list) {
            String linkType = description.linkType() < 0
                    ? "unknown"
                    : description.linkTypeName() + " (" + description.linkType() + ")";
            String addresses = String.join(" ", description.addresses());
            if (!description.problem().isEmpty()) {
                addresses = (addresses + " (" + description.problem() + ")").strip();
            }
            rows.add(new String[] {description.name(), state(description), linkType, addresses});
        }
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            out.println(String.format("%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s",
                    (Object[]) row).stripTrailing());
        }
    }
}
