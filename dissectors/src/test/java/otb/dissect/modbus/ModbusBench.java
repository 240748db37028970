package otb.dissect.modbus;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import otb.capture.CaptureEngine;
import otb.capture.CaptureFiles;
import otb.capture.CaptureLimits;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.DissectorConfig;
import otb.dissect.Dissectors;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.PointRange;
import otb.dissect.PointValue;
import otb.dissect.ProbingAs;
import otb.dissect.Protocol;
import otb.dissect.ProtocolDissector;
import otb.dissect.ProtocolSession;
import otb.dissect.StreamContext;

/**
 * Bench script (not a test; run by dissectors/bench/modbus.sh): the capture engine alone versus
 * the whole dissection pipeline on a Modbus-heavy capture, in nanoseconds of thread CPU time per
 * frame. Rounds alternate between the two so drift of a shared machine hits both alike; the
 * first rounds warm up the JIT and are not counted; medians are printed.
 *
 * <p>The budget: dissection (pipeline minus engine) at most half the engine's own time.
 * Readings of "per packet": over the whole file, which includes what a run costs whatever it
 * reads (opening the file, buffers, tables; a pcap of the file header alone measures it); without
 * that cost, which still counts what each flow and each distinct PDU costs the first time
 * (sessions, decoding), spread over few frames in a short capture; and in the steady state
 * ({@link #steadyState}). A long capture, as a monitor or a day's pcap gives, is the third
 * argument's business: COPIES copies of the capture, a day apart (see {@link PcapCopies}).
 *
 * <p>Arguments: [PCAP] [ROUNDS] [COPIES]. {@code -Dotb.bench.budgetOnly=true} stops after the
 * budget's figures (for profiling them). {@code -Dotb.bench.floor=true} gives the budget's figures
 * for the floor of the Modbus session's design instead ({@link UsualOnly}): what no reordering of
 * its hot path can beat.
 */
public final class ModbusBench {
    /** What the consumers read, so that nothing is optimised away. */
    static long sink;

    private ModbusBench() {
    }

    /** {@code -Dotb.bench.floor=true}: the budget's figures with {@link UsualOnly} in place of the real session. */
    private static final boolean FLOOR = Boolean.getBoolean("otb.bench.floor");

    /** The dissectors the budget's pipeline runs: all of otb's, or the floor of the Modbus session's design. */
    private static List<ProtocolDissector> dissectors() {
        return FLOOR ? List.of(new UsualOnly()) : Dissectors.all();
    }

    public static void main(String[] args) throws Exception {
        Path given = Path.of(args.length > 0 ? args[0] : "fixtures/pcaps/modbus/ModbusTCP.pcap");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int copies = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        // A long capture made of the given one, when asked for (see PcapCopies).
        Path pcap = copies > 1 ? PcapCopies.write(given, copies) : given;
        try {
            bench(pcap, given.getFileName() + (copies > 1 ? " x" + copies + " (copies a day apart)" : ""), rounds,
                    copies == 1);
        } finally {
            if (copies > 1) {
                java.nio.file.Files.delete(pcap);
            }
        }
    }

