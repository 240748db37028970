package otb.baseline.store;

import java.nio.file.Path;
import java.sql.SQLException;

/** The database cannot be opened, read or written; the message is one line saying why. */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An SQLite failure on {@code file}, said in one line: corrupt, read-only, busy, or as SQLite put it. */
    static StoreException of(Path file, SQLException e) {
        String message = firstLine(e);
        if (message.contains("SQLITE_CORRUPT") || message.contains("SQLITE_NOTADB") || message.contains("malformed")) {
            return new StoreException(file + " is corrupt: " + message);
        }
        if (message.contains("SQLITE_READONLY") || message.contains("SQLITE_CANTOPEN")) {
            return new StoreException("cannot write database " + file + ": " + message);
        }
        if (message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED")) {
            return new StoreException("database " + file + " is busy (another otb writing?): " + message);
        }
        return new StoreException("database " + file + ": " + message);
    }

    /** The first line of an SQLite message (the driver appends the statement and more). */
    static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).trim();
    }
}
