package otb.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otb.baseline.alert.Alert;
import otb.capture.CaptureException;
import otb.capture.CaptureFiles;
import otb.capture.IoErrors;
import otb.capture.Packet;
import otb.capture.PacketSource;
import otb.capture.PcapWriter;

/**
 * The "preserve logs" step of an incident, for a live run with an evidence directory
 * ({@code otb monitor --evidence-dir}): every frame goes to a bounded ring of pcap segments on
 * disk ({@code ring/}), and every alert gets {@code alert-<id>.pcap} with the frames from
 * {@link #BEFORE_NANOS} before it to {@link #AFTER_NANOS} after it (capture time). Runs on the
 * pipeline thread.
 *
 * <p>Bounds: {@link #MAX_SEGMENTS} segments of {@link #SEGMENT_BYTES} (the ring), at most
 * {@link #MAX_OPEN_EVIDENCE} evidence files being written at once and {@link #MAX_EVIDENCE_FILES}
 * in the directory; past those an alert has no evidence file, and that is counted.
 */
final class Evidence implements AutoCloseable {
    static final long BEFORE_NANOS = 30_000_000_000L;
    static final long AFTER_NANOS = 10_000_000_000L;
    static final long SEGMENT_BYTES = 8L << 20;
    static final int MAX_SEGMENTS = 16;
    static final int MAX_OPEN_EVIDENCE = 32;
    static final int MAX_EVIDENCE_FILES = 10_000;
    /** Largest frame kept, as libpcap's largest snap length. */
    private static final int SNAP_LENGTH = 262_144;

    /** One ring segment and the capture times it covers. */
    private static final class Segment {
        final Path file;
        final int linkType;
        long firstNanos = Long.MAX_VALUE;
        long lastNanos = Long.MIN_VALUE;
        long bytes = 24;

        Segment(Path file, int linkType) {
            this.file = file;
            this.linkType = linkType;
        }
    }

    /** An evidence file still taking frames until its deadline. */
    private record Open(Path file, PcapWriter writer, int linkType, long untilNanos) {
    }

    private final Path directory;
    private final Path ringDirectory;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private final Map<String, Open> open = new LinkedHashMap<>();
    private final Map<String, Path> written = new LinkedHashMap<>();
    private PcapWriter segmentWriter;
    private long segmentNumber;
    private int evidenceFiles;
    private long skipped;
    /** The directory's bound was reached and not yet said (see {@link #takeFilesBoundReached}). */
    private boolean filesBoundUnsaid;
    private boolean filesBoundSaid;
    private long clock;

