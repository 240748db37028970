package otb.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live capture on a real veth pair: a shipped capture replayed with tcpreplay at a fixed rate
 * onto one end arrives whole at the other (same frames, same bytes, no loss), the kernel filter
 * applies, a vanished interface is reopened, overflows are counted, and opening errors are one
 * clear line. Needs root; elsewhere every test is skipped with the reason printed.
 */
class LiveCaptureTest {
    static final Path MODBUS_TEST = CaptureFilesManifestTest.PCAPS.resolve("modbus/modbus_test.pcap");
    static final Path MODBUS_EXAMPLE = CaptureFilesManifestTest.PCAPS.resolve("modbus/modbus_example.pcap");
    /** Replay rate: well within what any machine captures without loss. */
    private static final int REPLAY_PACKETS_PER_SECOND = 2_000;
    private static final long WAIT_MILLIS = 20_000;

    /** Why these tests cannot run here (checked once), or null. */
    private static final String UNAVAILABLE = LiveTestNetwork.unavailableReason();

    @BeforeEach
    void requireRoot() {
        TestEnvironment.requireOrSkip(UNAVAILABLE);
    }

    /** One frame as received, copied out of the callback. */
    record Received(long frameNumber, long timestampNanos, int originalLength, int linkType, byte[] bytes) {
    }

    /** Runs a capture on its own thread and keeps copies of the frames. */
    static final class Recorder implements LiveCapture.Events {
        final List<Received> frames = new CopyOnWriteArrayList<>();
        final List<String> notices = new CopyOnWriteArrayList<>();
        final List<LiveStatistics> statistics = new CopyOnWriteArrayList<>();
        volatile Throwable failure;
        private Thread thread;
        private long handlerDelayMillis;
        private long firstFrameDelayMillis;

        Recorder slowHandler(long millis) {
            handlerDelayMillis = millis;
            return this;
        }

        Recorder stallOnFirstFrame(long millis) {
            firstFrameDelayMillis = millis;
            return this;
        }

        void start(LiveCapture capture) {
            thread = new Thread(() -> {
                try {
                    capture.run(packet -> {
                        frames.add(new Received(packet.frameNumber(), packet.timestampNanos(), packet.originalLength(),
                                packet.linkType(), bytes(packet.frame())));
                        if (handlerDelayMillis > 0) {
                            sleep(handlerDelayMillis);
                        }
                        if (firstFrameDelayMillis > 0 && frames.size() == 1) {
                            sleep(firstFrameDelayMillis);
                        }
                    });
                } catch (Throwable e) {
                    failure = e;
                }
            }, "recorder");
            thread.start();
        }

        void stopAndJoin(LiveCapture capture) throws InterruptedException {
            capture.stop();
            thread.join(10_000);
            assertTrue(!thread.isAlive(), "run() returned after stop()");
            assertNull(failure, "run() failed");
        }

        @Override
        public void statistics(String interfaceName, LiveStatistics counters) {
            statistics.add(counters);
        }

        @Override
        public void notice(String line) {
            notices.add(line);
        }
    }