    /** {@code flowsSpanFile}: the capture's flows last from its start to its end (see {@link #steadyState}). */
    private static void bench(Path pcap, String name, int rounds, boolean flowsSpanFile) throws Exception {
        int warmup = rounds / 4;
        // Phase 1, the budget: the engine alone and the whole pipeline, nothing else in the JVM's
        // profiles (other sessions or consumers at the same call sites would make it a JVM that
        // never runs in production).
        double[] engine = new double[rounds - warmup];
        double[] pipeline = new double[rounds - warmup];
        double[] ratios = new double[rounds - warmup];
        // What a run costs whatever it reads (opening the file, the engine's read buffer and flow
        // table, the dissectors' tables): measured on a copy of the capture's file header alone.
        // A monitor pays it once, so it is taken out of the per-frame figures below as well.
        Path headerOnly = headerOnly(pcap);
        if (FLOOR) {
            System.out.println("session: the floor of its design (UsualOnly: the usual ADU with none of its checks)");
        }
        double[] engineSetup = new double[rounds - warmup];
        double[] pipelineSetup = new double[rounds - warmup];
        long frames = 0;
        long messages = 0;
        for (int round = 0; round < rounds; round++) {
            // Which goes first alternates, so that neither always follows the other's garbage.
            long[] engineRun = round % 2 == 0 ? runEngineOnly(pcap) : null;
            long[] pipelineRun = runPipeline(pcap, dissectors());
            if (engineRun == null) {
                engineRun = runEngineOnly(pcap);
            }
            if (headerOnly != null && round >= warmup) {
                long pipelineFirst = round % 2 == 0 ? runPipeline(headerOnly, dissectors())[0] : -1;
                engineSetup[round - warmup] = runEngineOnly(headerOnly)[0];
                pipelineSetup[round - warmup] = pipelineFirst >= 0 ? pipelineFirst
                        : runPipeline(headerOnly, dissectors())[0];
            }
            frames = engineRun[1];
            messages = pipelineRun[2];
            if (round >= warmup) {
                engine[round - warmup] = (double) engineRun[0] / engineRun[1];
                pipeline[round - warmup] = (double) pipelineRun[0] / pipelineRun[1];
                // Paired: the engine's and the pipeline's round ran back to back, under the same load.
                ratios[round - warmup] = (pipeline[round - warmup] - engine[round - warmup]) / engine[round - warmup];
            }
        }
        double engineNs = median(engine);
        double pipelineNs = median(pipeline);
        double engineBest = Arrays.stream(engine).min().orElse(0);
        double pipelineBest = Arrays.stream(pipeline).min().orElse(0);
        double dissectionNs = pipelineNs - engineNs;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        runEngineOnly(pcap);
        long engineBytes = threads.getCurrentThreadAllocatedBytes() - before;
        before = threads.getCurrentThreadAllocatedBytes();
        runPipeline(pcap, Dissectors.all());
        long pipelineBytes = threads.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("allocated: engine %.0f, engine + dissection %.0f bytes/frame%n",
                (double) engineBytes / frames, (double) pipelineBytes / frames);
        System.out.printf("capture: %s, %d frames, %d Modbus messages per pass, %d measured rounds%n",
                name, frames, messages, rounds - warmup);
        System.out.printf("engine only:          %8.1f ns/frame (median)%n", engineNs);
        System.out.printf("engine + dissection:  %8.1f ns/frame (median)%n", pipelineNs);
        System.out.printf("dissection:           %8.1f ns/frame = %.0f%% of the engine's time (budget 50%%)%n",
                dissectionNs, 100 * dissectionNs / engineNs);
        double[] sortedRatios = ratios.clone();
        Arrays.sort(sortedRatios);
        System.out.printf("dissection / engine, round by round: median %.0f%%, quartiles %.0f%%..%.0f%%%n",
                100 * median(ratios), 100 * sortedRatios[sortedRatios.length / 4],
                100 * sortedRatios[3 * sortedRatios.length / 4]);
        System.out.printf("best rounds: engine %.1f, engine + dissection %.1f, dissection %.1f ns/frame = %.0f%%%n",
                engineBest, pipelineBest, pipelineBest - engineBest, 100 * (pipelineBest - engineBest) / engineBest);
        double engineQ1 = quartile(engine);
        double pipelineQ1 = quartile(pipeline);
        System.out.printf("lower quartiles: engine %.1f, engine + dissection %.1f, dissection %.1f ns/frame = %.0f%%%n",
                engineQ1, pipelineQ1, pipelineQ1 - engineQ1, 100 * (pipelineQ1 - engineQ1) / engineQ1);

        if (headerOnly != null) {
            double engineSetupNs = median(engineSetup);
            double pipelineSetupNs = median(pipelineSetup);
            double engineMarginal = engineNs - engineSetupNs / frames;
            // Dissection's own share of it: what the pipeline's run costs beyond the engine's (its
            // tables are a few KiB; the engine's read buffer, freed at different moments, makes the
            // two medians differ by more than that either way, hence never below zero).
            double dissectionMarginal = dissectionNs - Math.max(0, pipelineSetupNs - engineSetupNs) / frames;
            System.out.printf("per run whatever is read: engine %.0f us, engine + dissection %.0f us (%.1f and %.1f ns/frame of the medians above)%n",
                    engineSetupNs / 1000, pipelineSetupNs / 1000, engineSetupNs / frames, pipelineSetupNs / frames);
            System.out.printf("per frame without it: engine %.1f, dissection %.1f ns/frame = %.0f%% (budget 50%%)%n",
                    engineMarginal, dissectionMarginal, 100 * dissectionMarginal / engineMarginal);
            java.nio.file.Files.delete(headerOnly);
        }
        if (flowsSpanFile) {
            steadyState(pcap, frames, Math.max(40, rounds / 3));
        }
        if (FLOOR) {
            // The floor hands what it does not handle to the real session: the same messages. Checked
            // last, so that the real session's run leaves the floor's compiled code alone.
            long real = runPipeline(pcap, Dissectors.all())[2];
            if (messages != real) {
                throw new IllegalStateException("the floor made " + messages + " messages, the real session " + real);
            }
        }
        if (FLOOR || Boolean.getBoolean("otb.bench.budgetOnly")) {
            return;
        }
        // Phase 2, where the time goes (after the budget's figures: these pollute the profiles).
        int diagnosticRounds = Math.max(40, rounds / 3);
        int diagnosticWarmup = diagnosticRounds / 4;
        double[] pipelineAgain = new double[diagnosticRounds - diagnosticWarmup];
        double[] readingAll = new double[diagnosticRounds - diagnosticWarmup];
        double[] framingOnly = new double[diagnosticRounds - diagnosticWarmup];
        double[] bareMessages = new double[diagnosticRounds - diagnosticWarmup];
        for (int round = 0; round < diagnosticRounds; round++) {
            long[] pipelineRun = runPipeline(pcap, Dissectors.all());
            long[] readingAllRun = runPipeline(pcap, Dissectors.all(), true);
            long[] framingRun = runPipeline(pcap, List.of(new FramingOnly(false)));
            long[] bareRun = runPipeline(pcap, List.of(new FramingOnly(true)));
            if (round >= diagnosticWarmup) {
                int at = round - diagnosticWarmup;
                pipelineAgain[at] = (double) pipelineRun[0] / pipelineRun[1];
                readingAll[at] = (double) readingAllRun[0] / readingAllRun[1];
                framingOnly[at] = (double) framingRun[0] / framingRun[1];
                bareMessages[at] = (double) bareRun[0] / bareRun[1];
            }
        }
        System.out.printf("with a consumer that also reads every range and value: %.1f ns/frame more (median; the consumer's cost)%n",
                median(readingAll) - median(pipelineAgain));
        System.out.printf("of which dispatcher + MBAP framing (no messages made): %.1f ns/frame (best rounds)%n",
                Arrays.stream(framingOnly).min().orElse(0) - engineBest);
        System.out.printf("of which framing + a bare message per ADU (as the hot path makes one, but no lookup or pairing): %.1f ns/frame%n",
                Arrays.stream(bareMessages).min().orElse(0) - engineBest);
    }

