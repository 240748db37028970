package otb.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import otb.baseline.alert.Alert;
import otb.baseline.store.AlertState;
import otb.baseline.store.AuditSigner;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoreException;
import otb.baseline.store.StoredAlert;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otb alerts}: list stored alerts and triage them. */
@Command(name = "alerts", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List stored alerts; acknowledge, approve (fold into the baseline) or mute them.",
        subcommands = {AlertsCommand.Ack.class, AlertsCommand.Approve.class, AlertsCommand.Mute.class},
        footer = {"%nExamples:",
                "  otb alerts --db otb-work/otb.db",
                "  otb alerts --db plant.db --state all --min-severity high --format jsonl",
                "  otb alerts --db plant.db approve 3f2a9c0d1e4b5a69 --reason 'new HMI commissioned, ticket 4711'",
                ExitCode.HELP_SECTION})
final class AlertsCommand implements Callable<Integer> {

    enum Format { table, jsonl }

    @Mixin
    DatabaseOptions database;

    @Option(names = "--state", defaultValue = "new",
            description = "new, acknowledged, approved, muted or all (default: ${DEFAULT-VALUE}).")
    String state;

    @Option(names = "--min-severity", defaultValue = "info", description = "Only alerts at or above this severity.")
    String minSeverity;

    @Option(names = "--limit", defaultValue = "1000",
            description = "At most this many, the newest (default: ${DEFAULT-VALUE}); stderr says when more match.")
    int limit;

    @Option(names = "--format", defaultValue = "table", description = "table or jsonl (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Optional<AlertState> wanted = parseState(state);
        try (BaselineStore store = database.open(false)) {
            int shown = Math.max(1, limit);
            List<StoredAlert> stored = store.alerts(wanted, AnalyzeCommand.severity(minSeverity), shown + 1);
            if (stored.size() > shown) {
                stored = stored.subList(1, stored.size());
                System.err.println("otb: the newest " + shown + " alerts shown; older ones match too (--limit)");
            }
            if (format == Format.jsonl) {
                java.util.Map<Long, Optional<otb.baseline.store.SnapshotSignature>> signatures = new java.util.HashMap<>();
                for (StoredAlert alert : stored) {
                    var fields = new java.util.LinkedHashMap<>(alert.alert().fields());
                    fields.put("state", alert.state().wireName());
                    if (alert.snapshot().isPresent()) {
                        long snapshot = alert.snapshot().getAsLong();
                        if (!signatures.containsKey(snapshot)) {
                            signatures.put(snapshot, store.signature(snapshot));
                        }
                        signatures.get(snapshot).ifPresent(signed -> new otb.runtime.SignedBaselineLabel(
                                signed.baselineId(), signed.signer()).addTo(fields));
                    }
                    System.out.println(otb.dissect.Json.write(fields));
                }
            } else {
                List<Alert> alerts = new ArrayList<>();
                for (StoredAlert alert : stored) {
                    alerts.add(alert.alert());
                }
                AlertTable.print(System.out, new TimeFormat(common.localTime), alerts);
                if (!stored.isEmpty()) {
                    System.out.println("ids (oldest first): " + String.join(" ", stored.stream()
                            .map(a -> a.alert().id() + "[" + a.state().wireName() + "]").toList()));
                }
            }
            return ExitCode.OK;
        } catch (StoreException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    private static Optional<AlertState> parseState(String text) {
        if (text.equalsIgnoreCase("all")) {
            return Optional.empty();
        }
        try {
            return Optional.of(AlertState.parse(text));
        } catch (IllegalArgumentException e) {
            throw new UsageException("bad state '" + text + "': use new, acknowledged, approved, muted or all");
        }
    }

    /** Options of the triage subcommands. */
    abstract static class Triage implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "ID", description = "Alert ids (see 'otb alerts').")
        List<String> ids;

        @Option(names = "--reason", defaultValue = "", description = "Why; kept in the audit trail.")
        String reason;

        @Option(names = "--by", paramLabel = "WHO", description = "Who (default: the OS login name).")
        String who;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CommonOptions common;

        String who() {
            return SignedBaselines.who(who);
        }

        @Override
        public Integer call() throws Exception {
            try (BaselineStore store = database.open(false)) {
                for (String id : ids) {
                    if (store.alert(id).isEmpty()) {
                        throw new InputException(store.file() + ": no alert " + id + " (see 'otb alerts --state all')");
                    }
                    apply(store, id);
                }
                return ExitCode.OK;
            } catch (StoreException e) {
                throw new InputException(e.getMessage(), e);
            }
        }

        abstract void apply(BaselineStore store, String id) throws StoreException;
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Mark alerts as seen.")
    static final class Ack extends Triage {
        @Override
        void apply(BaselineStore store, String id) throws StoreException {
            store.acknowledge(id, who(), reason);
            System.out.println(id + ": acknowledged");
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Accept alerts as normal: their facts are folded into the baseline as a new snapshot, "
                    + "recorded with who, when and why.")
    static final class Approve extends Triage {
        @Option(names = "--sign", paramLabel = "KEY",
                description = "Sign the approval's audit entry with this private key (NAME.key).")
        java.nio.file.Path key;

        private AuditSigner signer;

        @Override
        public Integer call() throws Exception {
            if (reason.isBlank()) {
                throw new UsageException("approve needs --reason: the audit trail records why");
            }
            signer = key == null ? AuditSigner.NONE : SignedBaselines.signingKey(key).auditSigner();
            return super.call();
        }

        @Override
        void apply(BaselineStore store, String id) throws StoreException {
            OptionalLong snapshot = store.approve(id, who(), reason, signer);
            System.out.println(id + ": approved" + (key != null ? " (signed)" : "") + (snapshot.isPresent()
                    ? ", folded into the baseline as snapshot " + snapshot.getAsLong()
                    : " (its kind has no baseline fact to fold; marked approved only)"));
        }
    }

    @Command(name = "mute", mixinStandardHelpOptions = true,
            description = "Silence alerts: later alerts with the same key are stored muted too.")
    static final class Mute extends Triage {
        @Override
        void apply(BaselineStore store, String id) throws StoreException {
            store.mute(id, who(), reason);
            System.out.println(id + ": muted");
        }
    }
}
