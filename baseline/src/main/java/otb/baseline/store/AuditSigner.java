package otb.baseline.store;

/**
 * Signs an audit entry as it is written (a signed approval): returns the text kept in the entry's
 * {@code signature} column, {@code ed25519:KEYID:BASE64}, for {@link AuditChain#payload}.
 */
@FunctionalInterface
public interface AuditSigner {
    /** No signature. */
    AuditSigner NONE = payload -> "";

    String sign(byte[] payload);
}
