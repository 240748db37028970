package otb.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.FlowListener.FlowEnd;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.FlowEnded;
import otb.dissect.FlowStarted;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.Protocol;
import otb.dissect.modbus.ModbusProtocol;

/**
 * A small synthetic plant for tests, built from hand-made flows and messages (no capture):
 * <ul>
 * <li>flow A: HMI 10.0.1.10 polls PLC 10.0.1.20 (Modbus unit 1) every second ± 5%: read
 *     holding registers 0..3 (0 analog, 1 counter, 2 enumeration, 3 constant), answered after
 *     about 5 ms; every 60th cycle it writes holding register 10 with a value in 10..20;</li>
 * <li>flow B: the same HMI polls PLC 10.0.1.21 (unit 1), read input registers 0..1, read only;</li>
 * <li>every 300 s the engineering station 10.0.1.50 opens an SMB connection to 10.0.1.60:445.</li>
 * </ul>
 * Deterministic for a seed. Time, frame numbers, counters and the analog signal carry on from
 * one {@link #run} to the next, so a test learns from one run and detects on the next.
 */
public final class Plant {
    public static final String INPUT = "plant.pcap";
    public static final long SECOND = 1_000_000_000L;
    public static final long MILLI = 1_000_000L;
    public static final long START = 1_700_000_000L * SECOND;

    public static final IpAddress HMI = IpAddress.parse("10.0.1.10");
    public static final IpAddress PLC = IpAddress.parse("10.0.1.20");
    public static final IpAddress PLC2 = IpAddress.parse("10.0.1.21");
    public static final IpAddress EWS = IpAddress.parse("10.0.1.50");
    public static final IpAddress FILES = IpAddress.parse("10.0.1.60");

    final Random random;
    public long now = START;
    public long frame;
    long flowIds;
    int txid;
    public long counter = 1000;
    public int enumeration;
    public final Flow flowA;
    public final Flow flowB;
    int smbClientPort = 50000;
    long nextSmb = START;
    long cycles;
    /** Values of holding register 0 as sent, with their capture times, in order. */
    public final List<Double> analogHistory = new ArrayList<>();
    /** The last write request sent on flow A. */
    public OtMessage lastWrite;
    /** Frame counter and timing knobs tests may change between runs. */
    public long cycleNanos = SECOND;
    public boolean answer = true;
    public boolean pollA = true;
    public Double frozenAnalog;

    public Plant(long seed) {
        random = new Random(seed);
        flowA = flow(HMI, 40001, PLC, 502);
        flowB = flow(HMI, 40002, PLC2, 502);
    }

    public Flow flow(IpAddress client, int clientPort, IpAddress server, int serverPort) {
        return new Flow(++flowIds, 0, Transport.TCP, client, clientPort, server, serverPort,
                0x0000_1100_0000L | (client.low() & 0xFF), 0x0000_2200_0000L | (server.low() & 0xFF), now, true);
    }

    public FlowStarted started(Flow flow) {
        return new FlowStarted(flow, INPUT, ++frame, now);
    }

    /** The flow-start events of flows A and B; emitted at the first run. */
    public void open(Consumer<OtEvent> out) {
        out.accept(started(flowA));
        out.accept(started(flowB));
    }

    /** {@code count} polling cycles of normal traffic. */
    public void run(int count, Consumer<OtEvent> out) {
        for (int i = 0; i < count; i++) {
            cycle(out);
        }
    }

    void cycle(Consumer<OtEvent> out) {
        long jitter = (long) ((random.nextDouble() - 0.5) * 0.1 * cycleNanos);
        long t = now;
        if (pollA) {
            pollA(t, out);
        }
        pollB(t + 200 * MILLI, out);
        if (cycles % 60 == 59 && pollA) {
            write(t + 400 * MILLI, 10, 10 + random.nextInt(11), out);
        }
        if (t >= nextSmb) {
            Flow smb = flow(EWS, smbClientPort++, FILES, 445);
            now = t + 600 * MILLI;
            out.accept(started(smb));
            out.accept(new FlowEnded(smb, FlowEnd.FIN, now + SECOND, java.util.Optional.empty(), 10, 10, 1000, 5000, smb.totals()));
            nextSmb = t + 300 * SECOND;
        }
        cycles++;
        now = t + cycleNanos + jitter;
    }

