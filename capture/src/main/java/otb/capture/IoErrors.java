package otb.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one place an I/O failure becomes words for an operator's error line. The caller names the
 * file ("cannot write x.pcap: "), this says what went wrong, once: the JDK's file exceptions carry
 * the path as their message ({@code NoSuchFileException: /a/b}), which would repeat it.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** Why {@code e} failed, without the file name: e.g. {@code no such directory}, {@code permission denied}. */
    public static String reason(Throwable e) {
        if (e instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
            return reason(unchecked.getCause());
        }
        if (e instanceof NoSuchFileException missing) {
            return missingWhat(missing.getFile());
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileSystemException fileSystem) {
            // getReason() is the operating system's text ("Is a directory", "No space left on device")
            String reason = fileSystem.getReason();
            if (reason != null && !reason.isBlank()) {
                return lowerFirst(reason.strip());
            }
            return e.getClass().getSimpleName();
        }
        if (e instanceof EOFException && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "ends too early";
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).strip();
    }

    /** A path that is not there: the file itself, or a directory on its way. */
    private static String missingWhat(String file) {
        if (file == null) {
            return "no such file";
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        return parent != null && !Files.isDirectory(parent) ? "no such directory" : "no such file";
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
