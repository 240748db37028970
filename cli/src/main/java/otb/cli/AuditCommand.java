package otb.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import otb.baseline.sign.AuditSignatures;
import otb.baseline.sign.SignatureCheckException;
import otb.baseline.sign.TrustedKeys;
import otb.baseline.store.AuditChain;
import otb.baseline.store.AuditEntry;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoreException;
import otb.dissect.PlainText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code otb audit}: the hash-chained audit trail of baseline changes and triage. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the audit trail: every change to the baseline (learn, monitor, approve, import) and every "
                + "triage action (acknowledge, mute, approve), who, when and why.",
        subcommands = AuditCommand.Verify.class,
        footer = {"%nExamples:",
                "  otb audit --db plant.db",
                "  otb audit verify --db plant.db --trust /etc/otb/trusted",
                ExitCode.HELP_SECTION})
final class AuditCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        try (BaselineStore store = database.openReadOnly()) {
            System.out.printf("%5s  %-30s  %-16s  %-11s  %-16s  %5s  %s%n", "ENTRY", "AT", "WHO", "ACTION", "ALERT",
                    "SNAP", "REASON / DETAIL");
            for (AuditEntry entry : store.audit()) {
                System.out.printf("%5d  %-30s  %-16s  %-11s  %-16s  %5s  %s%n", entry.id(), oneLine(entry.at()),
                        oneLine(entry.who()), oneLine(entry.action()),
                        entry.alertId().isEmpty() ? "-" : oneLine(entry.alertId()),
                        entry.snapshot().isPresent() ? Long.toString(entry.snapshot().getAsLong()) : "-",
                        oneLine(entry.reason() + (entry.detail().isEmpty() ? "" : " [" + entry.detail() + "]"))
                                + (entry.signature().isEmpty() ? "" : " (signed)"));
            }
            return ExitCode.OK;
        } catch (StoreException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    /**
     * A field of the listing on one terminal line, through the terminal's escaping point
     * ({@link PlainText}): a reason or a name given with --by (or stored by anyone who could write
     * the database) shows its control characters, line breaks included, as {@code \xNN}.
     */
    private static String oneLine(String text) {
        return PlainText.escape(text);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Walk the audit trail's hash chain and report the first entry that was altered, deleted or "
                    + "inserted since otb wrote it. With --trust, also check every signed entry (signed approvals) "
                    + "against trusted keys.",
                    "Exit 0 when the chain holds, 1 when it is broken or a signature fails, 3 when the database "
                            + "cannot be read."},
            footer = {"%nExamples:", "  otb audit verify --db plant.db", "  otb audit verify --db plant.db --trust keys/",
                    ExitCode.HELP_SECTION})
    static final class Verify implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Option(names = "--trust", paramLabel = "DIR", description = "Directory of trusted public keys for signed entries.")
        Path trust;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            TrustedKeys trusted = trust == null ? null : SignedBaselines.trusted(trust);
            List<AuditEntry> trail;
            Optional<AuditChain.Break> broken;
            try (BaselineStore store = database.openReadOnly()) {
                trail = store.audit();
                broken = AuditChain.verify(trail);
            } catch (StoreException e) {
                throw new InputException(e.getMessage(), e);
            }
            if (broken.isPresent()) {
                System.out.println(database.database + ": " + oneLine(broken.get().message()));
                return ExitCode.FINDINGS;
            }
            int signed = 0;
            for (AuditEntry entry : trail) {
                if (entry.signature().isEmpty()) {
                    continue;
                }
                signed++;
                if (trusted != null) {
                    try {
                        String signer = AuditSignatures.signer(entry, trusted).orElseThrow();
                        System.out.println("entry " + entry.id() + ": " + oneLine(entry.action()) + " by "
                                + oneLine(entry.who()) + ", signed by " + oneLine(signer));
                    } catch (SignatureCheckException e) {
                        System.out.println(database.database + ": " + e.getMessage());
                        return ExitCode.FINDINGS;
                    }
                }
            }
            String head = trail.isEmpty() ? AuditChain.GENESIS : trail.get(trail.size() - 1).hash();
            System.out.println(database.database + ": audit chain intact, " + trail.size() + " entries, " + signed
                    + " signed" + (trusted == null && signed > 0 ? " (give --trust to check their signatures)" : "")
                    + "; head " + head);
            return ExitCode.OK;
        }
    }
}
