package otb.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import otb.baseline.sign.BaselineDocument;
import otb.baseline.sign.KeyException;
import otb.baseline.sign.Keys;
import otb.baseline.sign.SignatureCheckException;
import otb.baseline.sign.SignedBaseline;
import otb.baseline.sign.SigningKey;
import otb.baseline.sign.TrustedKeys;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.OsUser;
import otb.baseline.store.SnapshotSignature;
import otb.baseline.store.StoreException;
import otb.baseline.store.StoredModel;

/** What the commands share about signed baselines and keys, with their errors as {@link InputException}s. */
final class SignedBaselines {
    private SignedBaselines() {
    }

    /** Reads and checks a signed baseline against the keys in {@code trust}. */
    static BaselineDocument.Verified verify(Path file, Path trust) throws InputException {
        if (trust == null) {
            throw new UsageException(file + ": a signed baseline is checked against trusted keys: give --trust DIR");
        }
        try {
            return BaselineDocument.verify(file, TrustedKeys.load(trust));
        } catch (SignatureCheckException | KeyException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    static TrustedKeys trusted(Path trust) throws InputException {
        try {
            return TrustedKeys.load(trust);
        } catch (KeyException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    static SigningKey signingKey(Path file) throws InputException {
        try {
            return Keys.readSigningKey(file);
        } catch (KeyException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    /** {@code --by}, else the OS login name. */
    static String who(String by) {
        return by != null && !by.isBlank() ? by : OsUser.loginName();
    }

    /**
     * The snapshot holding exactly the verified baseline: one imported from it earlier whose model
     * and cells are still byte for byte the signed ones, else a new import (audited).
     *
     * @return the snapshot's number, and whether it was imported now
     */
    static Imported importOnce(BaselineStore store, BaselineDocument.Verified verified, Path file, String who,
                               String reason) throws StoreException {
        SignedBaseline content = verified.content();
        for (long id : store.importedAs(content.baselineId())) {
            StoredModel stored = store.storedModel(id);
            if (Arrays.equals(stored.model(), content.model()) && stored.cellsText().equals(content.cellsText())) {
                return new Imported(id, false);
            }
        }
        long id = store.importSnapshot(content.model(), content.cellsText(), new SnapshotSignature(
                content.baselineId(), verified.signedBy(), content.keyId(), content.signedAt(), file.toString()),
                who, reason);
        return new Imported(id, true);
    }

    record Imported(long snapshot, boolean now) {
    }

    /** The one-line description of a verified file. */
    static String describe(Path file, BaselineDocument.Verified verified) {
        SignedBaseline content = verified.content();
        List<otb.baseline.store.AuditEntry> approvals = content.approvals();
        long signedApprovals = approvals.stream().filter(entry -> !entry.signature().isEmpty()).count();
        return file + ": good signature by " + verified.signedBy() + " (key " + content.keyId() + "), signed "
                + content.signedAt() + "; baseline " + content.baselineId() + ", snapshot " + content.snapshot()
                + " (" + content.command() + (content.parent().isPresent() ? ", parent " + content.parent().getAsLong() : "")
                + ", written " + content.created() + "), " + content.history().size() + " history entries, "
                + approvals.size() + " approvals (" + signedApprovals + " signed)";
    }
}
