package otb.baseline.sign;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import otb.baseline.store.AuditEntry;

/**
 * The content of a signed baseline file ({@code .otbb}, see {@link BaselineDocument}): one
 * snapshot's model and cells exactly as stored, what the snapshot says of itself, the audit
 * entries of its lineage (who learned, approved and imported what became it), and who signed it.
 *
 * @param baselineId  {@link #idOf}: SHA-256 of the model and cells, 64 hex digits
 * @param snapshot    the snapshot's number in the database it was exported from
 * @param parent      the snapshot it extends there, if any
 * @param command     what wrote the snapshot: learn, monitor, approve, import
 * @param created     when the snapshot was written, ISO-8601 UTC
 * @param input       what it was learned from
 * @param note        its note
 * @param messages    messages learned from in total
 * @param firstNanos  capture time of the earliest learned traffic, 0 when none
 * @param lastNanos   capture time of the latest learned traffic, 0 when none
 * @param modelFormat the baseline codec's format version of {@code model}
 * @param model       the encoded model, byte for byte as stored
 * @param cellsText   the cells definitions, "" for automatic cells
 * @param history     audit entries of the snapshot and its ancestors, oldest first
 * @param signer      the name the signer gave its key
 * @param keyId       the signing key's id (SHA-256 of its public key, hex)
 * @param signedAt    when it was signed, ISO-8601 UTC
 */
public record SignedBaseline(String baselineId, long snapshot, OptionalLong parent, String command, String created,
                             String input, String note, long messages, long firstNanos, long lastNanos,
                             int modelFormat, byte[] model, String cellsText, List<AuditEntry> history,
                             String signer, String keyId, String signedAt) {
    public SignedBaseline {
        history = List.copyOf(history);
    }

    /** A baseline's id: SHA-256 of the model's and the cells text's lengths and bytes, 64 hex digits. */
    public static String idOf(byte[] model, String cellsText) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] cells = cellsText.getBytes(StandardCharsets.UTF_8);
            for (byte[] part : List.of(model, cells)) {
                digest.update(new byte[] {(byte) (part.length >>> 24), (byte) (part.length >>> 16),
                        (byte) (part.length >>> 8), (byte) part.length});
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The approvals in the history: entries with action {@code approve}. */
    public List<AuditEntry> approvals() {
        return history.stream().filter(entry -> entry.action().equals("approve")).toList();
    }
}
