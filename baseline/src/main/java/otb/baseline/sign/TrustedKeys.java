package otb.baseline.sign;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The public keys trusted to sign baselines and approvals: every {@code NAME.pub} in one
 * directory, each known by its file's name. A damaged key file is an error, not skipped.
 */
public final class TrustedKeys {
    /** At most this many keys in a trust directory. */
    static final int MAX_KEYS = 10_000;

    /** A trusted key: its local name and the key. */
    public record TrustedKey(String name, PublicKey key) {
    }

    private final Path directory;
    private final Map<String, TrustedKey> byId;

    private TrustedKeys(Path directory, Map<String, TrustedKey> byId) {
        this.directory = directory;
        this.byId = byId;
    }

    /** Reads every {@code *.pub} of {@code directory}. */
    public static TrustedKeys load(Path directory) throws KeyException {
        if (!Files.isDirectory(directory)) {
            throw new KeyException(directory + ": no such trust directory");
        }
        Map<String, TrustedKey> byId = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + Keys.PUBLIC_SUFFIX)) {
            for (Path file : files) {
                if (byId.size() >= MAX_KEYS) {
                    throw new KeyException(directory + ": more than " + MAX_KEYS + " keys");
                }
                PublicKey key = Keys.readPublicKey(file);
                byId.putIfAbsent(Keys.keyId(key), new TrustedKey(Keys.nameOf(file, Keys.PUBLIC_SUFFIX), key));
            }
        } catch (IOException e) {
            throw new KeyException(directory + ": cannot list (" + e.getMessage() + ")", e);
        }
        if (byId.isEmpty()) {
            throw new KeyException(directory + ": no trusted keys (*.pub) in it");
        }
        return new TrustedKeys(directory, byId);
    }

    /** Just one key (a signer checking what it wrote). */
    public static TrustedKeys of(String name, PublicKey key) {
        return new TrustedKeys(Path.of("(" + name + "'s own key)"), Map.of(Keys.keyId(key), new TrustedKey(name, key)));
    }

    public Optional<TrustedKey> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    public Path directory() {
        return directory;
    }
}
