package otb.capture;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;

/**
 * Coverage-guided fuzzing (Jazzer) of the capture layer: any bytes as a capture file go through
 * the pcap or pcapng reader, the frame decoder, IPv4 fragment reassembly, the flow table and TCP
 * reassembly with small limits. Damage is a {@link CaptureException} (one line, documented);
 * anything else thrown is a bug. Every payload handed on must lie within its frame's bounds and
 * the per-flow buffer bound. Every build runs it in regression mode over the seeds in
 * {@code CaptureFuzzTestInputs/} (pieces of otb's own demo captures as pcap and pcapng,
 * {@code fuzz/make-seeds.py}); {@code fuzz/fuzz.sh CaptureFuzzTest} fuzzes it.
 */
class CaptureFuzzTest {
    /** Small bounds, so that eviction, out-of-order limits and fragment limits are reached. */
    private static final CaptureLimits LIMITS = new CaptureLimits(8, 1_000_000_000L, 2048, 8192, 4, 16384,
            1_000_000_000L);

    @FuzzTest(maxDuration = "2m")
    void readersAndDecoderHoldOnAnyCaptureFile(byte[] data) {
        CaptureEngine engine = new CaptureEngine(LIMITS, new FlowListener() {
            @Override
            public void flowStarted(Flow flow, Packet packet) {
            }

            @Override
            public void data(Flow flow, Direction direction, ByteBuffer payload, Packet packet) {
                if (payload.remaining() <= 0 || payload.remaining() > 65_535 + LIMITS.maxOutOfOrderBytesPerFlow()) {
                    throw new AssertionError("payload of " + payload.remaining() + " bytes");
                }
            }

            @Override
            public void gap(Flow flow, Direction direction, long missingBytes, Packet packet) {
                if (missingBytes <= 0) {
                    throw new AssertionError("gap of " + missingBytes + " bytes");
                }
            }

            @Override
            public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
            }
        });
        try (PacketSource source = CaptureFiles.open("fuzz", Channels.newChannel(new ByteArrayInputStream(data)),
                false)) {
            engine.process(source);
        } catch (CaptureException e) {
            if (e.getMessage() == null || e.getMessage().contains("\n")) {
                throw new AssertionError("not one line: " + e.getMessage(), e);
            }
        }
        engine.finish();
    }
}
