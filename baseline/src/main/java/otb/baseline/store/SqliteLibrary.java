package otb.baseline.store;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * Where sqlite-jdbc loads its native library from.
 *
 * <p>Left alone, sqlite-jdbc copies its 1 MB library out of the jar into the temp folder under a
 * new random name at every start, runs {@code uname -o} to tell Android apart, and deletes the copy
 * when the JVM exits normally. A JVM that ends in {@code Runtime.halt} (how {@code otb monitor}
 * ends on a signal) or is killed leaves its copy behind: a sensor restarted every day left one more
 * megabyte in {@code /tmp} each time. So on glibc Linux, the platform a sensor runs on, otb keeps
 * one copy per library build in a folder of its own and points sqlite-jdbc at it
 * ({@code org.sqlite.lib.path} and {@code org.sqlite.lib.name}, sqlite-jdbc's documented
 * properties). That also takes about 60 ms off every run's start (bench/README.md, "the start of
 * every run").
 *
 * <p>The folder, {@code otb-USER} in sqlite-jdbc's temp folder, is made readable and writable by
 * its owner only, and is used only when it is a real folder (not a link) owned by the user running
 * otb with no access for others: otherwise another local user could put a library of their own
 * there for otb to load. The copy's name carries the size and CRC-32 of the library in the jar, so
 * another build gets another file; it is written under a temporary name, flushed to disk and
 * renamed, so a run never loads half a file, and each run checks the copy's CRC-32 before using
 * it. On any other platform, when the properties are already set, or when anything here fails,
 * sqlite-jdbc does what it always did.
 */
final class SqliteLibrary {
    private static final String RESOURCE_FOLDER = "/org/sqlite/native/Linux/";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private static boolean installed;

    private SqliteLibrary() {
    }

    /** Points sqlite-jdbc at otb's own copy of its library when it can; idempotent. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        if (System.getProperty("org.sqlite.lib.path") != null || System.getProperty("org.sqlite.lib.name") != null) {
            return;
        }
        String arch = glibcLinuxArch();
        if (arch == null) {
            return;
        }
        try {
            URL url = SqliteLibrary.class.getResource(RESOURCE_FOLDER + arch + "/libsqlitejdbc.so");
            if (url == null) {
                return;
            }
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return;
            }
            JarEntry entry = jar.getJarEntry();
            if (entry.getSize() <= 0 || entry.getCrc() < 0) {
                return;
            }
            Path folder = ownFolder();
            if (folder == null) {
                return;
            }
            // not String.format: 9 ms of the interpreter at every start
            String name = "libsqlitejdbc-" + entry.getSize() + "-" + HexFormat.of().toHexDigits((int) entry.getCrc()) + ".so";
            Path library = folder.resolve(name);
            if (!isCopy(library, entry)) {
                Path partial = Files.createTempFile(folder, "libsqlitejdbc-", ".partial");
                try (InputStream in = jar.getInputStream()) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    try (FileChannel written = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                        written.force(true); // on disk before it has its name, even across a power cut
                    }
                    Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(partial);
                }
                if (!isCopy(library, entry)) {
                    return;
                }
            }
            System.setProperty("org.sqlite.lib.path", folder.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException e) {
            // sqlite-jdbc extracts the library itself, as without this class
        }
    }

    /**
     * sqlite-jdbc's folder name for this JVM's architecture on glibc Linux; null elsewhere. Its
     * glibc build fails to load under musl, and sqlite-jdbc logs that failure with a stack trace, so
     * a system with musl's loader is left to sqlite-jdbc's own detection.
     */
    private static String glibcLinuxArch() {
        if (!"linux".equals(System.getProperty("os.name", "").toLowerCase(Locale.ROOT))) {
            return null;
        }
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> null;
        };
        if (arch == null) {
            return null;
        }
        for (String lib : new String[] {"/lib", "/usr/lib", "/lib64"}) {
            String[] names = new File(lib).list((dir, file) -> file.startsWith("ld-musl-"));
            if (names != null && names.length > 0) {
                return null;
            }
        }
        return arch;
    }

    /** {@code otb-USER} in sqlite-jdbc's temp folder, made if missing; null if it is not safely ours. */
    private static Path ownFolder() throws IOException {
        String temp = System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"));
        String user = System.getProperty("user.name");
        if (temp == null || user == null || user.isEmpty() || user.contains("/")) {
            return null;
        }
        Path folder = Path.of(temp, "otb-" + user);
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException raced) {
                // made by another otb meanwhile: checked below like any other
            }
        }
        PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        boolean ours = attributes.isDirectory()
                && attributes.owner().equals(FileSystems.getDefault().getUserPrincipalLookupService()
                        .lookupPrincipalByName(user))
                && OWNER_ONLY.containsAll(attributes.permissions());
        return ours ? folder : null;
    }

    /**
     * Whether {@code library} is a file holding exactly the jar's entry: its size and CRC-32 (about
     * a millisecond for 1 MB). A damaged copy fails to load, and every run would then fail to open
     * its database; it is written again instead.
     */
    private static boolean isCopy(Path library, JarEntry entry) throws IOException {
        if (!Files.exists(library, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        PosixFileAttributes attributes = Files.readAttributes(library, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile() || attributes.size() != entry.getSize()) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(library));
        return crc.getValue() == entry.getCrc();
    }
}
