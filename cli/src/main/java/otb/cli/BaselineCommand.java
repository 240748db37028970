package otb.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.Callable;
import otb.baseline.sign.AuditSignatures;
import otb.baseline.sign.BaselineDocument;
import otb.baseline.sign.Lineage;
import otb.baseline.sign.SignatureCheckException;
import otb.baseline.sign.SigningKey;
import otb.baseline.sign.TrustedKeys;
import otb.baseline.store.AuditEntry;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otb baseline}: signed baseline files (.otbb): export, verify, import. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Signed baselines: export a snapshot as a signed .otbb file, verify one against trusted keys, "
                + "import one into a database.",
        subcommands = {BaselineCommand.Export.class, BaselineCommand.Verify.class, BaselineCommand.Import.class},
        footer = {"%nExamples:",
                "  otb baseline export --db plant.db --sign ~/.otb/keys/alice.key -o approved.otbb",
                "  otb baseline verify approved.otbb --trust /etc/otb/trusted",
                "  otb baseline import approved.otbb --trust /etc/otb/trusted --db sensor.db",
                ExitCode.HELP_SECTION})
final class BaselineCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Write a snapshot (default: the newest) as a signed baseline: its model and cells exactly as "
                    + "stored, the audit entries that made it, the signer, the time and an Ed25519 signature. "
                    + "The same snapshot always gives the same model bytes and baseline id.",
            footer = {"%nExamples:",
                    "  otb baseline export --db plant.db --sign alice.key -o approved.otbb",
                    "  otb baseline export --db plant.db --snapshot 4 --sign alice.key -o week12.otbb",
                    ExitCode.HELP_SECTION})
    static final class Export implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Option(names = "--snapshot", paramLabel = "N", description = "Snapshot to export (default: newest).")
        Long snapshot;

        @Option(names = "--sign", required = true, paramLabel = "KEY", description = "Private key file (NAME.key).")
        Path key;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.otbb", description = "File to write.")
        Path output;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            SigningKey signer = SignedBaselines.signingKey(key);
            try (BaselineStore store = database.openReadOnly()) {
                long id = snapshot == null ? AnalyzeCommand.latest(store).info().id()
                        : AnalyzeCommand.load(store, snapshot).info().id();
                byte[] file = BaselineDocument.sign(store.storedModel(id), Lineage.history(store, id), signer,
                        Instant.now());
                write(file);
                // Read back as a verifier would: what was written is what was signed.
                BaselineDocument.Verified written = BaselineDocument.verify(file, output.toString(),
                        TrustedKeys.of(signer.name(), signer.publicKey()));
                System.out.println(output + ": snapshot " + id + " as baseline " + written.content().baselineId()
                        + ", signed by " + signer.name() + " (key " + signer.keyId() + ")");
                return ExitCode.OK;
            } catch (StoreException | SignatureCheckException e) {
                throw new InputException(e.getMessage(), e);
            }
        }

        /** Writes next to the target, then moves it into place: a reader never sees half a file. */
        private void write(byte[] bytes) throws InputException {
            Path target = output.toAbsolutePath();
            try {
                // Not createTempFile: its mode 600 would stay with the file, which is no secret.
                Path temporary = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid()
                        + ".tmp");
                try {
                    Files.write(temporary, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temporary);
                }
            } catch (IOException e) {
                throw new InputException(output + ": cannot write (" + e.getMessage() + ")", e);
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Check a signed baseline against trusted public keys (every NAME.pub in --trust DIR) and say "
                    + "who signed it and who approved what in it. Exit 0 when it is intact and signed by a trusted key, "
                    + "3 when it is unsigned, altered, damaged or signed by an untrusted key.",
            footer = {"%nExamples:", "  otb baseline verify approved.otbb --trust /etc/otb/trusted", ExitCode.HELP_SECTION})
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.otbb", description = "The signed baseline.")
        Path file;

        @Option(names = "--trust", required = true, paramLabel = "DIR", description = "Directory of trusted public keys (*.pub).")
        Path trust;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            BaselineDocument.Verified verified = SignedBaselines.verify(file, trust);
            System.out.println(SignedBaselines.describe(file, verified));
            TrustedKeys trusted = SignedBaselines.trusted(trust);
            for (AuditEntry entry : verified.content().history()) {
                String signedBy;
                try {
                    signedBy = AuditSignatures.signer(entry, trusted).map(name -> ", signed by " + name).orElse("");
                } catch (SignatureCheckException e) {
                    signedBy = " (" + e.getMessage() + ")";
                }
                System.out.println("  " + entry.at() + "  " + entry.action() + " by " + entry.who()
                        + (entry.snapshot().isPresent() ? ", snapshot " + entry.snapshot().getAsLong() : "")
                        + (entry.alertId().isEmpty() ? "" : ", alert " + entry.alertId())
                        + (entry.reason().isEmpty() ? "" : ": " + entry.reason()) + signedBy);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Verify a signed baseline and store it as a new snapshot (command 'import'), its model byte "
                    + "for byte, recorded in the audit trail; an unsigned, altered or untrusted file is refused (exit 3). "
                    + "A file imported before is not imported again.",
            footer = {"%nExamples:", "  otb baseline import approved.otbb --trust /etc/otb/trusted --db sensor.db",
                    ExitCode.HELP_SECTION})
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.otbb", description = "The signed baseline.")
        Path file;

        @Option(names = "--trust", required = true, paramLabel = "DIR", description = "Directory of trusted public keys (*.pub).")
        Path trust;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--by", paramLabel = "WHO", description = "Who imports (default: the OS login name).")
        String by;

        @Option(names = "--reason", defaultValue = "", description = "Why; kept in the audit trail.")
        String reason;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            BaselineDocument.Verified verified = SignedBaselines.verify(file, trust);
            try (BaselineStore store = database.openWriter("otb baseline import")) {
                SignedBaselines.Imported imported = SignedBaselines.importOnce(store, verified, file,
                        SignedBaselines.who(by), reason);
                System.out.println(file + ": baseline " + verified.content().baselineId() + " signed by "
                        + verified.signedBy() + (imported.now() ? " imported as snapshot " : " was imported before, as snapshot ")
                        + imported.snapshot());
                return ExitCode.OK;
            } catch (StoreException e) {
                throw new InputException(e.getMessage(), e);
            }
        }
    }
}