    private void pollA(long t, Consumer<OtEvent> out) {
        now = t;
        int id = nextTxid();
        OtMessage request = request(flowA, t, 3, "read_holding_registers", OperationClass.READ, id)
                .range("holding_register", 0, 4).build();
        out.accept(request);
        if (!answer) {
            return;
        }
        long answeredAt = t + 5 * MILLI + random.nextInt(1000) * 1000L;
        double analog = frozenAnalog != null ? frozenAnalog
                : Math.round((50 + 10 * Math.sin(cycles / 60.0) + random.nextGaussian() * 0.5) * 100) / 100.0;
        analogHistory.add(analog);
        counter += 1 + random.nextInt(3);
        if (random.nextInt(37) == 0) {
            enumeration = (enumeration + 1) % 3;
        }
        out.accept(readResponse(flowA, answeredAt, request, analog, counter, enumeration, 42));
    }

    public OtMessage readResponse(Flow flow, long t, OtMessage request, double... values) {
        now = t;
        OtMessage.Builder response = response(flow, t, 3, "read_holding_registers", OperationClass.READ,
                (int) request.transactionId().getAsLong()).range("holding_register", 0, values.length)
                .pairedWith(request.frame(), request.timestampNanos());
        for (int r = 0; r < values.length; r++) {
            response.value("holding_register", r, values[r]);
        }
        return response.build();
    }

    private void pollB(long t, Consumer<OtEvent> out) {
        now = t;
        int id = nextTxid();
        OtMessage request = request(flowB, t, 4, "read_input_registers", OperationClass.READ, id)
                .range("input_register", 0, 2).build();
        out.accept(request);
        if (!answer) {
            return;
        }
        now = t + 4 * MILLI;
        out.accept(response(flowB, now, 4, "read_input_registers", OperationClass.READ, id)
                .range("input_register", 0, 2).pairedWith(request.frame(), t)
                .value("input_register", 0, 7).value("input_register", 1, 300 + random.nextInt(5)).build());
    }

    /** A write single register request and its echo on flow A. */
    public void write(long t, int register, double value, Consumer<OtEvent> out) {
        now = t;
        int id = nextTxid();
        OtMessage request = request(flowA, t, 6, "write_single_register", OperationClass.WRITE, id)
                .range("holding_register", register, 1).value("holding_register", register, value).build();
        lastWrite = request;
        out.accept(request);
        now = t + 5 * MILLI;
        out.accept(response(flowA, now, 6, "write_single_register", OperationClass.WRITE, id)
                .range("holding_register", register, 1).value("holding_register", register, value)
                .pairedWith(request.frame(), t).build());
    }

    public int nextTxid() {
        txid = (txid + 1) & 0xFFFF;
        return txid;
    }

    public OtMessage.Builder request(Flow flow, long t, int function, String name, OperationClass operation, int id) {
        return request(ModbusProtocol.DESCRIPTOR, flow, t, function, name, operation, id);
    }

    public OtMessage.Builder request(Protocol protocol, Flow flow, long t, int function, String name,
                              OperationClass operation, int id) {
        return OtMessage.builder(INPUT, ++frame, t, flow, Direction.TO_SERVER, protocol, MessageRole.REQUEST)
                .unit(1).function(function, name, operation).transactionId(id);
    }

    public OtMessage.Builder response(Flow flow, long t, int function, String name, OperationClass operation, int id) {
        return OtMessage.builder(INPUT, ++frame, t, flow, Direction.TO_CLIENT, ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE)
                .unit(1).function(function, name, operation).transactionId(id);
    }

    /** Advances the capture clock. */
    public void advance(long nanos) {
        now += nanos;
    }
}
