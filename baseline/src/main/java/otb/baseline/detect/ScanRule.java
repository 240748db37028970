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
 * novelties count them here. Once a client scans, it keeps scanning while novel targets of that
 * category keep coming within the scan window of each other: each one folds into the one SCAN
 * alert (per client and category, within the de-duplication window), which counts them and
 * summarises them ({@link ScanSummary}); the new assets and conversations such a client reaches
 * meanwhile fold into it too ({@link #foldAsset}, {@link #foldConversation}) instead of each
 * raising its own alert.
 */
final class ScanRule {
    /** What a client probes. */
    enum Category {
        UNITS("unit ids", "units"), FUNCTIONS("function codes", "functions"),
        ADDRESSES("address ranges", "first addresses"), SERVICES("hosts/ports", "ports");

        final String label;
        /** What the probe value of a target is, in the summary. */
        final String probe;

        Category(String label, String probe) {
            this.label = label;
            this.probe = probe;
        }
    }

    /** Scans are de-duplicated per client and category. */
    record ScanKey(IpAddress client, Category category) implements AlertKey {
        @Override
        public String text() {
            return "scan|" + client + "|" + category;
        }
    }

    /** One novel target: the server reached, what was probed on it, and the value that tells targets apart. */
    private record Target(IpAddress server, long probe, Object target) {
    }

    /** Novel targets of one client within the scan window, per category (each set bounded by its threshold). */
    private static final class ClientState {
        long windowStart;
        final List<Set<Target>> targets = new ArrayList<>(Category.values().length);
        /** Per category: the scan in progress, null when the client is not scanning. */
        final ScanSummary[] scans = new ScanSummary[Category.values().length];
        /** Per category: capture time of the last novel target. */
        final long[] lastNovelty = new long[Category.values().length];

        ClientState(long windowStart) {
            this.windowStart = windowStart;
            for (int i = 0; i < Category.values().length; i++) {
                targets.add(new HashSet<>());
            }
        }

        /** A new scan window: targets counted afresh; scans whose targets stopped coming are over. */
        void newWindow(long nanos, long scanWindowNanos) {
            windowStart = nanos;
            for (int i = 0; i < scans.length; i++) {
                targets.get(i).clear();
                if (scans[i] != null && nanos - lastNovelty[i] > scanWindowNanos) {
                    scans[i] = null;
                }
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
     * @param probe  what was probed on the server: the port, unit, function code or first address
     * @param cell   cell of the server reached, for the alert
     */
    void count(IpAddress client, Category category, Object target, long probe, long nanos, long frame, String input,
               String cell, IpAddress server) {
        ClientState state = clients.get(client);
        if (state == null) {
            state = new ClientState(nanos);
            clients.put(client, state);
            if (clients.size() > config.maxTrackedClients()) {
                IpAddress eldest = clients.keySet().iterator().next();
                clients.remove(eldest);
                context.budgetExceeded(DetectionBudget.TRACKED_CLIENTS, nanos, config.maxTrackedClients(), frame, input);
            }
        } else if (nanos - state.windowStart > config.scanWindowNanos()) {
            state.newWindow(nanos, config.scanWindowNanos());
        }
        int index = category.ordinal();
        state.lastNovelty[index] = nanos;
        ScanSummary scan = state.scans[index];
        if (scan != null) {
            if (nanos - scan.firstNanos > config.dedupWindowNanos()) {
                // the alert's de-duplication window is over: the next alert of the same scan starts
                scan = new ScanSummary(category, client, nanos, nanos);
                state.scans[index] = scan;
            }
            scan.target(server, probe, nanos, frame);
            raise(client, category, scan, nanos, frame, input, cell, server);
            return;
        }
        int threshold = threshold(category);
        Set<Target> targets = state.targets.get(index);
        if (targets.size() < threshold) {
            targets.add(new Target(server, probe, target));
        }
        if (targets.size() >= threshold) {
            scan = new ScanSummary(category, client, state.windowStart, nanos);
            for (Target earlier : targets) {
                scan.target(earlier.server(), earlier.probe(), nanos, 0);
            }
            scan.frame(frame);
            targets.clear();
            state.scans[index] = scan;
            raise(client, category, scan, nanos, frame, input, cell, server);
        }
    }

    private void raise(IpAddress client, Category category, ScanSummary scan, long nanos, long frame, String input,
                       String cell, IpAddress server) {
        int threshold = threshold(category);
        context.raise(Alert.builder(AlertKind.SCAN, new ScanKey(client, category), nanos)
                .severity(AlertKind.SCAN.baseSeverity()
                        .shift(context.cells().criticality(server, cell).severityShift()))
                .cell(cell).endpoints(client.toString(), server.toString()).evidence(frame, input)
                .baseline("at most " + (threshold - 1) + " novel " + category.label + " per "
                        + Formats.seconds(config.scanWindowNanos()))
                .detail(scan.detail()), scan::detail);
    }

    /**
     * The scan a client is making at capture time {@code nanos}, null when it makes none: the scan
     * of {@code preferred} if it is in progress, else any other in progress.
     */
    ScanSummary scanInProgress(IpAddress client, Category preferred, long nanos) {
        ClientState state = clients.get(client);
        if (state == null) {
            return null;
        }
        int index = preferred.ordinal();
        if (state.scans[index] != null && nanos - state.lastNovelty[index] <= config.scanWindowNanos()) {
            return state.scans[index];
        }
        for (int i = 0; i < state.scans.length; i++) {
            if (state.scans[i] != null && nanos - state.lastNovelty[i] <= config.scanWindowNanos()) {
                return state.scans[i];
            }
        }
        return null;
    }

    private int threshold(Category category) {
        return switch (category) {
            case UNITS -> config.scanUnits();
            case FUNCTIONS -> config.scanFunctions();
            case ADDRESSES -> config.scanAddresses();
            case SERVICES -> config.scanServices();
        };
    }
}
