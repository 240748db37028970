package otb.cli;

import java.nio.file.Path;
import otb.baseline.sign.BaselineDocument;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.baseline.store.StoreException;
import otb.runtime.SignedBaselineLabel;
import picocli.CommandLine.Option;

/** {@code --baseline FILE.otbb --trust DIR}: detect against exactly one signed, approved baseline. */
public final class SignedBaselineOptions {
    @Option(names = "--baseline", paramLabel = "FILE.otbb",
            description = "Detect against exactly this signed baseline (verified with --trust; imported into the "
                    + "database once, as 'otb baseline import' does).")
    Path file;

    @Option(names = "--trust", paramLabel = "DIR", description = "Directory of trusted public keys (*.pub) for --baseline.")
    Path trust;

    /** The signed baseline to detect against, with the label its alerts carry. */
    record Pinned(Snapshot snapshot, SignedBaselineLabel label, boolean importedNow) {
    }

    boolean given() {
        if (file == null && trust != null) {
            throw new UsageException("--trust goes with --baseline FILE.otbb");
        }
        return file != null;
    }

    /**
     * Verifies the file and finds (or makes) its snapshot in {@code store}; the baseline detected
     * against is the one decoded from the verified file itself.
     */
    Pinned resolve(BaselineStore store) throws InputException, StoreException {
        BaselineDocument.Verified verified = SignedBaselines.verify(file, trust);
        SignedBaselines.Imported imported = SignedBaselines.importOnce(store, verified, file,
                SignedBaselines.who(null), "detect against the signed baseline");
        Snapshot stored = store.load(imported.snapshot());
        return new Pinned(new Snapshot(stored.info(), verified.baseline(), verified.cells()),
                new SignedBaselineLabel(verified.content().baselineId(), verified.signedBy()), imported.now());
    }
}
