package otb.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated plant: four cells, their hosts, who polls whom, and the background services.
 *
 * <pre>
 * line1       10.10.1.0/24  untagged  hmi-1, hmi-1b (Modbus clients), plc-1a, plc-1b (Modbus servers)
 * line2       10.10.2.0/24  VLAN 20   hmi-2 (S7 and Modbus client), plc-2a, plc-2b (S7), meter-2 (Modbus)
 * substation  10.20.0.0/24  untagged  scada-3 (DNP3 master), rtu-3a, rtu-3b (DNP3 outstations 10, 11)
 * eng         10.50.0.0/24  untagged  ews (engineering workstation), infra (DNS, NTP), files (SMB), updates (HTTPS)
 * </pre>
 *
 * The layout and addresses are fixed so that labels, documentation and cell configuration
 * stay valid; the seed varies the MAC addresses' serial parts, TCP ports and sequence numbers,
 * phases of the process signals and all timing.
 */
final class Plant {
    static final int MODBUS_PORT = 502;
    static final int DNP3_PORT = 20000;
    static final int S7_PORT = 102;
    static final int SETPOINT_REGISTER = 100;
    /** Setpoint values (tenths of a degree) the operator switches between. */
    static final int[] SETPOINT_GRADES = {720, 740, 730};
    static final int SETPOINT_MINIMUM = 720;
    static final int SETPOINT_MAXIMUM = 740;
    static final int DNP3_MASTER_ADDRESS = 1;

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    final Cell line1;
    final Cell line2;
    final Cell substation;
    final Cell engineering;
    final List<Cell> cells = new ArrayList<>();
    final List<Host> hosts = new ArrayList<>();

    final Host hmi1;
    final Host hmi1b;
    final Host plc1a;
    final Host plc1b;
    final Host hmi2;
    final Host plc2a;
    final Host plc2b;
    final Host meter2;
    final Host scada3;
    final Host rtu3a;
    final Host rtu3b;
    final Host ews;
    final Host infra;
    final Host files;
    final Host updates;

    final ModbusDevice plc1aDevice;
    final ModbusDevice plc1bDevice;
    final ModbusDevice meterDevice;
    final S7Plc plc2aPlc;
    final S7Plc plc2bPlc;
    final Dnp3Outstation rtu3aOutstation;
    final Dnp3Outstation rtu3bOutstation;

    ModbusLink hmi1ToPlc1a;
    ModbusLink hmi1ToPlc1b;
    ModbusLink hmi1bToPlc1a;
    ModbusPoller hmi1bPoller;
    ModbusPoller hmi1Plc1bPoller;
    Operators.ModbusSetpoints hmi1Operator;
    S7Channel hmi2ToPlc2a;
    S7Channel hmi2ToPlc2b;
    Dnp3Channel scadaToRtu3a;
    Dnp3Channel scadaToRtu3b;
    Dnp3Master rtu3bMaster;
    /** The IEC 104 substation and EtherNet/IP line, when simulated; null otherwise. */
    MoreProtocols more;

    private final SplittableRandom structure;

