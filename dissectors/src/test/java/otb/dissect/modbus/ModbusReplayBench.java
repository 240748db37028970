package otb.dissect.modbus;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import otb.capture.CaptureEngine;
import otb.capture.CaptureFiles;
import otb.capture.CaptureLimits;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.FlowListener;
import otb.capture.Frames;
import otb.capture.Packet;
import otb.capture.PacketSource;
import otb.dissect.Dispatcher;
import otb.dissect.DissectorConfig;
import otb.dissect.Dissectors;

/**
 * Bench script (not a test; run by dissectors/bench/modbus-replay.sh): the dissection stage
 * alone, for working on its speed. The capture engine runs once, recording what it hands its
 * listener; every round replays those deliveries into a fresh {@link Dispatcher}, so the engine's
 * time and its noise are out of the figure. Medians of thread CPU time per frame; run it in
 * alternation with another build to compare (a shared machine drifts by more than most changes).
 */
public final class ModbusReplayBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ModbusReplayBench() {
    }

    /** One listener call: a flow's start, a delivery (offset and length in the recorded bytes), a gap or an end. */
    private record Call(int kind, Flow flow, Direction direction, int offset, int length, String source, long frame,
                        long timestampNanos, FlowListener.FlowEnd end) {
    }

    public static void main(String[] args) throws Exception {
        Path pcap = Path.of(args.length > 0 ? args[0] : "fixtures/pcaps/modbus/ModbusTCP.pcap");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        List<Call> calls = new ArrayList<>();
        ByteBuffer bytes = ByteBuffer.allocateDirect(64 << 20);
        FlowListener recorder = new FlowListener() {
            @Override
            public void flowStarted(Flow flow, Packet packet) {
                calls.add(new Call(0, flow, null, 0, 0, packet.source(), packet.frameNumber(),
                        packet.timestampNanos(), null));
            }

            @Override
            public void data(Flow flow, Direction direction, ByteBuffer payload, Packet packet) {
                int offset = bytes.position();
                int length = payload.remaining();
                bytes.put(payload.duplicate());
                calls.add(new Call(1, flow, direction, offset, length, packet.source(), packet.frameNumber(),
                        packet.timestampNanos(), null));
            }

            @Override
            public void gap(Flow flow, Direction direction, long missingBytes, Packet packet) {
                calls.add(new Call(2, flow, direction, 0, (int) missingBytes, packet.source(), packet.frameNumber(),
                        packet.timestampNanos(), null));
            }

            @Override
            public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
                calls.add(new Call(3, flow, null, 0, 0, "", 0, timestampNanos, reason));
            }
        };
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), recorder);
        try (PacketSource source = CaptureFiles.open(pcap)) {
            engine.process(source);
        }
        engine.finish();
        long frames = engine.counters().frames();
        Call[] replay = calls.toArray(new Call[0]);
        // Read-only and direct, as the engine's payloads are; one packet object, as a source reuses.
        ByteBuffer payload = bytes.asReadOnlyBuffer();
        Packet packet = Frames.packet(1, 0, new byte[0]);
        long[] messages = new long[1];
        int warmup = rounds / 4;
        double[] perFrame = new double[rounds - warmup];
        for (int round = 0; round < rounds; round++) {
            Dispatcher dispatcher = new Dispatcher(Dissectors.all(), DissectorConfig.defaults(),
                    event -> messages[0]++);
            long start = THREADS.getCurrentThreadCpuTime();
            for (Call call : replay) {
                Frames.at(packet, call.source(), call.frame(), call.timestampNanos());
                switch (call.kind()) {
                    case 0 -> dispatcher.flowStarted(call.flow(), packet);
                    case 1 -> {
                        payload.limit(call.offset() + call.length()).position(call.offset());
                        dispatcher.data(call.flow(), call.direction(), payload, packet);
                    }
                    case 2 -> dispatcher.gap(call.flow(), call.direction(), call.length(), packet);
                    default -> dispatcher.flowEnded(call.flow(), call.end(), call.timestampNanos());
                }
            }
            double nanos = THREADS.getCurrentThreadCpuTime() - start;
            if (round >= warmup) {
                perFrame[round - warmup] = nanos / frames;
            }
        }
        Arrays.sort(perFrame);
        System.out.printf("%s: %d frames, %d deliveries, %d events per round%n", pcap.getFileName(), frames,
                Arrays.stream(replay).filter(call -> call.kind() == 1).count(), messages[0] / rounds);
        System.out.printf("dissection alone: median %.1f ns/frame, quartiles %.1f..%.1f (%d measured rounds)%n",
                perFrame[perFrame.length / 2], perFrame[perFrame.length / 4], perFrame[3 * perFrame.length / 4],
                perFrame.length);
    }
}
