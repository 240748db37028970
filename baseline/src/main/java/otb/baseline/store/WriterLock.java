package otb.baseline.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import otb.capture.IoErrors;

/**
 * One baseline writer per database at a time. Two runs that each extend the newest snapshot
 * (two {@code otb learn}, a learn beside a learning monitor) would fork the baseline: each saves a
 * child of the same parent and one's learning is lost from the other's line. The writer holds an
 * operating-system lock on {@code FILE.lock} beside the database for its whole run (released by
 * the OS when the process ends, however it ends); a second writer is refused at once with who holds
 * it. Readers and {@code otb analyze} take no lock: SQLite's transactions keep them consistent.
 */
final class WriterLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code database} for {@code holder} (e.g. {@code otb learn}), or refuses with one line. */
    static WriterLock acquire(Path database, String holder) throws StoreException {
        Path file = database.resolveSibling(database.getFileName() + ".lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException("cannot lock database " + database + ": " + file + ": " + IoErrors.reason(e));
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this process already
            }
            if (lock == null) {
                String other = holderOf(channel);
                channel.close();
                throw new StoreException(database + " is being changed by another otb" + (other.isEmpty() ? ""
                        : " (" + other + ")") + "; wait for it to end, or give another --db");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder + ", pid " + ProcessHandle.current().pid() + ", since "
                    + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new WriterLock(channel, lock);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel
            }
            throw new StoreException("cannot lock database " + database + ": " + IoErrors.reason(e));
        }
    }

    /** What the holder wrote into the lock file (one line, at most 200 characters), "" when nothing. */
    private static String holderOf(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(200);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        return otb.dissect.PlainText.escape(text.lines().findFirst().orElse("").strip());
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        }
    }
}
