package otb.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import otb.baseline.store.AlertState;
import otb.baseline.store.AuditEntry;
import otb.baseline.store.AuditSigner;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoreException;
import otb.baseline.store.StoredAlert;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code otb alerts}: list stored alerts and triage them. */
@Command(name = "alerts", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List stored alerts; acknowledge, approve (fold into the baseline) or mute them.",
        subcommands = {AlertsCommand.Show.class, AlertsCommand.Ack.class, AlertsCommand.Approve.class,
                AlertsCommand.Mute.class},
        footer = {"%nExamples:",
                "  otb alerts --db otb-work/otb.db",
                "  otb alerts --db plant.db --state all --min-severity high --format jsonl",
                "  otb alerts --db plant.db show 3f2a9c0d1e4b5a69",
                "  otb alerts --db plant.db approve 3f2a9c0d1e4b5a69 --reason 'new HMI commissioned, ticket 4711'",
                "  otb alerts --db plant.db mute 3f2a9c0d1e4b5a69 --by jdoe --reason 'test bench, ticket 4712'",
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

    @Option(names = "--incidents", description = "Group the alerts into incidents (alerts from one source against one "
            + "target or cell, steps in order, severity the highest step's) and list those.")
    boolean incidents;

    @Option(names = "--format", defaultValue = "table", description = "table or jsonl (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Optional<AlertState> wanted = parseState(state);
        try (BaselineStore store = database.openReadOnly()) {
            int shown = Math.max(1, limit);
            List<StoredAlert> stored = store.alerts(wanted, AnalyzeCommand.severity(minSeverity), shown + 1);
            if (stored.size() > shown) {
                stored = stored.subList(1, stored.size());
                System.err.println("otb: the newest " + shown + " alerts shown; older ones match too (--limit)");
            }
            if (incidents) {
                List<otb.baseline.alert.Alert> alerts = stored.stream().map(StoredAlert::alert).toList();
                IncidentTable.print(System.out, new TimeFormat(common.localTime),
                        otb.baseline.alert.Incident.of(alerts), format == Format.jsonl);
                return ExitCode.OK;
            }
            if (format == Format.jsonl) {
                java.util.Map<Long, Optional<otb.baseline.store.SnapshotSignature>> signatures = new java.util.HashMap<>();
                for (StoredAlert alert : stored) {
                    var fields = new java.util.LinkedHashMap<>(alert.alert().fields());
                    fields.put("state", alert.state().wireName());
                    if (!alert.sensors().isEmpty()) {
                        fields.put("sensors", alert.sensors());
                    }
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
                List<AlertTable.Row> rows = new ArrayList<>();
                for (StoredAlert alert : stored) {
                    rows.add(new AlertTable.Row(alert.alert(), alert.state().wireName(), alert.sensors()));
                }
                AlertTable.print(System.out, new TimeFormat(common.localTime), rows);
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

    /**
     * The database of a subcommand: its own {@code --db} when given, else the one given to
     * {@code otb alerts} before it ({@code otb alerts --db plant.db approve ID}).
     */
    abstract static class AlertCommand implements Callable<Integer> {
        @ParentCommand
        AlertsCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        CommonOptions common;

        BaselineStore open() throws InputException {
            return chosen().open(false);
        }

        /**
         * Opens the database to change its baseline, holding its writer lock: refused with one line
         * while another otb ({@code learn}, {@code monitor}, an import, another approve) holds it.
         */
        BaselineStore openWriter(String holder) throws InputException {
            return chosen().openExistingWriter(holder);
        }

        /** Opens the database only to read it (the file or its directory may be read-only). */
        BaselineStore openReadOnly() throws InputException {
            return chosen().openReadOnly();
        }

        private DatabaseOptions chosen() {
            boolean own = spec.commandLine().getParseResult() != null
                    && spec.commandLine().getParseResult().hasMatchedOption("--db");
            return own || parent == null ? database : parent.database;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print alerts in full: every field, its state and its triage trail (who, when, why).")
    static final class Show extends AlertCommand {
        @Parameters(arity = "1..*", paramLabel = "ID", description = "Alert ids (see 'otb alerts').")
        List<String> ids;

        @Override
        public Integer call() throws Exception {
            try (BaselineStore store = openReadOnly()) {
                List<AuditEntry> audit = store.audit();
                TimeFormat time = new TimeFormat(common.localTime);
                for (int i = 0; i < ids.size(); i++) {
                    String id = ids.get(i);
                    StoredAlert stored = store.alert(id).orElseThrow(() -> new InputException(
                            store.file() + ": no alert " + id + " (see 'otb alerts --state all')"));
                    if (i > 0) {
                        System.out.println();
                    }
                    AlertDetails.print(System.out, time, stored,
                            audit.stream().filter(entry -> entry.alertId().equals(id)).toList());
                }
                return ExitCode.OK;
            } catch (StoreException e) {
                throw new InputException(e.getMessage(), e);
            }
        }
    }

    /** Options of the triage subcommands. */
    abstract static class Triage extends AlertCommand {
        @Parameters(arity = "1..*", paramLabel = "ID", description = "Alert ids (see 'otb alerts').")
        List<String> ids;

        @Option(names = "--reason", defaultValue = "", description = "Why; kept in the audit trail.")
        String reason;

        @Option(names = "--by", paramLabel = "NAME",
                description = "Who, kept in the audit trail (default: your login name).")
        String who;

        /** Whether the action needs a reason (approve: it changes the baseline). */
        boolean reasonRequired() {
            return false;
        }

        /**
         * The database for the action: approve changes the baseline (a new snapshot extending the
         * newest) and so takes the writer lock; ack and mute change only an alert's state, in one
         * SQLite transaction each, beside a running monitor.
         */
        BaselineStore openForAction() throws InputException {
            return open();
        }

        /** {@code --by}, else the operating system's login name; never a made-up name. */
        String who() {
            if (who != null && who.isBlank()) {
                throw new UsageException("--by needs a name");
            }
            return SignedBaselines.who(who == null ? null : who.strip());
        }

        @Override
        public Integer call() throws Exception {
            String by = who();
            if (reasonRequired() && reason.isBlank()) {
                throw new UsageException(spec.name() + " needs --reason TEXT: the audit trail records why");
            }
            try (BaselineStore store = openForAction()) {
                for (String id : ids) {
                    if (store.alert(id).isEmpty()) {
                        throw new InputException(store.file() + ": no alert " + id + " (see 'otb alerts --state all')");
                    }
                    apply(store, id, by, reason.strip());
                }
                return ExitCode.OK;
            } catch (StoreException e) {
                throw new InputException(e.getMessage(), e);
            }
        }

        abstract void apply(BaselineStore store, String id, String by, String why) throws StoreException;
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Mark alerts as seen.")
    static final class Ack extends Triage {
        @Override
        void apply(BaselineStore store, String id, String by, String why) throws StoreException {
            store.acknowledge(id, by, why);
            System.out.println(id + ": acknowledged by " + by);
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Accept alerts as normal: their facts are folded into the baseline as a new snapshot, "
                    + "recorded with who (--by), when and why (--reason, required).")
    static final class Approve extends Triage {
        @Option(names = "--sign", paramLabel = "KEY",
                description = "Sign the approval's audit entry with this private key (NAME.key).")
        java.nio.file.Path key;

        private AuditSigner signer;

        @Override
        boolean reasonRequired() {
            return true;
        }

        @Override
        BaselineStore openForAction() throws InputException {
            return openWriter("otb alerts approve");
        }

        @Override
        public Integer call() throws Exception {
            signer = key == null ? AuditSigner.NONE : SignedBaselines.signingKey(key).auditSigner();
            return super.call();
        }

        @Override
        void apply(BaselineStore store, String id, String by, String why) throws StoreException {
            OptionalLong snapshot = store.approve(id, by, why, signer);
            System.out.println(id + ": approved by " + by + (key != null ? " (signed)" : "") + (snapshot.isPresent()
                    ? ", folded into the baseline as snapshot " + snapshot.getAsLong()
                    : " (its kind has no baseline fact to fold; marked approved only)"));
        }
    }

    @Command(name = "mute", mixinStandardHelpOptions = true,
            description = "Silence alerts: later alerts with the same key are stored muted too.")
    static final class Mute extends Triage {
        @Override
        void apply(BaselineStore store, String id, String by, String why) throws StoreException {
            store.mute(id, by, why);
            System.out.println(id + ": muted by " + by);
        }
    }
}