    Plant(long seed) {
        structure = new SplittableRandom(seed);
        line1 = cell("line1", "10.10.1.0", 24, 0, 0x00_1E_BD_00_00_00L);
        line2 = cell("line2", "10.10.2.0", 24, 20, 0x00_1E_BD_00_00_00L);
        substation = cell("substation", "10.20.0.0", 24, 0, 0x00_1E_BD_00_00_00L);
        engineering = cell("eng", "10.50.0.0", 24, 0, 0x00_1E_BD_00_00_00L);

        long dell = 0x00_14_22_00_00_00L;
        long schneider = 0x00_80_F4_00_00_00L;
        long siemens = 0x00_1B_1B_00_00_00L;
        long sel = 0x00_30_A7_00_00_00L;
        long janitza = 0x00_0E_8C_00_00_00L;
        long supermicro = 0x00_25_90_00_00_00L;
        hmi1 = host("hmi-1", "Modbus client (operator HMI)", "10.10.1.10", dell, line1, 128);
        hmi1b = host("hmi-1b", "Modbus client (read-only display HMI)", "10.10.1.11", dell, line1, 128);
        plc1a = host("plc-1a", "Modbus server (line 1 PLC, unit 1)", "10.10.1.21", schneider, line1, 64);
        plc1b = host("plc-1b", "Modbus server (line 1 PLC with gateway, units 1 and 2)", "10.10.1.22", schneider,
                line1, 64);
        hmi2 = host("hmi-2", "S7comm and Modbus client (WinCC HMI)", "10.10.2.10", dell, line2, 128);
        plc2a = host("plc-2a", "S7comm server (S7-300, rack 0 slot 2)", "10.10.2.20", siemens, line2, 30);
        plc2b = host("plc-2b", "S7comm server (S7-400, rack 0 slot 3)", "10.10.2.21", siemens, line2, 30);
        meter2 = host("meter-2", "Modbus server (energy meter)", "10.10.2.40", janitza, line2, 64);
        scada3 = host("scada-3", "DNP3 master (substation SCADA)", "10.20.0.5", dell, substation, 128);
        rtu3a = host("rtu-3a", "DNP3 outstation, link address 10", "10.20.0.11", sel, substation, 64);
        rtu3b = host("rtu-3b", "DNP3 outstation, link address 11", "10.20.0.12", sel, substation, 64);
        ews = host("ews", "engineering workstation (SMB, HTTPS)", "10.50.0.20", dell, engineering, 128);
        infra = host("infra", "DNS and NTP server", "10.50.0.2", supermicro, engineering, 64);
        files = host("files", "SMB file server", "10.50.0.5", supermicro, engineering, 128);
        updates = host("updates", "HTTPS update server", "10.50.0.8", supermicro, engineering, 64);

        plc1aDevice = new ModbusDevice(plc1a, new int[] {1},
                new ModbusDevice.Bank(0, binaries(16)),
                new ModbusDevice.Bank(0,
                        analog(652, 18, 3), analog(400, 60, 4), analog(1180, 35, 3), analog(215, 12, 4),
                        analog(870, 40, 5), analog(503, 9, 4), analog(330, 25, 3), analog(1020, 15, 4),
                        analog(75, 8, 4), analog(2400, 80, 6)),
                new ModbusDevice.Bank(SETPOINT_REGISTER,
                        new Signal.Constant(730), new Signal.Constant(50), new Signal.Constant(120),
                        new Signal.Constant(340), new Signal.Constant(1000), new Signal.Constant(0),
                        new Signal.Constant(1500), new Signal.Constant(20), counterHigh(0.8), counterLow(0.8),
                        new Signal.Constant(1), new Signal.Constant(3)),
                "Schneider Electric", "BMX P34 2020", "v3.20");
        plc1bDevice = new ModbusDevice(plc1b, new int[] {1, 2},
                new ModbusDevice.Bank(0, binaries(16)),
                new ModbusDevice.Bank(0, analog(320, 30, 3), analog(4100, 120, 8), analog(95, 12, 4),
                        analog(1500, 45, 4), analog(760, 22, 3), analog(180, 25, 3), analog(600, 50, 4),
                        analog(250, 20, 3)),
                new ModbusDevice.Bank(0, concat(analogs(14), new Signal[] {counterHigh(2.5), counterLow(2.5),
                        new Signal.Constant(0), new Signal.Constant(7), new Signal.Constant(100),
                        new Signal.Constant(4)})),
                "Schneider Electric", "TM241CEC24T", "v5.1");
        meterDevice = new ModbusDevice(meter2, new int[] {1}, null, null,
                new ModbusDevice.Bank(3000, analog(2300, 25, 3), analog(2310, 25, 3), analog(2295, 25, 3),
                        analog(420, 60, 6), analog(415, 60, 6), analog(430, 60, 6), analog(2850, 300, 20),
                        analog(960, 15, 4), analog(500, 1, 1), new Signal.Constant(0), counterHigh(0.3),
                        counterLow(0.3)),
                "Janitza", "UMG 604", "v4.0");

        plc2aPlc = new S7Plc(plc2a, 0, 2, new S7Plc.Variable[] {
            new S7Plc.Variable(new S7Codec.Item(S7Codec.AREA_DATA_BLOCK, 10, 0, 20), analogs(10), false),
            new S7Plc.Variable(new S7Codec.Item(S7Codec.AREA_INPUTS, 0, 0, 2), binaries(16), true)});
        plc2bPlc = new S7Plc(plc2b, 0, 3, new S7Plc.Variable[] {
            new S7Plc.Variable(new S7Codec.Item(S7Codec.AREA_DATA_BLOCK, 1, 0, 16), analogs(8), false),
            new S7Plc.Variable(new S7Codec.Item(S7Codec.AREA_OUTPUTS, 0, 0, 2), binaries(16), true)});

        rtu3aOutstation = new Dnp3Outstation(rtu3a, 10, binaries(8),
                new Signal[] {analog(11020, 90, 8), analog(11050, 90, 8), analog(10990, 90, 8), analog(3200, 400, 20),
                    analog(498, 3, 1), analog(620, 40, 4)},
                new Signal[] {counter(1.7), counter(0.2)});
        rtu3bOutstation = new Dnp3Outstation(rtu3b, 11, binaries(8),
                new Signal[] {analog(6600, 60, 6), analog(6620, 60, 6), analog(1800, 250, 15), analog(501, 3, 1)},
                new Signal[] {counter(0.9), counter(0.05)});
    }