    static byte[] bytes(ByteBuffer view) {
        byte[] copy = new byte[view.remaining()];
        view.duplicate().get(copy);
        return copy;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            sleep(20);
        }
    }

    /** The frames of a capture file as otb's own file reader gives them. */
    static List<Received> readFile(Path file) throws CaptureException {
        List<Received> frames = new ArrayList<>();
        try (PacketSource source = CaptureFiles.open(file)) {
            source.run(packet -> frames.add(new Received(packet.frameNumber(), packet.timestampNanos(),
                    packet.originalLength(), packet.linkType(), bytes(packet.frame()))));
        }
        return frames;
    }

    static LiveCaptureOptions options(LiveTestNetwork network) {
        return LiveCaptureOptions.defaults(network.captureEnd).withStatisticsInterval(Duration.ofMillis(200))
                .withRetry(Duration.ofMillis(100), Duration.ofMillis(400));
    }

    static void assertSameFrames(List<Received> expected, List<Received> received, int offset) {
        for (int i = 0; i < expected.size(); i++) {
            Received want = expected.get(i);
            Received got = received.get(offset + i);
            assertArrayEquals(want.bytes(), got.bytes(), "bytes of frame " + want.frameNumber());
            assertEquals(want.originalLength(), got.originalLength(), "length of frame " + want.frameNumber());
            assertEquals(want.linkType(), got.linkType(), "link type of frame " + want.frameNumber());
            assertEquals(offset + i + 1, got.frameNumber(), "frame numbers count from 1 across the run");
        }
    }

    @Test
    void replayedCaptureArrivesWholeWithoutLoss() throws Exception {
        replayAndCompare(false);
    }

    @Test
    void replayedCaptureArrivesWholeWithoutLossInImmediateMode() throws Exception {
        replayAndCompare(true);
    }

    private void replayAndCompare(boolean immediate) throws Exception {
        List<Received> expected = readFile(MODBUS_TEST);
        assertEquals(2257, expected.size(), "modbus_test.pcap frames (MANIFEST.tsv)");
        Recorder recorder = new Recorder();
        try (LiveTestNetwork network = LiveTestNetwork.create();
             LiveCapture capture = LiveCapture.open(options(network).withImmediateMode(immediate), recorder)) {
            assertEquals(1, capture.linkType(), "veth is Ethernet");
            recorder.start(capture);
            network.replay(MODBUS_TEST, REPLAY_PACKETS_PER_SECOND);
            awaitTrue(() -> recorder.frames.size() >= expected.size(), expected.size() + " frames");
            sleep(300); // anything extra would arrive now
            recorder.stopAndJoin(capture);
            LiveStatistics counters = capture.statistics();

            assertEquals(expected.size(), recorder.frames.size(), "frames received");
            assertSameFrames(expected, recorder.frames, 0);
            for (int i = 1; i < recorder.frames.size(); i++) {
                assertTrue(recorder.frames.get(i).timestampNanos() >= recorder.frames.get(i - 1).timestampNanos(),
                        "capture times never go back");
            }
            assertEquals(0, counters.kernelDropped(), "kernel drops");
            assertEquals(0, counters.interfaceDropped(), "interface drops");
            assertEquals(0, counters.queueOverflows(), "queue overflows");
            assertEquals(expected.size(), counters.framesDelivered());
            assertEquals(expected.size(), counters.kernelReceived(), "pcap_stats ps_recv");
            assertTrue(!recorder.statistics.isEmpty(), "statistics reported periodically");
            assertEquals(List.of(), recorder.notices, "no notices on a healthy run");
        }
    }

    @Test
    void kernelFilterKeepsOnlyMatchingFrames() throws Exception {
        List<Received> all = readFile(MODBUS_TEST);
        List<Received> expected = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder();
        Packet packet = new Packet();
        for (Received frame : all) {
            packet.linkType = frame.linkType();
            packet.setFrame(ByteBuffer.wrap(frame.bytes()), 0, frame.bytes().length);
            decoder.decode(packet);
            if (packet.decoded() && packet.ipProtocol() == 6 && packet.sourcePort() == 502) {
                expected.add(frame);
            }
        }
        assertTrue(expected.size() > 100 && expected.size() < all.size(), "the filter selects some: " + expected.size());
        Recorder recorder = new Recorder();
        try (LiveTestNetwork network = LiveTestNetwork.create();
             LiveCapture capture = LiveCapture.open(options(network).withFilter("tcp src port 502"), recorder)) {
            recorder.start(capture);
            network.replay(MODBUS_TEST, REPLAY_PACKETS_PER_SECOND);
            awaitTrue(() -> recorder.frames.size() >= expected.size(), expected.size() + " frames");
            sleep(300);
            recorder.stopAndJoin(capture);
            assertEquals(expected.size(), recorder.frames.size(), "frames through the filter");
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).bytes(), recorder.frames.get(i).bytes(), "filtered frame " + i);
            }
        }
    }

    @Test
    void vanishedInterfaceIsReopenedAndCaptureResumes() throws Exception {
        List<Received> expected = readFile(MODBUS_EXAMPLE);
        Recorder recorder = new Recorder();
        try (LiveTestNetwork network = LiveTestNetwork.create();
             LiveCapture capture = LiveCapture.open(options(network), recorder)) {
            recorder.start(capture);
            network.replay(MODBUS_EXAMPLE, REPLAY_PACKETS_PER_SECOND);
            awaitTrue(() -> recorder.frames.size() >= expected.size(), "first replay");

            network.deleteLink();
            awaitTrue(() -> recorder.notices.stream().anyMatch(n -> n.contains("capture failed")), "failure notice");
            sleep(500); // a few reopen attempts fail while the interface is missing
            network.createLink();
            awaitTrue(() -> capture.statistics().reopens() == 1, "reopen");
            network.replay(MODBUS_EXAMPLE, REPLAY_PACKETS_PER_SECOND);
            awaitTrue(() -> recorder.frames.size() >= 2 * expected.size(), "second replay");
            sleep(300);
            recorder.stopAndJoin(capture);

            assertEquals(2 * expected.size(), recorder.frames.size());
            assertSameFrames(expected, recorder.frames, 0);
            assertSameFrames(expected, recorder.frames, expected.size());
            String failed = recorder.notices.get(0);
            assertTrue(failed.startsWith(network.captureEnd + ": capture failed (") && failed.contains("reopening in"),
                    failed);
            assertTrue(recorder.notices.stream().anyMatch(n -> n.startsWith(network.captureEnd + ": no such interface")),
                    "missing interface reported while retrying: " + recorder.notices);
            assertTrue(recorder.notices.get(recorder.notices.size() - 1)
                    .startsWith(network.captureEnd + ": capture resumed after "), recorder.notices.toString());
            assertEquals(0, capture.statistics().lost());
        }
    }

    @Test
    void slowPipelineBehindATinyQueueLosesNothingWhileTheKernelBufferAbsorbs() throws Exception {
        List<Received> expected = readFile(MODBUS_TEST);
        // 16 frames of queue in front of a pipeline that takes 2 ms a frame, fed 2000 frames/s:
        // the capture thread waits for room and the 32 MiB kernel buffer holds the backlog.
        Recorder recorder = new Recorder().slowHandler(2);
        try (LiveTestNetwork network = LiveTestNetwork.create();
             LiveCapture capture = LiveCapture.open(options(network).withQueue(16, 1 << 17), recorder)) {
            recorder.start(capture);
            network.replay(MODBUS_TEST, REPLAY_PACKETS_PER_SECOND);
            awaitTrue(() -> recorder.frames.size() >= expected.size(), expected.size() + " frames");
            recorder.stopAndJoin(capture);
            LiveStatistics counters = capture.statistics();
            assertEquals(0, counters.lost(), counters.toString());
            assertSameFrames(expected, recorder.frames, 0);
        }
    }

    @Test
    void stalledPipelineOverflowsTheQueueAndEveryLossIsCounted() throws Exception {
        int frames = readFile(MODBUS_TEST).size();
        // The pipeline stalls 2.5 s on its first frame, longer than the capture thread waits for
        // room (1 s): it then drops frames, counting each, until the queue is half empty.
        Recorder recorder = new Recorder().stallOnFirstFrame(2_500);
        try (LiveTestNetwork network = LiveTestNetwork.create();
             LiveCapture capture = LiveCapture.open(options(network).withQueue(16, 1 << 17), recorder)) {
            recorder.start(capture);
            network.replay(MODBUS_TEST, REPLAY_PACKETS_PER_SECOND);
            awaitTrue(() -> {
                LiveStatistics s = capture.statistics();
                return s.framesDelivered() + s.queueOverflows() + s.kernelDropped() >= frames;
            }, "every frame delivered or counted lost");
            recorder.stopAndJoin(capture);
            LiveStatistics counters = capture.statistics();
            assertTrue(counters.queueOverflows() > 0, "overflows counted: " + counters);
            assertEquals(frames, counters.kernelReceived(), "kernel saw every frame");
            assertEquals(frames, counters.framesDelivered() + counters.queueOverflows() + counters.kernelDropped(),
                    counters.toString());
            assertEquals(counters.framesDelivered(), recorder.frames.size());
            assertTrue(recorder.statistics.stream().anyMatch(s -> s.lost() > 0), "loss reported in statistics");
        }
    }

    @Test
    void missingInterfaceIsOneClearLine() {
        LiveCaptureException e = assertThrows(LiveCaptureException.class,
                () -> LiveCapture.open(LiveCaptureOptions.defaults("otb-missing0")));
        assertEquals("no such interface: otb-missing0 (list them with 'otb interfaces')", e.getMessage());
        assertEquals(LiveCaptureException.Reason.NO_SUCH_INTERFACE, e.reason());
    }

    @Test
    void badFilterExpressionIsOneClearLine() {
        LiveCaptureException e = assertThrows(LiveCaptureException.class,
                () -> LiveCapture.open(LiveCaptureOptions.defaults("lo").withFilter("tcp port")));
        assertEquals(LiveCaptureException.Reason.BAD_FILTER, e.reason());
        assertTrue(e.getMessage().startsWith("bad BPF filter expression 'tcp port': "), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void noPermissionIsOneClearLine() throws Exception {
        // A child JVM as root but without CAP_NET_RAW and CAP_NET_ADMIN in its bounding set.
        TestEnvironment.requireOrSkip(LiveTestNetwork.onPath("setpriv") ? null
                : "noPermissionIsOneClearLine needs setpriv (util-linux) on the PATH");
        List<String> classPath = new ArrayList<>();
        for (Class<?> type : List.of(LiveCapture.class, LiveOpenProbe.class, com.sun.jna.Native.class,
                org.pcap4j.core.Pcaps.class, org.slf4j.LoggerFactory.class)) {
            classPath.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        Process child = new ProcessBuilder("setpriv", "--bounding-set", "-net_raw,-net_admin", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                String.join(java.io.File.pathSeparator, classPath), LiveOpenProbe.class.getName(), "lo")
                .redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("no permission to capture on lo: run as root or grant the capabilities CAP_NET_RAW and"
                + " CAP_NET_ADMIN\n", output);
        assertEquals(3, child.exitValue());
    }

    @Test
    void interfacesAreListedWithAddressesAndLinkTypes() throws Exception {
        try (LiveTestNetwork network = LiveTestNetwork.create()) {
            List<InterfaceDescription> list = InterfaceDescription.listAll();
            InterfaceDescription loopback = list.stream().filter(i -> i.name().equals("lo")).findFirst().orElseThrow();
            assertTrue(loopback.loopback());
            assertTrue(loopback.addresses().contains("127.0.0.1/8"), loopback.addresses().toString());
            assertEquals(1, loopback.linkType(), "Linux loopback captures as Ethernet");
            assertEquals("EN10MB", loopback.linkTypeName());
            InterfaceDescription veth = list.stream().filter(i -> i.name().equals(network.captureEnd)).findFirst()
                    .orElseThrow(() -> new AssertionError("veth end listed: " + list));
            assertTrue(veth.up());
            assertEquals(1, veth.linkType());
            assertEquals("", veth.problem());
        }
    }
}
