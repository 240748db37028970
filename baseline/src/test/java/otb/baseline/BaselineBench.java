package otb.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.detect.Detector;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCodec;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.FlowStarted;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.modbus.ModbusProtocol;

/**
 * Learning and detection speed and memory, a benchmark (not a test): run with
 * {@code baseline/bench} (or the main method on the test class path).
 *
 * <p>Synthetic plant: 5 clients polling 200 servers, each every 100 ms ± 5 ms with a read of 10
 * holding registers (the response carries 10 values: analog, counter, enumeration), and a
 * setpoint write now and then. Events are generated before timing starts, so the figures are
 * the learner's and the detector's alone.
 */
public final class BaselineBench {
    static final int SERVERS = 200;
    static final int CLIENTS = 5;
    static final int REGISTERS = 10;
    static final long SECOND = 1_000_000_000L;
    static final long CYCLE = 100_000_000L;

    private BaselineBench() {
    }

    /** A deterministic stream generator whose time, counters and signals carry on across calls. */
    static final class Plant {
        final Random random;
        final Flow[] flows = new Flow[SERVERS];
        final int[] txids = new int[SERVERS];
        final long[] counters = new long[SERVERS];
        long now = 1_700_000_000L * SECOND;
        long frame;
        long cycle;
        boolean opened;

        Plant(long seed) {
            random = new Random(seed);
            for (int s = 0; s < SERVERS; s++) {
                IpAddress client = IpAddress.parse("10.0." + (s % CLIENTS) + ".10");
                IpAddress server = IpAddress.parse("10.1." + (s / 100) + "." + (s % 100 + 20));
                flows[s] = new Flow(s + 1, 0, Transport.TCP, client, 40000 + s, server, 502, 0x1100 + s % CLIENTS,
                        0x2200 + s, now, true);
            }
        }

        /** About {@code count} events (a cycle is 2 messages per server). */
        List<OtEvent> generate(int count) {
            List<OtEvent> events = new ArrayList<>(count + SERVERS);
            if (!opened) {
                opened = true;
                for (Flow flow : flows) {
                    events.add(new FlowStarted(flow, "bench", ++frame, now));
                }
            }
            while (events.size() < count) {
                long cycleStart = now;
                for (int s = 0; s < SERVERS && events.size() < count; s++) {
                    long t = cycleStart + s * (CYCLE / SERVERS) + random.nextInt(5_000_000);
                    poll(s, t, events);
                }
                cycle++;
                now = cycleStart + CYCLE;
            }
            return events;
        }

        private void poll(int s, long t, List<OtEvent> events) {
            Flow flow = flows[s];
            int txid = txids[s] = (txids[s] + 1) & 0xFFFF;
            boolean write = cycle % 600 == s % 600;
            if (write) {
                events.add(OtMessage.builder("bench", ++frame, t, flow, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR,
                                MessageRole.REQUEST).unit(1).function(6, "write_single_register", OperationClass.WRITE)
                        .transactionId(txid).range("holding_register", 100, 1)
                        .value("holding_register", 100, 10 + random.nextInt(10)).build());
                return;
            }
            OtMessage request = OtMessage.builder("bench", ++frame, t, flow, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR,
                            MessageRole.REQUEST).unit(1).function(3, "read_holding_registers", OperationClass.READ)
                    .transactionId(txid).range("holding_register", 0, REGISTERS).build();
            events.add(request);
            long answered = t + 2_000_000 + random.nextInt(1_000_000);
            OtMessage.Builder response = OtMessage.builder("bench", ++frame, answered, flow, Direction.TO_CLIENT,
                            ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE).unit(1)
                    .function(3, "read_holding_registers", OperationClass.READ).transactionId(txid)
                    .range("holding_register", 0, REGISTERS).pairedWith(request.frame(), t);
            counters[s] += 1 + random.nextInt(3);
            for (int r = 0; r < REGISTERS; r++) {
                double value = switch (r % 5) {
                    case 0 -> counters[s];
                    case 1 -> (double) ((cycle / 50 + s) % 3);
                    default -> Math.round((100 * r + 20 * Math.sin(cycle / 100.0 + s) + random.nextGaussian()) * 10) / 10.0;
                };
                response.value("holding_register", r, value);
            }
            events.add(response.build());
        }
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Cells cells = Cells.automatic();
        Plant plant = new Plant(1);
        List<OtEvent> learnStream = plant.generate(count);
        List<OtEvent> detectStream = plant.generate(count);
        System.out.printf(Locale.ROOT, "events per stream: %,d (%.0f s of capture time, %d servers, %d values per response)%n",
                count, (double) (detectStream.get(count - 1).timestampNanos() - learnStream.get(0).timestampNanos()) / 2 / SECOND,
                SERVERS, REGISTERS);