    /**
     * Creates the connections and actors of normal plant traffic, starting at {@code start}.
     * With {@code midStream} the persistent connections are open already (the capture joins a
     * running plant); otherwise each starts with its handshakes.
     */
    void populate(Simulation simulation, long start, SplittableRandom traffic, boolean midStream) {
        // Modbus, line 1
        hmi1ToPlc1a = new ModbusLink(connection(simulation, traffic, hmi1, plc1a, MODBUS_PORT, 4096), plc1aDevice,
                traffic.nextInt(0x10000));
        hmi1ToPlc1b = new ModbusLink(connection(simulation, traffic, hmi1, plc1b, MODBUS_PORT, 4096), plc1bDevice,
                traffic.nextInt(0x10000));
        hmi1bToPlc1a = new ModbusLink(connection(simulation, traffic, hmi1b, plc1a, MODBUS_PORT, 4096), plc1aDevice,
                traffic.nextInt(0x10000));
        addPoller(simulation, new ModbusPoller(hmi1ToPlc1a, 1, new ModbusPoller.Read[] {
            new ModbusPoller.Read(ModbusCodec.READ_INPUT_REGISTERS, 0, 10),
            new ModbusPoller.Read(ModbusCodec.READ_HOLDING_REGISTERS, SETPOINT_REGISTER, 12),
            new ModbusPoller.Read(ModbusCodec.READ_COILS, 0, 16)},
                timing(1000 * MS, 2 * MS, 9 * MS, 200 * MS, start, traffic), traffic.split()));
        hmi1Plc1bPoller = new ModbusPoller(hmi1ToPlc1b, 1, new ModbusPoller.Read[] {
            new ModbusPoller.Read(ModbusCodec.READ_HOLDING_REGISTERS, 0, 20)},
                timing(1000 * MS, 2 * MS, 8 * MS, 200 * MS, start, traffic), traffic.split());
        addPoller(simulation, hmi1Plc1bPoller);
        addPoller(simulation, new ModbusPoller(hmi1ToPlc1b, 2, new ModbusPoller.Read[] {
            new ModbusPoller.Read(ModbusCodec.READ_INPUT_REGISTERS, 0, 8)},
                timing(5000 * MS, 15 * MS, 40 * MS, 200 * MS, start, traffic), traffic.split()));
        hmi1bPoller = new ModbusPoller(hmi1bToPlc1a, 1, new ModbusPoller.Read[] {
            new ModbusPoller.Read(ModbusCodec.READ_INPUT_REGISTERS, 0, 10)},
                timing(2000 * MS, 2 * MS, 9 * MS, 200 * MS, start, traffic), traffic.split());
        addPoller(simulation, hmi1bPoller);
        hmi1Operator = new Operators.ModbusSetpoints(hmi1ToPlc1a, 1, SETPOINT_REGISTER, SETPOINT_GRADES,
                SETPOINT_REGISTER + 2, new int[][] {{120, 340}, {110, 350}}, 150 * SECOND, traffic.split());
        simulation.add(hmi1Operator, start + 20 * SECOND + traffic.nextLong(60 * SECOND));

        // S7comm and Modbus, line 2
        hmi2ToPlc2a = new S7Channel(connection(simulation, traffic, hmi2, plc2a, S7_PORT, 8192), plc2aPlc, traffic);
        hmi2ToPlc2b = new S7Channel(connection(simulation, traffic, hmi2, plc2b, S7_PORT, 8192), plc2bPlc, traffic);
        addPoller(simulation, new S7Poller(hmi2ToPlc2a, timing(1000 * MS, 4 * MS, 14 * MS, 200 * MS, start, traffic),
                traffic.split()));
        addPoller(simulation, new S7Poller(hmi2ToPlc2b, timing(2000 * MS, 5 * MS, 20 * MS, 200 * MS, start, traffic),
                traffic.split()));
        simulation.add(new Operators.S7Setpoints(hmi2ToPlc2a, new S7Codec.Item(S7Codec.AREA_DATA_BLOCK, 20, 4, 2),
                new int[] {470, 500, 485}, 240 * SECOND, traffic.split()),
                start + 30 * SECOND + traffic.nextLong(90 * SECOND));
        ModbusLink meterLink = new ModbusLink(connection(simulation, traffic, hmi2, meter2, MODBUS_PORT, 2048),
                meterDevice, traffic.nextInt(0x10000));
        addPoller(simulation, new ModbusPoller(meterLink, 1, new ModbusPoller.Read[] {
            new ModbusPoller.Read(ModbusCodec.READ_HOLDING_REGISTERS, 3000, 12)},
                timing(3000 * MS, 10 * MS, 30 * MS, 200 * MS, start, traffic), traffic.split()));

        // DNP3, substation
        scadaToRtu3a = new Dnp3Channel(connection(simulation, traffic, scada3, rtu3a, DNP3_PORT, 4096),
                rtu3aOutstation, DNP3_MASTER_ADDRESS, traffic);
        scadaToRtu3b = new Dnp3Channel(connection(simulation, traffic, scada3, rtu3b, DNP3_PORT, 4096),
                rtu3bOutstation, DNP3_MASTER_ADDRESS, traffic);
        addPoller(simulation, new Dnp3Master(scadaToRtu3a,
                timing(5000 * MS, 20 * MS, 60 * MS, 200 * MS, start, traffic), 12,
                true, start + 60 * SECOND + traffic.nextLong(120 * SECOND), traffic.split()));
        rtu3bMaster = new Dnp3Master(scadaToRtu3b, timing(4000 * MS, 20 * MS, 60 * MS, 200 * MS, start, traffic), 15,
                false, Long.MAX_VALUE, traffic.split());
        addPoller(simulation, rtu3bMaster);

        // IT background
        for (Cell cell : cells) {
            List<Host> members = new ArrayList<>();
            for (Host host : hosts) {
                if (host.cell() == cell) {
                    members.add(host);
                }
            }
            simulation.add(new Background.Arp(simulation, members, traffic.split()), start + offset(traffic, 30));
        }
        String[] names = {"files.plant.local", "updates.vendor.example", "infra.plant.local", "wsus.plant.local"};
        int[] answers = {files.address(), updates.address(), infra.address(), Host.parse("10.50.0.9")};
        simulation.add(new Background.Dns(simulation, ews, infra, names, answers, 90 * SECOND, traffic.split()),
                start + offset(traffic, 20));
        for (Host client : new Host[] {hmi1, hmi1b, hmi2, scada3, ews}) {
            simulation.add(new Background.Ntp(simulation, client, infra, 64 * SECOND, traffic.split()),
                    start + offset(traffic, 64));
        }
        TcpConnection smb = connection(simulation, traffic, ews, files, 445, 64240);
        simulation.add(new Background.Smb(smb, traffic.split()), start + offset(traffic, 10));
        if (midStream) {
            for (TcpConnection persistent : new TcpConnection[] {hmi1ToPlc1a.connection, hmi1ToPlc1b.connection,
                hmi1bToPlc1a.connection, meterLink.connection, scadaToRtu3a.connection, scadaToRtu3b.connection,
                hmi2ToPlc2a.connection, hmi2ToPlc2b.connection, smb}) {
                persistent.open = true;
            }
            hmi2ToPlc2a.established = true;
            hmi2ToPlc2b.established = true;
        }
        simulation.add(new Background.Https(simulation, ews, updates, 300 * SECOND, traffic.split()),
                start + offset(traffic, 120));
    }