    /**
     * The budget in a monitor's steady state: only the frames after the first fifth are timed, so
     * neither what a run costs once nor what a flow or a PDU costs the first time is counted
     * (so not with COPIES: each copy's flows start afresh). Twice: with the objects the run made so
     * far young, as the rounds above have them, and tenured by a full garbage collection at that
     * frame, as a monitor's are once it has run a few minutes. Storing a reference into a tenured
     * object costs a garbage collector barrier that a young one skips, and both the engine and the
     * sessions store references on the way.
     */
    private static void steadyState(Path pcap, long frames, int rounds) throws Exception {
        long from = frames / 5 + 1;
        int warmup = rounds / 4;
        double[][] nanos = new double[4][rounds - warmup];
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < 4; k++) {
                // Engine young, engine tenured, pipeline young, pipeline tenured; the order rotates.
                int which = (round + k) % 4;
                double perFrame = runFrom(pcap, which >= 2, which % 2 == 1, from);
                if (round >= warmup) {
                    nanos[which][round - warmup] = perFrame;
                }
            }
        }
        double youngEngine = median(nanos[0]);
        double youngDissection = median(nanos[2]) - youngEngine;
        double tenuredEngine = median(nanos[1]);
        double tenuredDissection = median(nanos[3]) - tenuredEngine;
        System.out.printf("steady state (frames %d on, %d rounds), objects young: engine %.1f, dissection %.1f ns/frame = %.0f%% (budget 50%%)%n",
                from, rounds - warmup, youngEngine, youngDissection, 100 * youngDissection / youngEngine);
        System.out.printf("steady state, objects tenured (a monitor's): engine %.1f, dissection %.1f ns/frame = %.0f%% (budget 50%%)%n",
                tenuredEngine, tenuredDissection, 100 * tenuredDissection / tenuredEngine);
    }

    /** Thread CPU time per frame from frame {@code from} to the end (see {@link #steadyState}). */
    private static double runFrom(Path pcap, boolean pipeline, boolean tenure, long from) throws Exception {
        otb.capture.FlowListener listener = pipeline
                ? new otb.dissect.Dispatcher(dissectors(), DissectorConfig.defaults(), (OtEvent event) -> {
                    if (event instanceof OtMessage message) {
                        sink += message.unit() + message.frame();
                    }
                })
                : new EngineOnlyListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        long[] startAndFrames = new long[2];
        try (PacketSource source = CaptureFiles.open(pcap)) {
            source.run(packet -> {
                if (packet.frameNumber() == from) {
                    if (tenure) {
                        System.gc();
                    }
                    startAndFrames[0] = cpuTime();
                }
                if (packet.frameNumber() >= from) {
                    startAndFrames[1]++;
                }
                engine.accept(packet);
            });
        }
        long elapsed = cpuTime() - startAndFrames[0];
        engine.finish();
        return (double) elapsed / startAndFrames[1];
    }

    /**
     * A temporary pcap file holding the capture's 24-byte file header and no frame, or null when
     * the capture is not a pcap file.
     */
    private static Path headerOnly(Path pcap) throws java.io.IOException {
        byte[] header = new byte[24];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(pcap)) {
            if (in.readNBytes(header, 0, header.length) < header.length) {
                return null;
            }
        }
        int magic = ByteBuffer.wrap(header).getInt();
        if (magic != 0xa1b2c3d4 && magic != 0xd4c3b2a1 && magic != 0xa1b23c4d && magic != 0x4d3cb2a1) {
            return null;
        }
        Path copy = java.nio.file.Files.createTempFile("otb-bench-header", ".pcap");
        java.nio.file.Files.write(copy, header);
        return copy;
    }

    /** Returns {nanoseconds, frames}. */
    private static long[] runEngineOnly(Path pcap) throws Exception {
        EngineOnlyListener listener = new EngineOnlyListener();
        CaptureEngine engine = new CaptureEngine(CaptureLimits.defaults(), listener);
        long start = cpuTime();
        try (PacketSource source = CaptureFiles.open(pcap)) {
            engine.process(source);
        }
        engine.finish();
        long elapsed = cpuTime() - start;
        return new long[] {elapsed, engine.counters().frames(), listener.read};
    }

    private static long[] runPipeline(Path pcap, List<ProtocolDissector> dissectors) throws Exception {
        return runPipeline(pcap, dissectors, false);
    }

    /**
     * Returns {nanoseconds, frames, Modbus messages}. The consumer reads a message's numbers, so
     * nothing can be optimised away (a shared message is filled in a long-lived object whatever
     * the consumer does), and no more: what a consumer does with a message is its own cost.
     * {@code readAll}: it also reads every range and value, as the baseline does (values are read
     * from the parsed bytes then, as they would be from a copy).
     */
    private static long[] runPipeline(Path pcap, List<ProtocolDissector> dissectors, boolean readAll)
            throws Exception {
        long[] messages = new long[1];
        Dissection dissection = new Dissection(CaptureLimits.defaults(), DissectorConfig.defaults(), dissectors,
                (OtEvent event) -> {
                    if (event instanceof OtMessage message) {
                        messages[0]++;
                        sink += message.unit() + message.frame();
                        if (readAll) {
                            for (PointRange range : message.ranges()) {
                                sink += range.start() + range.count();
                            }
                            List<PointValue> values = message.values();
                            for (int i = 0; i < values.size(); i++) {
                                sink += (long) values.get(i).value();
                            }
                        }
                    }
                });
        long start = cpuTime();
        try (PacketSource source = CaptureFiles.open(pcap)) {
            dissection.process(source);
        }
        dissection.finish();
        long elapsed = cpuTime() - start;
        return new long[] {elapsed, dissection.captureCounters().frames(), messages[0]};
    }

    /**
     * A session that frames ADUs and makes nothing (the cost floor of the stage) or only a bare
     * message per ADU (the floor of the event contract).
     */
    private static final class FramingOnly extends ProbingAs {
        private static final otb.dissect.MessageParts BARE = new otb.dissect.MessageParts("f",
                otb.dissect.OperationClass.READ, List.of());
        private final boolean bareMessages;

        FramingOnly(boolean bareMessages) {
            super(new ModbusDissector());
            this.bareMessages = bareMessages;
        }

        @Override
        public ProtocolSession newSession(Flow flow, DissectorConfig config) {
            OtMessage.Builder builder = OtMessage.reusableBuilder();
            return new ProtocolSession() {
                @Override
                public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
                    int start = in.position();
                    if (in.remaining() <= ModbusParser.MBAP_HEADER_LENGTH) {
                        return ParseStatus.NEED_MORE;
                    }
                    // The header as the session reads it: eight bytes in one read.
                    long header = in.getLong(start);
                    int length = ModbusParser.mbapLength(header);
                    if (!ModbusParser.lengthInRange(length)) {
                        in.position(in.limit());
                        return ParseStatus.OK;
                    }
                    if (in.remaining() < ModbusParser.MBAP_PREFIX_LENGTH + length) {
                        return ParseStatus.NEED_MORE;
                    }
                    in.position(start + ModbusParser.MBAP_PREFIX_LENGTH + length);
                    if (bareMessages) {
                        // As the real session's hot path makes a message, with parts fixed.
                        out.accept(builder.buildShared(context, ModbusProtocol.DESCRIPTOR, otb.dissect.MessageRole.REQUEST,
                                ModbusParser.unitId(header), ModbusParser.transactionId(header),
                                ModbusParser.functionCode(header) & 0x7F, BARE, null, null, null, -1, 0));
                        builder.expireShared();
                    }
                    return ParseStatus.OK;
                }

                @Override
                public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
                }
            };
        }
    }

    /**
     * The floor of the session's design: the usual ADU (see {@code ModbusSession.usual}) over the
     * session's own tables, pairing and message, with none of its checks (protocol id, length
     * range, resynchronisation, timeouts to report, the echo's name, the byte count). Anything
     * else, and every ADU the tables do not know yet, goes to the real session, whose tables and
     * pending requests these are, so both stay in step. What no reordering of the hot path's
     * checks can beat without other tables or another message.
     */
    private static final class UsualOnly extends ProbingAs {
        UsualOnly() {
            super(new ModbusDissector());
        }

        @Override
        public ProtocolSession newSession(Flow flow, DissectorConfig config) {
            ModbusSession general = (ModbusSession) prober().newSession(flow, config);
            return new UsualOnlySession(general);
        }
    }

    private static final class UsualOnlySession extends ProtocolSession {
        private final ModbusSession general;
        private final Direction requestDirection;
        private final KnownPdu[] requestSlots;
        private final KnownPdu[] responseSlots;
        private final PendingRequests pending;
        private final OtMessage.Builder requestBuilder = OtMessage.reusableBuilder();
        private final OtMessage.Builder responseBuilder = OtMessage.reusableBuilder();
        private final otb.dissect.PointWindow window = new otb.dissect.PointWindow();

        UsualOnlySession(ModbusSession general) {
            this.general = general;
            this.requestDirection = field(general, "requestDirection");
            this.requestSlots = field(general, "requestSlots");
            this.responseSlots = field(general, "responseSlots");
            this.pending = field(general, "pending");
        }

        @SuppressWarnings("unchecked")
        private static <T> T field(ModbusSession session, String name) {
            try {
                java.lang.reflect.Field field = ModbusSession.class.getDeclaredField(name);
                field.setAccessible(true);
                return (T) field.get(session);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("ModbusSession has no field " + name, e);
            }
        }

        @Override
        public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
            int start = in.position();
            int available = in.limit() - start;
            if (available <= ModbusParser.MBAP_HEADER_LENGTH) {
                return general.parse(in, context, out);
            }
            long header = in.getLong(start);
            int length = ModbusParser.mbapLength(header);
            if (available < ModbusParser.MBAP_PREFIX_LENGTH + length || length < 2) {
                return general.parse(in, context, out);
            }
            int function = ModbusParser.functionCode(header);
            int transactionId = ModbusParser.transactionId(header);
            int unit = ModbusParser.unitId(header);
            int key = PendingRequests.key(transactionId, unit);
            int pdu = start + ModbusParser.MBAP_HEADER_LENGTH;
            int pduLength = length - 1;
            OtMessage.Builder builder;
            OtMessage made;
            if (context.direction() == requestDirection) {
                KnownPdu known = pduLength <= RecentPdus.MAX_PDU_LENGTH
                        ? RecentPdus.find(requestSlots, RecentPdus.key(in, pdu, pduLength)) : null;
                if (known == null
                        || !pending.addIfNew(key, context.frame(), context.timestampNanos(), function, known)) {
                    return general.parse(in, context, out);
                }
                builder = requestBuilder;
                made = builder.buildShared(context, ModbusProtocol.DESCRIPTOR, otb.dissect.MessageRole.REQUEST, unit,
                        transactionId, function, known.parts(), null, null, null, -1, 0);
            } else {
                KnownPdu asked = pending.oldestIf(key, function);
                if (asked == null) {
                    return general.parse(in, context, out);
                }
                builder = responseBuilder;
                if (asked.isRead()) {
                    pending.takeOldest();
                    boolean bits = function <= ModbusFunctions.READ_DISCRETE_INPUTS;
                    int count = Math.min(asked.readQuantity(), bits ? 8 * (pduLength - 2) : (pduLength - 2) / 2);
                    List<PointValue> values = count <= 0 ? List.of()
                            : bits ? window.bits(asked.readSpace(), asked.readAddress(), in, pdu + 2, count)
                            : window.unsignedShorts(asked.readSpace(), asked.readAddress(), in, pdu + 2, count);
                    made = builder.buildShared(context, ModbusProtocol.DESCRIPTOR, otb.dissect.MessageRole.RESPONSE, unit,
                            transactionId, function, asked.readParts(), values, null, null, pending.takenFrame(),
                            pending.takenTimestampNanos());
                } else {
                    KnownPdu known = pduLength <= RecentPdus.MAX_PDU_LENGTH
                            ? RecentPdus.find(responseSlots, RecentPdus.key(in, pdu, pduLength)) : null;
                    if (known == null || !known.plain()) {
                        return general.parse(in, context, out);
                    }
                    pending.takeOldest();
                    made = builder.buildShared(context, ModbusProtocol.DESCRIPTOR, otb.dissect.MessageRole.RESPONSE, unit,
                            transactionId, function, known.parts(), null, null, null, pending.takenFrame(),
                            pending.takenTimestampNanos());
                }
            }
            in.position(start + ModbusParser.MBAP_PREFIX_LENGTH + length);
            out.accept(made);
            builder.expireShared();
            return ParseStatus.OK;
        }

        @Override
        public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
            general.gap(context, missingBytes, out);
        }

        @Override
        public void tick(long nowNanos, Consumer<? super OtEvent> out) {
            general.tick(nowNanos, out);
        }

        @Override
        public void close(long nowNanos, Consumer<? super OtEvent> out) {
            general.close(nowNanos, out);
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * CPU time of this thread: the machine is shared, so wall time would count the time other
     * processes held the CPU. Garbage collection on other threads is not included (see the
     * allocation figure printed instead).
     */
    private static long cpuTime() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** The lower quartile: other processes on a shared machine only ever add time. */
    private static double quartile(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 4];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