        boolean mixedOnly = args.length > 2 && args[2].equals("mixed");
        Baseline learned = null;
        for (int pass = 0; pass < (mixedOnly ? 1 : passes); pass++) {
            Learner learner = new Learner(cells, new Baseline());
            long start = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            for (OtEvent event : learnStream) {
                learner.accept(event);
            }
            report("learn", pass, count, System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu);
            learned = learner.baseline();
        }
        for (int pass = 0; pass < (mixedOnly ? 0 : passes); pass++) {
            // steady-state learning: extending a baseline whose summaries are already full
            Learner learner = new Learner(cells, learned.copy());
            long start = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            for (OtEvent event : detectStream) {
                learner.accept(event);
            }
            report("learn more", pass, count, System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu);
        }
        for (int pass = 0; pass < (mixedOnly ? 0 : passes); pass++) {
            Detection.Collecting sink = new Detection.Collecting();
            Detector detector = new Detector(cells, learned, DetectionConfig.defaults(), List.of(sink));
            long start = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            for (OtEvent event : detectStream) {
                detector.accept(event);
            }
            detector.finish();
            report("detect", pass, count, System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu);
            if (pass == passes - 1) {
                System.out.println("  alerts on the detection stream: " + sink.alerts.size()
                        + (sink.alerts.isEmpty() ? "" : " first " + sink.alerts.get(0).jsonLine()));
            }
        }
        for (int pass = 0; pass < passes; pass++) {
            Baseline both = learned.copy();
            Learner learner = new Learner(cells, both);
            Detector detector = new Detector(cells, learned, DetectionConfig.defaults(), List.of(new Detection.Collecting()));
            long start = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            for (OtEvent event : detectStream) {
                detector.accept(event);
                learner.accept(event);
            }
            detector.finish();
            report("learn+detect", pass, count, System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu);
        }
        learnStream = null;
        detectStream = null;

        System.out.println("memory: learning and detecting chunk after chunk of new traffic");
        Baseline growing = new Baseline();
        Learner learner = new Learner(cells, growing);
        Detector detector = new Detector(cells, learned, DetectionConfig.defaults(), List.of(new Detection.Collecting()));
        for (int chunk = 1; chunk <= 8; chunk++) {
            for (OtEvent event : plant.generate(count)) {
                learner.accept(event);
                detector.accept(event);
            }
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            long used = runtime.totalMemory() - runtime.freeMemory();
            System.out.printf(Locale.ROOT, "  after %,11d events: heap used %6.1f MiB, baseline %,d points, encoded %,d bytes%n",
                    (long) chunk * count, used / 1048576.0, growing.points().size(), BaselineCodec.encode(growing).length);
        }
    }

    /** CPU time of this thread: on a shared machine, wall time also counts other processes' turns. */
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static void report(String what, int pass, int count, long wallNanos, long cpuNanos) {
        System.out.printf(Locale.ROOT, "%-13s pass %d: %,6.2f M events per CPU second, %,6.2f M per wall second"
                + " (%,d events, %,d ms CPU, %,d ms wall)%n", what, pass, count / (cpuNanos / 1e9) / 1e6,
                count / (wallNanos / 1e9) / 1e6, count, cpuNanos / 1_000_000, wallNanos / 1_000_000);
    }
}