    /**
     * Adds the cells of {@code size} after the demo plant's: per cell an HMI at .5 polling
     * Modbus servers at .10, .11, ... Everything random comes from {@code random}, so the demo
     * plant's frames are the same with or without them.
     */
    void populateExtra(Simulation simulation, long start, PlantSize size, SplittableRandom random, boolean midStream) {
        long dell = 0x00_14_22_00_00_00L;
        long schneider = 0x00_80_F4_00_00_00L;
        int moving = (int) Math.round(size.pointsPerDevice() * size.moving());
        long period = size.period().toNanos();
        for (int c = 0; c < size.cells(); c++) {
            String network = "172." + (16 + c / 256) + "." + (c % 256) + ".";
            Cell cell = cell("cell-" + (c + 1), network + "0", 24, 0, 0x00_1E_BD_00_00_00L);
            Host hmi = extraHost("hmi-c" + (c + 1), "Modbus client (cell HMI)", network + "5", dell, cell, 128, random);
            for (int d = 0; d < size.devicesPerCell(); d++) {
                Host server = extraHost("plc-c" + (c + 1) + "-" + (d + 1), "Modbus server (cell PLC)",
                        network + (10 + d), schneider, cell, 64, random);
                Signal[] signals = new Signal[size.pointsPerDevice()];
                for (int p = 0; p < signals.length; p++) {
                    signals[p] = p < moving
                            ? new Signal.Analog(200 + random.nextInt(3000), 20 + random.nextInt(150),
                                    180 + random.nextInt(420), random.nextDouble() * 2 * Math.PI, 3 + random.nextInt(6))
                            : new Signal.Constant(random.nextInt(1000));
                }
                ModbusDevice device = new ModbusDevice(server, new int[] {1}, null, null,
                        new ModbusDevice.Bank(0, signals), "Schneider Electric", "BMX P34 2020", "v3.20");
                ModbusLink link = new ModbusLink(connection(simulation, random, hmi, server, MODBUS_PORT, 4096),
                        device, random.nextInt(0x10000));
                ModbusPoller.Read[] reads = new ModbusPoller.Read[(signals.length + PlantSize.READ_BLOCK - 1)
                        / PlantSize.READ_BLOCK];
                for (int r = 0; r < reads.length; r++) {
                    int address = r * PlantSize.READ_BLOCK;
                    reads[r] = new ModbusPoller.Read(ModbusCodec.READ_HOLDING_REGISTERS, address,
                            Math.min(PlantSize.READ_BLOCK, signals.length - address));
                }
                link.connection.open = midStream;
                addPoller(simulation, new ModbusPoller(link, 1, reads,
                        timing(period, 2 * MS, 9 * MS, 200 * MS, start, random), random.split()));
            }
        }
    }

