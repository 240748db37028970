package otb.baseline.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The hash chain that makes the audit trail tamper-evident: every entry's hash covers its fields,
 * its signature and the hash of the entry before it, so editing, deleting or inserting an entry
 * breaks the chain at that entry. Whoever can write the database can still rebuild the whole
 * chain, or append to it: the chain shows edits, a signature shows who (see the README's threat
 * model).
 */
public final class AuditChain {
    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    /** Marks the payload layout, so a later layout cannot be confused with this one. */
    private static final String PAYLOAD_VERSION = "otb-audit 1";

    private AuditChain() {
    }

    /**
     * The bytes an entry's hash and signature cover: every field but the hash and signature, each
     * as a 4-byte big-endian length and its UTF-8 bytes.
     */
    public static byte[] payload(long id, String at, String who, String action, String alertId, String reason,
                                 String snapshot, String detail, String prevHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (String field : List.of(PAYLOAD_VERSION, Long.toString(id), at, who, action, alertId, reason, snapshot,
                detail, prevHash)) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** The payload of a stored entry. */
    public static byte[] payload(AuditEntry entry) {
        return payload(entry.id(), entry.at(), entry.who(), entry.action(), entry.alertId(), entry.reason(),
                snapshotText(entry), entry.detail(), entry.prevHash());
    }

    static String snapshotText(AuditEntry entry) {
        return entry.snapshot().isPresent() ? Long.toString(entry.snapshot().getAsLong()) : "";
    }

    /** SHA-256 (hex) of the payload, then the signature's length and UTF-8 bytes. */
    public static String hash(byte[] payload, String signature) {
        MessageDigest digest = sha256();
        digest.update(payload);
        byte[] bytes = signature.getBytes(StandardCharsets.UTF_8);
        digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                (byte) (bytes.length >>> 8), (byte) bytes.length});
        digest.update(bytes);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The hash an entry should carry, from its own fields. */
    public static String hash(AuditEntry entry) {
        return hash(payload(entry), entry.signature());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * What a walk of the chain found first.
     *
     * @param entryId the entry at fault: the one altered or inserted, or the first one after the
     *                deleted ones
     * @param message one line saying what happened to it
     */
    public record Break(long entryId, String message) {
    }

    /** Walks the trail (oldest first) and returns the first break, or empty when the chain holds. */
    public static Optional<Break> verify(List<AuditEntry> trail) {
        String expectedPrevious = GENESIS;
        AuditEntry before = null;
        AuditEntry beforeThat = null;
        for (AuditEntry entry : trail) {
            if (!hash(entry).equals(entry.hash())) {
                return Optional.of(new Break(entry.id(), "audit entry " + entry.id()
                        + " was altered: its content does not match its hash"));
            }
            if (!entry.prevHash().equals(expectedPrevious)) {
                return Optional.of(broken(entry, before, beforeThat));
            }
            if (entry.id() != (before == null ? 1 : before.id() + 1)) {
                return Optional.of(new Break(entry.id(), "audit entry " + entry.id()
                        + " is out of sequence after " + (before == null ? "the start" : "entry " + before.id())));
            }
            beforeThat = before;
            before = entry;
            expectedPrevious = entry.hash();
        }
        return Optional.empty();
    }

    /** Names what broke the link into {@code entry}, which does not point at {@code before}. */
    private static Break broken(AuditEntry entry, AuditEntry before, AuditEntry beforeThat) {
        if (before == null) {
            return entry.id() > 1
                    ? new Break(entry.id(), "audit entries 1.." + (entry.id() - 1) + " were deleted (entry "
                            + entry.id() + " is now the first)")
                    : new Break(entry.id(), "audit entry " + entry.id() + " was altered: it does not start the chain");
        }
        String skipped = beforeThat == null ? GENESIS : beforeThat.hash();
        if (entry.prevHash().equals(skipped)) {
            return new Break(before.id(), "audit entry " + before.id() + " was inserted: entry " + entry.id()
                    + " links to " + (beforeThat == null ? "the start" : "entry " + beforeThat.id()));
        }
        if (entry.id() > before.id() + 1) {
            return new Break(entry.id(), "audit entr" + (entry.id() - before.id() > 2
                    ? "ies " + (before.id() + 1) + ".." + (entry.id() - 1) + " were" : "y " + (before.id() + 1) + " was")
                    + " deleted: entry " + entry.id() + " does not link to entry " + before.id());
        }
        return new Break(before.id(), "audit entry " + before.id() + " was altered and re-hashed: entry "
                + entry.id() + " still links to its original");
    }
}
