package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** I/O failures become a reason without the path, which the caller names once. */
class IoErrorsTest {
    @TempDir
    Path dir;

    private static String reasonOf(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            return IoErrors.reason(e);
        }
        throw new AssertionError("no failure");
    }

    private interface IoAction {
        void run() throws IOException;
    }

    @Test
    void aMissingDirectoryIsNotAMissingFile() {
        assertEquals("no such directory", reasonOf(() -> Files.newOutputStream(dir.resolve("nonexistent/dir/x.pcap"))));
        assertEquals("no such file", reasonOf(() -> Files.newInputStream(dir.resolve("x.pcap"))));
    }

    @Test
    void theOperatingSystemsReasonWithoutThePath() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("d"));
        String reason = reasonOf(() -> Files.newOutputStream(directory));
        assertEquals("is a directory", reason);
        Files.writeString(dir.resolve("f"), "x");
        assertEquals("already exists", reasonOf(() -> Files.createFile(dir.resolve("f"))));
    }

    @Test
    void otherExceptionsKeepTheirFirstLine() {
        assertEquals("disk on fire", IoErrors.reason(new IOException("disk on fire\nsecond line")));
        assertEquals("IOException", IoErrors.reason(new IOException()));
        assertEquals("no such file", IoErrors.reason(new UncheckedIOException(
                new java.nio.file.NoSuchFileException(dir.resolve("gone").toString()))));
    }
}
