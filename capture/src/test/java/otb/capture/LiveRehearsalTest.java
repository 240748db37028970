package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The warm-up source: a file's frames come out of the live queue unchanged, in order, with
 * their metadata, in heap buffers as live frames do.
 */
class LiveRehearsalTest {

    /** Frame number, time, lengths, link type and bytes of every frame a source delivers. */
    private static List<String> framesOf(PacketSource source, List<Boolean> direct) throws CaptureException {
        List<String> frames = new ArrayList<>();
        try (source) {
            source.run(packet -> {
                ByteBuffer view = packet.frame();
                byte[] bytes = new byte[view.remaining()];
                view.duplicate().get(bytes);
                direct.add(view.isDirect());
                frames.add(packet.frameNumber() + " " + packet.timestampNanos() + " " + packet.capturedLength() + "/"
                        + packet.originalLength() + " " + packet.linkType() + " " + packet.source() + " "
                        + Arrays.hashCode(bytes) + " " + bytes.length);
            });
        }
        return frames;
    }

    @Test
    void handsOverEveryFrameOfTheFileUnchanged() throws CaptureException {
        // 15,387 frames: more than the rehearsal queue holds, so it drains in batches while filling.
        Path file = CaptureFilesManifestTest.PCAPS.resolve("modbus/ModbusTCP.pcap");
        List<Boolean> fileDirect = new ArrayList<>();
        List<Boolean> rehearsalDirect = new ArrayList<>();
        List<String> expected = framesOf(CaptureFiles.open(file), fileDirect);
        List<String> rehearsed = framesOf(LiveRehearsal.of(CaptureFiles.open(file)), rehearsalDirect);
        assertEquals(15_387, expected.size());
        assertEquals(expected, rehearsed);
        assertFalse(rehearsalDirect.contains(true), "live frames sit in the queue's heap arena");
    }

    @Test
    void dissectsAsTheFileDoes() throws CaptureException {
        Path file = CaptureFilesManifestTest.PCAPS.resolve("modbus/ModbusTCP.pcap");
        RecordingListener fromFile = new RecordingListener();
        new CaptureEngine(CaptureLimits.defaults(), fromFile).process(CaptureFiles.open(file));
        RecordingListener rehearsed = new RecordingListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), rehearsed);
        engine.process(LiveRehearsal.of(CaptureFiles.open(file)));
        assertEquals(15_387, engine.counters().frames());
        assertFalse(fromFile.flows.isEmpty());
        assertEquals(summary(fromFile), summary(rehearsed));
    }

    /** Every flow with its events, byte counts and content hashes, every tick, the end counts. */
    private static List<String> summary(RecordingListener listener) {
        List<String> lines = new ArrayList<>();
        listener.flows.values().forEach(record -> lines.add(record.flow + " " + record.events + " "
                + Arrays.hashCode(record.toServer.toByteArray()) + " " + Arrays.hashCode(record.toClient.toByteArray())
                + " " + record.end));
        lines.add("ticks " + listener.ticks);
        lines.add("started " + listener.started + " ended " + listener.ended);
        return lines;
    }
}
