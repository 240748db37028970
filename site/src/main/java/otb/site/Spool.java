package otb.site;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * A bounded on-disk queue of the records a sensor publishes: every record is appended here
 * first, with the next sequence number, and removed only once the broker acknowledged it. So a
 * broker that is down or slow costs disk, not memory, and the records leave in order when it
 * comes back; a sensor killed with SIGKILL sends what it had not sent when it starts again
 * (records after the last acknowledgement may go twice: the hub is idempotent).
 *
 * <p>A directory of segment files ({@code segment-<first seq>}, at most {@link #SEGMENT_BYTES}
 * each) of records {@code [u32 body length][u32 CRC-32 of body][body]}, body
 * {@code [u64 seq][u16 topic length][topic][u16 key length][key][value]}; a file {@code acked}
 * with the last acknowledged sequence number and a file {@code epoch} with the spool's creation
 * time (milliseconds), which orders its sequence after an earlier spool's. A torn record at the
 * end of a segment (a crash while appending) is cut off when the spool opens. Past
 * {@code maxBytes} on disk a record is dropped and counted ({@link #dropped}).
 *
 * <p>Thread-safe: the pipeline appends, the sender reads and acknowledges.
 */
final class Spool implements AutoCloseable {
    /** Largest segment file; a record larger than that gets a segment of its own. */
    static final long SEGMENT_BYTES = 8L << 20;
    private static final int FRAME_HEADER = 8;
    private static final String SEGMENT = "segment-";

    /** One record read back. */
    record Entry(long seq, String topic, String key, byte[] value) {
    }

    private static final class Segment {
        final Path path;
        final long firstSeq;
        long lastSeq;
        long bytes;

        Segment(Path path, long firstSeq) {
            this.path = path;
            this.firstSeq = firstSeq;
            this.lastSeq = firstSeq - 1;
        }
    }

    private final Path directory;
    private final long maxBytes;
    private final long epoch;
    private final List<Segment> segments = new ArrayList<>();
    private FileChannel appending;
    private long acked;
    private long nextSeq;
    private long totalBytes;
    private long dropped;
    /** Next record to read: its segment and position, and its sequence number. */
    private Segment cursorSegment;
    private long cursorPosition;

    private Spool(Path directory, long maxBytes, long epoch) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.epoch = epoch;
    }

    /** Opens (creating when missing) the spool in {@code directory}, bounded to {@code maxBytes} on disk. */
    static Spool open(Path directory, long maxBytes) throws IOException {
        Files.createDirectories(directory);
        Path epochFile = directory.resolve("epoch");
        long epoch;
        if (Files.exists(epochFile)) {
            epoch = parseLong(epochFile);
        } else {
            epoch = System.currentTimeMillis();
            writeAtomically(epochFile, Long.toString(epoch));
        }
        Spool spool = new Spool(directory, maxBytes, epoch);
        Path ackedFile = directory.resolve("acked");
        spool.acked = Files.exists(ackedFile) ? parseLong(ackedFile) : 0;
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().startsWith(SEGMENT)).sorted().toList();
        }
        long last = spool.acked;
        for (Path file : files) {
            Segment segment = spool.scan(file);
            if (segment.lastSeq < segment.firstSeq || segment.lastSeq <= spool.acked) {
                Files.delete(file);
                continue;
            }
            spool.segments.add(segment);
            spool.totalBytes += segment.bytes;
            last = Math.max(last, segment.lastSeq);
        }
        spool.nextSeq = last + 1;
        spool.rewind();
        return spool;
    }

    /** Reads a segment's records to find its range, cutting off a torn or damaged tail. */
    private Segment scan(Path file) throws IOException {
        long first;
        try {
            first = Long.parseLong(file.getFileName().toString().substring(SEGMENT.length()));
        } catch (NumberFormatException e) {
            throw new IOException("spool " + directory + " holds a stray file " + file.getFileName());
        }
        Segment segment = new Segment(file, first);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long position = 0;
            long size = channel.size();
            while (true) {
                Entry entry = readAt(channel, position, size);
                if (entry == null || entry.seq() != segment.lastSeq + 1) {
                    break;
                }
                segment.lastSeq = entry.seq();
                position += FRAME_HEADER + bodyLength(entry);
            }
            if (position < size) {
                channel.truncate(position);
            }
            segment.bytes = position;
        }
        return segment;
    }

    /** The record at {@code position}, or null when none fits in {@code size} or its CRC fails. */
    private static Entry readAt(FileChannel channel, long position, long size) throws IOException {
        if (size - position < FRAME_HEADER) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
        channel.read(header, position);
        header.flip();
        long length = header.getInt() & 0xFFFF_FFFFL;
        long crc = header.getInt() & 0xFFFF_FFFFL;
        // seq, two lengths; a length past the file or past any record we write is a torn or damaged frame
        if (length < 12 || length > size - position - FRAME_HEADER || length > SiteRecords.MAX_RECORD_BYTES + 1024) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate((int) length);
        while (body.hasRemaining()) {
            if (channel.read(body, position + FRAME_HEADER + body.position()) < 0) {
                return null;
            }
        }
        CRC32 check = new CRC32();
        check.update(body.array());
        if (check.getValue() != crc) {
            return null;
        }
        body.flip();
        long seq = body.getLong();
        int topicLength = body.getShort() & 0xFFFF;
        if (topicLength > body.remaining()) {
            return null;
        }
        String topic = new String(body.array(), body.position(), topicLength, StandardCharsets.UTF_8);
        body.position(body.position() + topicLength);
        if (body.remaining() < 2) {
            return null;
        }
        int keyLength = body.getShort() & 0xFFFF;
        if (keyLength > body.remaining()) {
            return null;
        }
        String key = new String(body.array(), body.position(), keyLength, StandardCharsets.UTF_8);
        body.position(body.position() + keyLength);
        byte[] value = new byte[body.remaining()];
        body.get(value);
        return new Entry(seq, topic, key, value);
    }

    private static int bodyLength(Entry entry) {
        return 8 + 2 + entry.topic().getBytes(StandardCharsets.UTF_8).length + 2
                + entry.key().getBytes(StandardCharsets.UTF_8).length + entry.value().length;
    }

    /**
     * Appends a record with the next sequence number, which {@code value} receives to put in the
     * record. Returns that number, or -1 when the record would take the spool past its bound (or
     * is larger than a record may be): then it is dropped and counted, and the number is not used.
     */
    synchronized long append(String topic, String key, LongFunction<byte[]> value) throws IOException {
        long seq = nextSeq;
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        byte[] valueBytes = value.apply(seq);
        long length = 8 + 2 + topicBytes.length + 2 + keyBytes.length + (long) valueBytes.length;
        if (topicBytes.length > 0xFFFF || keyBytes.length > 0xFFFF || valueBytes.length > SiteRecords.MAX_RECORD_BYTES
                || totalBytes + FRAME_HEADER + length > maxBytes) {
            dropped++;
            return -1;
        }
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last == null || appending == null || last.bytes + FRAME_HEADER + length > SEGMENT_BYTES && last.bytes > 0) {
            closeAppending();
            last = new Segment(directory.resolve(String.format("%s%020d", SEGMENT, seq)), seq);
            segments.add(last);
            appending = FileChannel.open(last.path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        ByteBuffer frame = ByteBuffer.allocate((int) (FRAME_HEADER + length));
        frame.position(FRAME_HEADER);
        frame.putLong(seq).putShort((short) topicBytes.length).put(topicBytes).putShort((short) keyBytes.length)
                .put(keyBytes).put(valueBytes);
        CRC32 crc = new CRC32();
        crc.update(frame.array(), FRAME_HEADER, (int) length);
        frame.putInt(0, (int) length).putInt(4, (int) crc.getValue());
        frame.rewind();
        while (frame.hasRemaining()) {
            appending.write(frame);
        }
        last.lastSeq = seq;
        last.bytes += frame.capacity();
        totalBytes += frame.capacity();
        nextSeq = seq + 1;
        if (cursorSegment == null) {
            cursorSegment = last;
            cursorPosition = last.bytes - frame.capacity();
        }
        notifyAll();
        return seq;
    }

    /** Up to {@code max} records after the last one read (or, after {@link #rewind}, after the last acknowledged). */
    synchronized List<Entry> read(int max) throws IOException {
        List<Entry> entries = new ArrayList<>();
        while (entries.size() < max && cursorSegment != null) {
            Entry entry;
            try (FileChannel channel = FileChannel.open(cursorSegment.path, StandardOpenOption.READ)) {
                entry = readAt(channel, cursorPosition, cursorSegment.bytes);
            }
            if (entry == null) {
                int index = segments.indexOf(cursorSegment);
                if (index >= 0 && index + 1 < segments.size()) {
                    cursorSegment = segments.get(index + 1);
                    cursorPosition = 0;
                    continue;
                }
                if (cursorPosition >= cursorSegment.bytes && index >= 0) {
                    break; // caught up; the cursor stays for what is appended next
                }
                throw new IOException("spool " + directory + " is damaged in " + cursorSegment.path.getFileName());
            }
            entries.add(entry);
            cursorPosition += FRAME_HEADER + bodyLength(entry);
        }
        return entries;
    }

    /** Reading starts again after the last acknowledged record (what was read since was not delivered). */
    synchronized void rewind() throws IOException {
        cursorSegment = null;
        cursorPosition = 0;
        for (Segment segment : segments) {
            if (segment.lastSeq <= acked) {
                continue;
            }
            cursorSegment = segment;
            try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
                long position = 0;
                while (true) {
                    Entry entry = readAt(channel, position, segment.bytes);
                    if (entry == null || entry.seq() > acked) {
                        break;
                    }
                    position += FRAME_HEADER + bodyLength(entry);
                }
                cursorPosition = position;
            }
            return;
        }
        if (!segments.isEmpty()) {
            Segment last = segments.get(segments.size() - 1);
            cursorSegment = last;
            cursorPosition = last.bytes;
        }
    }

    /** The broker holds every record up to {@code seq}: segments wholly before it are deleted. */
    synchronized void acknowledge(long seq) throws IOException {
        if (seq <= acked) {
            return;
        }
        acked = seq;
        writeAtomically(directory.resolve("acked"), Long.toString(acked));
        while (!segments.isEmpty() && segments.get(0).lastSeq <= acked) {
            Segment done = segments.remove(0);
            if (segments.isEmpty()) {
                closeAppending();
            }
            if (done == cursorSegment) {
                cursorSegment = segments.isEmpty() ? null : segments.get(0);
                cursorPosition = 0;
            }
            totalBytes -= done.bytes;
            Files.deleteIfExists(done.path);
        }
    }

    /** Waits up to {@code millis} for a record appended after the last read one. */
    synchronized void awaitAppend(long millis) throws InterruptedException {
        if (unread()) {
            return;
        }
        wait(millis);
    }

    private boolean unread() {
        return cursorSegment != null && (cursorPosition < cursorSegment.bytes
                || segments.indexOf(cursorSegment) < segments.size() - 1);
    }

    /** Whether a record of about {@code bytes} (body) would fit within the bound now. */
    synchronized boolean hasRoom(long bytes) {
        return totalBytes + FRAME_HEADER + bytes <= maxBytes;
    }

    /** Wakes a reader waiting in {@link #awaitAppend}. */
    synchronized void wake() {
        notifyAll();
    }

    /** Forces what was appended to the disk (at checkpoints: survives a power cut, not only a crash). */
    synchronized void sync() throws IOException {
        if (appending != null) {
            appending.force(false);
        }
    }

    /** Records appended and not yet acknowledged. */
    synchronized long pending() {
        return nextSeq - 1 - acked;
    }

    /** Bytes the spool takes on disk. */
    synchronized long bytes() {
        return totalBytes;
    }

    synchronized long dropped() {
        return dropped;
    }

    long epoch() {
        return epoch;
    }

    Path directory() {
        return directory;
    }

    private void closeAppending() throws IOException {
        if (appending != null) {
            appending.close();
            appending = null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeAppending();
    }

    private static long parseLong(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("spool file " + file + " is damaged: '" + text + "'");
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
