package otb.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import otb.dissect.DissectorConfig;
import otb.dissect.Protocol;
import otb.dissect.Protocols;
import picocli.CommandLine.Option;

/** Options that shape dissection: extra ports per protocol. */
public final class DissectionOptions {
    @Option(names = "--port", paramLabel = "PROTO=PORT",
            description = "Also treat PORT as a hint for PROTO (${sys:otb.protocol.names}); repeatable. "
                    + "Content probes still decide.")
    List<String> ports = new ArrayList<>();

    DissectorConfig config() throws InputException {
        Map<Protocol, Set<Integer>> extra = new HashMap<>();
        for (String spec : ports) {
            int eq = spec.indexOf('=');
            Protocol protocol = null;
            int port = -1;
            if (eq > 0) {
                String name = spec.substring(0, eq).toLowerCase(Locale.ROOT);
                protocol = Protocols.named(name).orElse(null);
                try {
                    port = Integer.parseInt(spec.substring(eq + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (protocol == null || port < 1 || port > 65535) {
                throw new UsageException("--port " + spec + ": expected PROTO=PORT, e.g. modbus=5020");
            }
            extra.computeIfAbsent(protocol, p -> new HashSet<>()).add(port);
        }
        return DissectorConfig.defaults().withExtraPorts(extra);
    }
}
