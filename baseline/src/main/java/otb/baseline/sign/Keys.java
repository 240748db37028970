package otb.baseline.sign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Ed25519 key pairs (RFC 8032) with the JDK's own EdDSA, as PEM files: {@code NAME.key} holds the
 * private key (PKCS#8) and, after it, the public key (X.509 SubjectPublicKeyInfo), readable by its
 * owner only (POSIX mode 600); {@code NAME.pub} holds the public key alone, for trust directories.
 */
public final class Keys {
    /** Extension of private key files. */
    public static final String PRIVATE_SUFFIX = ".key";
    /** Extension of public key files. */
    public static final String PUBLIC_SUFFIX = ".pub";
    /** Key names: letters, digits, dot, dash, underscore; 1 to 64, not starting with a dot. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    private static final String ALGORITHM = "Ed25519";
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private Keys() {
    }

    /** The files of a generated pair. */
    public record Generated(Path privateKey, Path publicKey, String keyId) {
    }

    /** True for a name a key may have. */
    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Makes a new pair {@code DIR/NAME.key} (mode 600 from its creation on) and {@code DIR/NAME.pub};
     * refuses to replace existing files.
     */
    public static Generated generate(String name, Path directory) throws KeyException {
        if (!validName(name)) {
            throw new KeyException("bad key name '" + name + "': use letters, digits, '.', '-', '_' (at most 64)");
        }
        Path privateFile = directory.resolve(name + PRIVATE_SUFFIX);
        Path publicFile = directory.resolve(name + PUBLIC_SUFFIX);
        for (Path file : List.of(privateFile, publicFile)) {
            if (Files.exists(file)) {
                throw new KeyException(file + " exists already; otb does not replace keys");
            }
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
        String publicPem = Pem.write("PUBLIC KEY", pair.getPublic().getEncoded());
        String privatePem = Pem.write("PRIVATE KEY", pair.getPrivate().getEncoded()) + publicPem;
        try {
            Files.createDirectories(directory);
            boolean posix = Files.getFileAttributeView(directory, PosixFileAttributeView.class) != null;
            if (posix) {
                Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(privateFile);
            }
            Files.writeString(privateFile, privatePem, StandardCharsets.US_ASCII);
            Files.writeString(publicFile, publicPem, StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new KeyException(e.getFile() + " exists already; otb does not replace keys", e);
        } catch (IOException e) {
            throw new KeyException(directory + ": cannot write keys (" + e.getMessage() + ")", e);
        }
        return new Generated(privateFile, publicFile, keyId(pair.getPublic()));
    }

    /**
     * Reads a private key file made by {@link #generate}: refused when others may read it, when it
     * is not an Ed25519 key, or when its halves do not belong together.
     */
    public static SigningKey readSigningKey(Path file) throws KeyException {
        List<Pem.Block> blocks = Pem.read(file);
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        for (Pem.Block block : blocks) {
            if (block.label().equals("PRIVATE KEY") && privateKey == null) {
                privateKey = privateKey(file, block.der());
            } else if (block.label().equals("PUBLIC KEY") && publicKey == null) {
                publicKey = publicKey(file, block.der());
            }
        }
        if (privateKey == null) {
            throw new KeyException(file + ": no PRIVATE KEY block (is it a .pub file?)");
        }
        if (publicKey == null) {
            throw new KeyException(file + ": no PUBLIC KEY block after the private key (make keys with 'otb keys generate')");
        }
        checkOwnerOnly(file);
        SigningKey key = new SigningKey(nameOf(file, PRIVATE_SUFFIX), privateKey, publicKey);
        if (!key.halvesMatch()) {
            throw new KeyException(file + ": its private and public keys do not belong together");
        }
        return key;
    }

    /** Reads a public key file. */
    public static PublicKey readPublicKey(Path file) throws KeyException {
        for (Pem.Block block : Pem.read(file)) {
            if (block.label().equals("PUBLIC KEY")) {
                return publicKey(file, block.der());
            }
        }
        throw new KeyException(file + ": no PUBLIC KEY block");
    }

    /** SHA-256 of the public key's X.509 encoding, 64 hex digits. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** True when {@code signature} is {@code key}'s Ed25519 signature of {@code message}. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
    }

    /** The key's name: the file name without its extension. */
    static String nameOf(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }

    private static PrivateKey privateKey(Path file, byte[] der) throws KeyException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException | RuntimeException e) {
            throw new KeyException(file + ": not an Ed25519 private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
    }

    private static PublicKey publicKey(Path file, byte[] der) throws KeyException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException | RuntimeException e) {
            throw new KeyException(file + ": not an Ed25519 public key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
    }

    /** As ssh does: a private key others can read is no longer private. */
    private static void checkOwnerOnly(Path file) throws KeyException {
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
                return;
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new KeyException(file + ": private key readable by others (mode "
                        + PosixFilePermissions.toString(permissions) + "); chmod 600 it, or make a new one");
            }
        } catch (IOException e) {
            throw new KeyException(file + ": cannot read its permissions (" + e.getMessage() + ")", e);
        }
    }
}