    Evidence(Path directory) throws PipelineException {
        this.directory = directory;
        this.ringDirectory = directory.resolve("ring");
        try {
            Files.createDirectories(ringDirectory);
            // A previous run's ring is not continued: its frame numbers and flows are another run's.
            try (DirectoryStream<Path> old = Files.newDirectoryStream(ringDirectory, "segment-*.pcap")) {
                for (Path file : old) {
                    Files.delete(file);
                }
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "alert-*.pcap")) {
                for (Path ignored : files) {
                    evidenceFiles++;
                }
            }
        } catch (IOException e) {
            throw new PipelineException("cannot use " + directory + " as evidence directory: " + IoErrors.reason(e), e);
        }
    }

    /** Every captured frame, before decoding. */
    void frame(Packet packet) throws IOException {
        long nanos = packet.timestampNanos();
        clock = Math.max(clock, nanos);
        Segment current = segments.peekLast();
        if (current == null || current.bytes >= SEGMENT_BYTES || current.linkType != packet.linkType()) {
            current = startSegment(packet.linkType());
        }
        segmentWriter.write(nanos, packet.frame(), packet.originalLength());
        current.bytes += 16 + packet.capturedLength();
        current.firstNanos = Math.min(current.firstNanos, nanos);
        current.lastNanos = Math.max(current.lastNanos, nanos);
        if (!open.isEmpty()) {
            Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator();
            while (it.hasNext()) {
                Open evidence = it.next().getValue();
                if (nanos > evidence.untilNanos()) {
                    evidence.writer().close();
                    it.remove();
                } else if (evidence.linkType() == packet.linkType()) {
                    evidence.writer().write(nanos, packet.frame(), packet.originalLength());
                }
            }
        }
    }

    private Segment startSegment(int linkType) throws IOException {
        if (segmentWriter != null) {
            segmentWriter.close();
        }
        while (segments.size() >= MAX_SEGMENTS) {
            Files.deleteIfExists(segments.removeFirst().file);
        }
        Segment segment = new Segment(ringDirectory.resolve(String.format("segment-%06d.pcap", ++segmentNumber)),
                linkType);
        segmentWriter = new PcapWriter(Files.newOutputStream(segment.file), linkType, SNAP_LENGTH);
        segments.addLast(segment);
        return segment;
    }

    /**
     * An alert opened: starts its evidence file with the ring's frames from {@link #BEFORE_NANOS}
     * before it; frames up to {@link #AFTER_NANOS} after it follow as they arrive.
     */
    void alertOpened(Alert alert) throws IOException {
        if (written.containsKey(alert.id()) || open.containsKey(alert.id())) {
            return;
        }
        if (open.size() >= MAX_OPEN_EVIDENCE || evidenceFiles >= MAX_EVIDENCE_FILES || segments.isEmpty()) {
            skipped++;
            if (evidenceFiles >= MAX_EVIDENCE_FILES && !filesBoundSaid) {
                filesBoundUnsaid = true;
                filesBoundSaid = true;
            }
            return;
        }
        segmentWriter.flush();
        long from = alert.firstNanos() - BEFORE_NANOS;
        int linkType = segments.peekLast().linkType;
        Path file = directory.resolve("alert-" + alert.id() + ".pcap");
        OutputStream out = Files.newOutputStream(file);
        PcapWriter writer = new PcapWriter(out, linkType, SNAP_LENGTH);
        for (Segment segment : segments) {
            if (segment.lastNanos < from || segment.linkType != linkType) {
                continue;
            }
            try (PacketSource source = CaptureFiles.open(segment.file)) {
                IOException[] failure = new IOException[1];
                source.run(packet -> {
                    if (packet.timestampNanos() >= from && failure[0] == null) {
                        try {
                            writer.write(packet.timestampNanos(), packet.frame(), packet.originalLength());
                        } catch (IOException e) {
                            failure[0] = e;
                        }
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
            } catch (CaptureException e) {
                // the segment being written ends in a record still buffered: what was read is kept
            }
        }
        evidenceFiles++;
        written.put(alert.id(), file);
        open.put(alert.id(), new Open(file, writer, linkType, Math.max(clock, alert.firstNanos()) + AFTER_NANOS));
        if (written.size() > 4 * MAX_OPEN_EVIDENCE) {
            written.remove(written.keySet().iterator().next());
        }
    }

    /** The evidence file of an alert, or null when it has none. */
    Path fileOf(String alertId) {
        Path file = directory.resolve("alert-" + alertId + ".pcap");
        return Files.exists(file) ? file : null;
    }

    /**
     * True once per run, at the first alert that got no evidence file because the directory held
     * {@link #MAX_EVIDENCE_FILES} already: the run says so as a BUDGET_EXCEEDED alert.
     */
    boolean takeFilesBoundReached() {
        boolean reached = filesBoundUnsaid;
        filesBoundUnsaid = false;
        return reached;
    }

    /** Alerts that got no evidence file because a bound was reached. */
    long skipped() {
        return skipped;
    }

    /** Makes everything written so far readable (checkpoints). */
    void flush() throws IOException {
        if (segmentWriter != null) {
            segmentWriter.flush();
        }
        for (Open evidence : open.values()) {
            evidence.writer().flush();
        }
    }

    @Override
    public void close() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (Open evidence : open.values()) {
            try {
                evidence.writer().close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        open.clear();
        if (segmentWriter != null) {
            segmentWriter.close();
            segmentWriter = null;
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
