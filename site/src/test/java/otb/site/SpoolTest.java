package otb.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk spool: order, acknowledgement, reopening after a crash, its bound. */
class SpoolTest {
    @TempDir
    Path dir;

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recordsComeBackInOrderUntilAcknowledgedAndAfterReopening() throws Exception {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            for (int i = 1; i <= 5; i++) {
                int n = i;
                assertEquals(i, spool.append("t", "k" + i, seq -> text("v" + n + "@" + seq)));
            }
            List<Spool.Entry> first = spool.read(3);
            assertEquals(List.of(1L, 2L, 3L), first.stream().map(Spool.Entry::seq).toList());
            assertEquals("v2@2", new String(first.get(1).value(), StandardCharsets.UTF_8));
            assertEquals("k2", first.get(1).key());
            spool.acknowledge(2);
            spool.rewind(); // record 3 was read, not delivered: it comes again
            assertEquals(List.of(3L, 4L, 5L), spool.read(10).stream().map(Spool.Entry::seq).toList());
            assertEquals(3, spool.pending());
        }
        // a sensor killed now: the unacknowledged records are sent by the next run, numbering goes on
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertEquals(List.of(3L, 4L, 5L), spool.read(10).stream().map(Spool.Entry::seq).toList());
            assertEquals(6, spool.append("t", "k", seq -> text("next")));
            assertEquals(List.of(6L), spool.read(10).stream().map(Spool.Entry::seq).toList());
            spool.acknowledge(6);
            assertEquals(0, spool.pending());
            assertEquals(0, spool.bytes(), "acknowledged segments are deleted");
        }
    }

    @Test
    void aTornRecordAtTheEndIsCutOffWhenTheSpoolOpens() throws Exception {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            spool.append("t", "k", seq -> text("whole"));
            spool.append("t", "k", seq -> text("torn"));
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(p -> p.getFileName().toString().startsWith("segment-")).findFirst().orElseThrow();
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 3); // a crash in the middle of the second append
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            List<Spool.Entry> entries = spool.read(10);
            assertEquals(1, entries.size());
            assertEquals("whole", new String(entries.get(0).value(), StandardCharsets.UTF_8));
            assertEquals(2, spool.append("t", "k", seq -> text("after")), "the torn record's number is used again");
            assertEquals(List.of(2L), spool.read(10).stream().map(Spool.Entry::seq).toList());
        }
    }

    @Test
    void pastItsBoundRecordsAreDroppedAndCountedAndRoomComesBackWhenAcknowledged() throws Exception {
        byte[] kib = new byte[1024];
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            long accepted = 0;
            for (int i = 0; i < 2000; i++) {
                if (spool.append("t", "k", seq -> kib) > 0) {
                    accepted++;
                }
            }
            assertTrue(accepted > 900 && accepted < 1024, "about 1 MiB of records: " + accepted);
            assertEquals(2000 - accepted, spool.dropped());
            assertTrue(spool.bytes() <= 1 << 20, "never past the bound: " + spool.bytes());
            // numbers stay consecutive: a dropped record took none
            List<Long> seqs = new ArrayList<>();
            spool.read(5000).forEach(e -> seqs.add(e.seq()));
            assertEquals(accepted, seqs.size());
            assertEquals(accepted, seqs.get(seqs.size() - 1));
            spool.acknowledge(accepted);
            assertTrue(spool.append("t", "k", seq -> kib) > 0, "room again");
        }
    }

    @Test
    void recordsSpanSegments() throws Exception {
        byte[] large = new byte[3 << 20];
        try (Spool spool = Spool.open(dir, 64L << 20)) {
            for (int i = 0; i < 7; i++) {
                assertEquals(i + 1, spool.append("t", "k", seq -> large));
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(files.filter(p -> p.getFileName().toString().startsWith("segment-")).count() >= 3);
            }
            assertEquals(7, spool.read(100).size());
            spool.acknowledge(4);
        }
        try (Spool spool = Spool.open(dir, 64L << 20)) {
            assertEquals(List.of(5L, 6L, 7L), spool.read(100).stream().map(Spool.Entry::seq).toList());
        }
    }
}