    Host extraHost(String name, String role, String address, long oui, Cell cell, int ttl,
            SplittableRandom random) {
        Host host = new Host(name, role, Host.parse(address), oui | (random.nextLong() & 0xFF_FFFFL), cell, ttl);
        hosts.add(host);
        return host;
    }

    /** Registers a polling actor at the nominal time of its first cycle. */
    private static void addPoller(Simulation simulation, Polling poller) {
        simulation.add((Actor) poller, poller.timing().first());
    }

    private static long offset(SplittableRandom random, int maximumSeconds) {
        return random.nextLong(maximumSeconds * SECOND);
    }

    private static PollTiming timing(long period, long serverMin, long serverMax, long ackDelay, long start,
            SplittableRandom random) {
        return new PollTiming(period, serverMin, serverMax, ackDelay, start + random.nextLong(period));
    }

    static TcpConnection connection(Simulation simulation, SplittableRandom random, Host client, Host server, int port,
            int serverWindow) {
        return new TcpConnection(simulation, random, client, 49152 + random.nextInt(16000), server, port, serverWindow);
    }

    Cell cell(String name, String network, int prefix, int vlan, long routerOui) {
        Cell cell = new Cell(name, Host.parse(network), prefix, vlan, routerOui | 0x0100 | cells.size());
        cells.add(cell);
        return cell;
    }

