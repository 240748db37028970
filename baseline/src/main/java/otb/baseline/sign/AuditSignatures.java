package otb.baseline.sign;

import java.util.Base64;
import java.util.Optional;
import otb.baseline.store.AuditChain;
import otb.baseline.store.AuditEntry;

/**
 * Signed audit entries (signed approvals): the entry's {@code signature} is
 * {@code ed25519:KEYID:BASE64}, an Ed25519 signature of {@link AuditChain#payload} by the key
 * whose id is KEYID.
 */
public final class AuditSignatures {
    static final String PREFIX = "ed25519:";

    private AuditSignatures() {
    }

    /**
     * Who signed an entry, checked against trusted keys.
     *
     * @return empty when the entry is unsigned
     * @throws SignatureCheckException the signature is malformed, by an untrusted key, or does not match
     */
    public static Optional<String> signer(AuditEntry entry, TrustedKeys trusted) throws SignatureCheckException {
        String text = entry.signature();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 3 || !text.startsWith(PREFIX)) {
            throw new SignatureCheckException("audit entry " + entry.id() + ": malformed signature");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SignatureCheckException("audit entry " + entry.id() + ": malformed signature", e);
        }
        TrustedKeys.TrustedKey key = trusted.find(parts[1]).orElseThrow(() -> new SignatureCheckException(
                "audit entry " + entry.id() + " is signed by a key not in " + trusted.directory() + " (key " + parts[1] + ")"));
        if (!Keys.verify(key.key(), AuditChain.payload(entry), signature)) {
            throw new SignatureCheckException("audit entry " + entry.id() + ": signature does not match (altered since "
                    + key.name() + " signed it)");
        }
        return Optional.of(key.name());
    }
}
