package otb.baseline.detect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.model.Formats;
import otb.capture.IpAddress;

/**
 * SCAN: one client reaching, within the scan window, more novel targets of one category than its
 * threshold: units, function codes, address ranges, or hosts and ports. The rules that find the
 * novelties count them here.
 */
final class ScanRule {
    /** What a client probes. */
    enum Category {
        UNITS("unit ids"), FUNCTIONS("function codes"), ADDRESSES("address ranges"), SERVICES("hosts/ports");

        final String label;

        Category(String label) {
            this.label = label;
        }
    }

    /** Scans are de-duplicated per client and category. */
    record ScanKey(IpAddress client, Category category) implements AlertKey {
        @Override
        public String text() {
            return "scan|" + client + "|" + category;
        }
    }

    /** Novel targets of one client within the scan window, per category (each set bounded by its threshold). */
    private static final class ClientState {
        final long windowStart;
        final List<Set<Object>> targets = new ArrayList<>(Category.values().length);
        final boolean[] raised = new boolean[Category.values().length];

        ClientState(long windowStart) {
            this.windowStart = windowStart;
            for (int i = 0; i < Category.values().length; i++) {
                targets.add(new HashSet<>());
            }
        }
    }

    private final DetectionContext context;
    private final DetectionConfig config;
    /** Clients in order of last use; the least recently used is forgotten past the bound. */
    private final LinkedHashMap<IpAddress, ClientState> clients = new LinkedHashMap<>(64, 0.75f, true);

    ScanRule(DetectionContext context) {
        this.context = context;
        this.config = context.config();
    }

    /**
     * Counts a novel target of a client.
     *
     * @param target a value equal for the same target (a record of what was reached)
     * @param cell   cell of the server reached, for the alert
     */
    void count(IpAddress client, Category category, Object target, long nanos, long frame, String input, String cell,
               IpAddress server) {
        ClientState state = clients.get(client);
        if (state == null || nanos - state.windowStart > config.scanWindowNanos()) {
            state = new ClientState(nanos);
            clients.put(client, state);
            if (clients.size() > config.maxTrackedClients()) {
                IpAddress eldest = clients.keySet().iterator().next();
                clients.remove(eldest);
            }
        }
        int threshold = switch (category) {
            case UNITS -> config.scanUnits();
            case FUNCTIONS -> config.scanFunctions();
            case ADDRESSES -> config.scanAddresses();
            case SERVICES -> config.scanServices();
        };
        Set<Object> targets = state.targets.get(category.ordinal());
        if (targets.size() < threshold) {
            targets.add(target);
        }
        if (targets.size() >= threshold && !state.raised[category.ordinal()]) {
            state.raised[category.ordinal()] = true;
            context.raise(Alert.builder(AlertKind.SCAN, new ScanKey(client, category), nanos)
                    .severity(AlertKind.SCAN.baseSeverity()
                            .shift(context.cells().criticality(server, cell).severityShift()))
                    .cell(cell).endpoints(client.toString(), server.toString()).evidence(frame, input)
                    .baseline("at most " + (threshold - 1) + " novel " + category.label + " per "
                            + Formats.seconds(config.scanWindowNanos()))
                    .detail(threshold + " novel " + category.label + " from " + client + " within "
                            + Formats.seconds(nanos - state.windowStart)));
        }
    }
}
