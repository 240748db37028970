package otb.baseline.sign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import otb.baseline.store.AuditSigner;

/**
 * A private Ed25519 key loaded for signing, with its public half and its name.
 *
 * @param name       the key's name (its file name without {@code .key})
 * @param privateKey the private key
 * @param publicKey  the public key
 */
public record SigningKey(String name, PrivateKey privateKey, PublicKey publicKey) {
    /** The key's id: SHA-256 of the public key's X.509 encoding, 64 hex digits. */
    public String keyId() {
        return Keys.keyId(publicKey);
    }

    /** An Ed25519 signature (RFC 8032) over {@code message}, 64 bytes. */
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed with a key that loaded: " + e.getMessage(), e);
        }
    }

    /**
     * Signs audit entries (signed approvals): {@code ed25519:KEYID:BASE64}, see
     * {@link AuditSignatures}.
     */
    public AuditSigner auditSigner() {
        return payload -> AuditSignatures.PREFIX + keyId() + ":" + Base64.getEncoder().encodeToString(sign(payload));
    }

    /** True when the private and public halves belong together. */
    boolean halvesMatch() {
        byte[] probe = ("otb key check " + name).getBytes(StandardCharsets.UTF_8);
        return Keys.verify(publicKey, probe, sign(probe));
    }
}
