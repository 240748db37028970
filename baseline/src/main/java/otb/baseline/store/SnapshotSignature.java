package otb.baseline.store;

/**
 * Where an imported snapshot came from: the signed baseline file it was verified from.
 *
 * @param baselineId the signed baseline's id (SHA-256 of its model and cells, hex)
 * @param signer     the name of the trusted key that signed it
 * @param keyId      the key's id (SHA-256 of its public key, hex)
 * @param signedAt   when it was signed, ISO-8601 UTC, as the file says
 * @param source     the file it was read from
 */
public record SnapshotSignature(String baselineId, String signer, String keyId, String signedAt, String source) {
}