    Host host(String name, String role, String address, long oui, Cell cell, int ttl) {
        Host host = new Host(name, role, Host.parse(address), oui | (structure.nextLong() & 0xFF_FFFFL), cell, ttl);
        hosts.add(host);
        return host;
    }

    private Signal analog(double centre, double amplitude, double noise) {
        double period = 180 + structure.nextInt(420);
        return new Signal.Analog(centre, amplitude, period, structure.nextDouble() * 2 * Math.PI, noise);
    }

    private Signal[] analogs(int count) {
        Signal[] signals = new Signal[count];
        for (int i = 0; i < count; i++) {
            signals[i] = analog(200 + structure.nextInt(3000), 20 + structure.nextInt(150), 3 + structure.nextInt(6));
        }
        return signals;
    }

    private Signal[] binaries(int count) {
        Signal[] signals = new Signal[count];
        for (int i = 0; i < count; i++) {
            signals[i] = i % 4 == 3 ? new Signal.Constant(i % 8 == 3 ? 1 : 0)
                    : new Signal.Binary(120 + structure.nextInt(480), structure.nextDouble(),
                            0.3 + 0.4 * structure.nextDouble());
        }
        return signals;
    }

    private Signal counter(double rate) {
        return new Signal.Counter(rate, counterOffset(rate));
    }

    /** High and low words of one 32-bit counter held in two registers (high word first). */
    private Signal counterHigh(double rate) {
        return new Signal.Word(new Signal.Counter(rate, counterOffset(rate)), 16);
    }

    private Signal counterLow(double rate) {
        return new Signal.Word(new Signal.Counter(rate, counterOffset(rate)), 0);
    }

    /**
     * A counter's starting value: a random number of 65536 blocks, phased so that the low word
     * wraps (and the high word steps) at midnight UTC of 2 March 2026 and every 65536 / rate
     * seconds after; for the rates used here no step falls between 08:00 and 09:30, the demo
     * captures' plant time, so a learned high word stays valid in the demo analysis capture.
     */
    private long counterOffset(double rate) {
        long midnight = 1_772_409_600L - Signal.EPOCH_SECONDS; // 2026-03-02T00:00:00Z
        long phase = Math.floorMod((long) Math.floor(rate * midnight), 65_536L);
        return 65_536L * (100 + structure.nextInt(900)) - phase;
    }

    private static Signal[] concat(Signal[] first, Signal[] second) {
        Signal[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

}
