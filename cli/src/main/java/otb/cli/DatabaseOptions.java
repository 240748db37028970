package otb.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoreException;
import otb.capture.IoErrors;
import picocli.CommandLine.Option;

/** The database every baseline command works on. */
public final class DatabaseOptions {
    @Option(names = "--db", paramLabel = "FILE", defaultValue = "otb-work/otb.db",
            description = "otb's SQLite database (default: ${DEFAULT-VALUE}).")
    Path database;

    /** Opens the database, creating it (and its directory) when {@code create}. */
    BaselineStore open(boolean create) throws InputException {
        return open(create, null);
    }

    /**
     * Opens (creating) the database for a run that changes its baseline, holding its writer lock:
     * a second one on the same database is refused with one line naming {@code holder}.
     */
    BaselineStore openWriter(String holder) throws InputException {
        return open(true, holder);
    }

    /**
     * Opens an existing database to change its baseline ({@code otb alerts approve}), holding its
     * writer lock as {@link #openWriter} does; a missing database is an input error.
     */
    BaselineStore openExistingWriter(String holder) throws InputException {
        return open(false, holder);
    }

    /** Opens an existing database only to read it (the file or its directory may be read-only). */
    BaselineStore openReadOnly() throws InputException {
        if (!Files.isRegularFile(database)) {
            throw new InputException(database + ": no such database (run 'otb learn' first)");
        }
        try {
            return BaselineStore.openReadOnly(database);
        } catch (StoreException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    private BaselineStore open(boolean create, String writer) throws InputException {
        if (!create && !Files.isRegularFile(database)) {
            throw new InputException(database + ": no such database (run 'otb learn' first)");
        }
        try {
            Path parent = database.toAbsolutePath().getParent();
            if (create && parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new InputException("cannot create the directory of " + database + ": " + IoErrors.reason(e));
        }
        try {
            return writer == null ? BaselineStore.open(database) : BaselineStore.openWriter(database, writer);
        } catch (StoreException e) {
            throw new InputException(e.getMessage(), e);
        }
    }
}
