package otb.sim;

import java.util.SplittableRandom;

/**
 * The opt-in plant parts beside the demo plant: an IEC 60870-5-104 substation and an
 * EtherNet/IP line. Everything random comes from their own sequence, so the demo plant's
 * frames are the same with or without them.
 *
 * <pre>
 * substation-104  10.21.0.0/24  scada-5 (IEC 104 controlling station), rtu-5 (controlled station, common address 5)
 * line4           10.40.0.0/24  hmi-4 (EtherNet/IP scanner), plc-4 (Logix controller)
 * </pre>
 */
final class MoreProtocols {
    static final int COMMON_ADDRESS = 5;
    /** Information object addresses of rtu-5's measurands (short floats) and single points. */
    static final int FIRST_MEASURAND = 1001;
    static final int FIRST_POINT = 101;
    /** The breaker the operator opens and closes by single command (C_SC_NA_1). */
    static final int BREAKER_IOA = 3001;
    /** The set-point the attack writes: a voltage regulator's target, never commanded in normal operation. */
    static final int SETPOINT_IOA = 2001;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    final Host scada5;
    final Host rtu5;
    final Host hmi4;
    final Host plc4;
    Iec104Channel iec104;

    /** One IEC 104 connection's sequence numbers (5.1: 15-bit send and receive counts per direction). */
    static final class Iec104Channel {
        final TcpConnection connection;
        int masterSend;
        int stationSend;

        Iec104Channel(TcpConnection connection) {
            this.connection = connection;
        }

        byte[] fromMaster(Iec104Codec.Asdu asdu) {
            byte[] apdu = asdu.apdu(masterSend, stationSend);
            masterSend = (masterSend + 1) & 0x7FFF;
            return apdu;
        }

        byte[] fromStation(Iec104Codec.Asdu asdu) {
            byte[] apdu = asdu.apdu(stationSend, masterSend);
            stationSend = (stationSend + 1) & 0x7FFF;
            return apdu;
        }
    }

    MoreProtocols(Plant plant, SplittableRandom random) {
        long dell = 0x00_14_22_00_00_00L;
        long abb = 0x00_02_A3_00_00_00L;
        long rockwell = 0x00_00_BC_00_00_00L;
        Cell substation = plant.cell("substation-104", "10.21.0.0", 24, 0, 0x00_1E_BD_00_00_00L);
        Cell line4 = plant.cell("line4", "10.40.0.0", 24, 0, 0x00_1E_BD_00_00_00L);
        scada5 = plant.extraHost("scada-5", "IEC 104 controlling station (substation SCADA)", "10.21.0.5", dell,
                substation, 128, random);
        rtu5 = plant.extraHost("rtu-5", "IEC 104 controlled station, common address 5", "10.21.0.11", abb,
                substation, 64, random);
        hmi4 = plant.extraHost("hmi-4", "EtherNet/IP scanner (line 4 HMI)", "10.40.0.10", dell, line4, 128, random);
        plc4 = plant.extraHost("plc-4", "EtherNet/IP adapter (Logix controller)", "10.40.0.20", rockwell, line4, 64,
                random);
    }

    void populate(Simulation simulation, long start, SplittableRandom random, boolean midStream) {
        iec104 = new Iec104Channel(Plant.connection(simulation, random, scada5, rtu5, Iec104Codec.PORT, 8192));
        iec104.connection.open = midStream;
        if (midStream) {
            // a link started long before the capture: its counts are anywhere in 0..32767
            iec104.masterSend = random.nextInt(0x8000);
            iec104.stationSend = random.nextInt(0x8000);
        }
        Signal[] measurands = {new Signal.Analog(11000, 90, 300, random.nextDouble() * 6.28, 8),
            new Signal.Analog(3200, 400, 420, random.nextDouble() * 6.28, 20),
            new Signal.Analog(500, 3, 240, random.nextDouble() * 6.28, 1)};
        simulation.add(new Iec104Station(iec104, measurands, 2 * SECOND, random.split()),
                start + random.nextLong(2 * SECOND));
        TcpConnection enip = Plant.connection(simulation, random, hmi4, plc4, EnipCodec.PORT, 8192);
        enip.open = midStream;
        simulation.add(new EnipPoller(enip, midStream ? 1 + random.nextInt(0x7FFF_FFFF) : 0, SECOND, random.split()),
                start + random.nextLong(SECOND));
    }

    /**
     * The substation link: STARTDT on a fresh connection, rtu-5's spontaneous measurands every
     * cycle acknowledged by S frames, a station interrogation every 30 cycles, and every few minutes
     * the operator's single command (C_SC_NA_1, execute) closing or opening a breaker.
     */
    private static final class Iec104Station extends Actor {
        private final Iec104Channel channel;
        private final Signal[] measurands;
        private final long period;
        private final SplittableRandom random;
        private int cycle;
        private int commands;
        private long nextCommand;

        Iec104Station(Iec104Channel channel, Signal[] measurands, long period, SplittableRandom random) {
            this.channel = channel;
            this.measurands = measurands;
            this.period = period;
            this.random = random;
            this.nextCommand = -1;
        }

        @Override
        void step(long now) {
            if (nextCommand < 0) {
                nextCommand = now + 60 * SECOND + random.nextLong(120 * SECOND);
            }
            TcpConnection connection = channel.connection;
            long t = Math.max(now, connection.busyUntil);
            if (!connection.open) {
                t = connection.open(t, null) + 2 * MS;
                t = connection.exchange(t, Iec104Codec.uFrame(Iec104Codec.STARTDT_ACT),
                        Iec104Codec.uFrame(Iec104Codec.STARTDT_CON), 3 * MS, 200 * MS, Long.MAX_VALUE, false, random,
                        null, null) + 50 * MS;
            }
            if (cycle % 30 == 0) {
                t = interrogation(t);
            } else {
                Iec104Codec.Asdu values = new Iec104Codec.Asdu(Iec104Codec.M_ME_NC_1, Iec104Codec.COT_SPONTANEOUS,
                        COMMON_ADDRESS);
                for (int i = 0; i < measurands.length; i++) {
                    values.shortFloat(FIRST_MEASURAND + i, measurands[i].value(t, random) / 10f, 0);
                }
                connection.send(t, false, channel.fromStation(values), null);
                t += 5 * MS + random.nextLong(20 * MS);
                connection.send(t, true, Iec104Codec.sFrame(channel.stationSend), null);
            }
            if (now >= nextCommand) {
                t = singleCommand(t + 500 * MS + random.nextLong(500 * MS));
                nextCommand = now + 180 * SECOND + random.nextLong(120 * SECOND);
            }
            connection.busyUntil = Math.max(connection.busyUntil, t);
            cycle++;
            long jitter = (long) (random.nextGaussian() * period * 0.01);
            nextTime = Math.max(t + MS, now + period + jitter);
        }

        /** A single command (SCO: state in bit 0, execute) with its confirmation and termination. */
        private long singleCommand(long time) {
            TcpConnection connection = channel.connection;
            int state = commands++ % 2 == 0 ? 1 : 0;
            byte[] command = channel.fromMaster(new Iec104Codec.Asdu(Iec104Codec.C_SC_NA_1,
                    Iec104Codec.COT_ACTIVATION, COMMON_ADDRESS).octet(BREAKER_IOA, state));
            byte[] confirm = channel.fromStation(new Iec104Codec.Asdu(Iec104Codec.C_SC_NA_1,
                    Iec104Codec.COT_ACTIVATION_CON, COMMON_ADDRESS).octet(BREAKER_IOA, state));
            long t = connection.exchange(time, command, confirm, 4 * MS + random.nextLong(8 * MS), 0, 0, false, random,
                    null, null);
            t += 80 * MS + random.nextLong(40 * MS);
            connection.send(t, false, channel.fromStation(new Iec104Codec.Asdu(Iec104Codec.C_SC_NA_1,
                    Iec104Codec.COT_ACTIVATION_TERM, COMMON_ADDRESS).octet(BREAKER_IOA, state)), null);
            t += 10 * MS + random.nextLong(20 * MS);
            connection.send(t, true, Iec104Codec.sFrame(channel.stationSend), null);
            return t;
        }

        /** C_IC_NA_1 activation, confirmation, the station's points and measurands, termination. */
        private long interrogation(long time) {
            TcpConnection connection = channel.connection;
            byte[] request = channel.fromMaster(new Iec104Codec.Asdu(Iec104Codec.C_IC_NA_1,
                    Iec104Codec.COT_ACTIVATION, COMMON_ADDRESS).octet(0, Iec104Codec.QOI_STATION));
            byte[] confirm = channel.fromStation(new Iec104Codec.Asdu(Iec104Codec.C_IC_NA_1,
                    Iec104Codec.COT_ACTIVATION_CON, COMMON_ADDRESS).octet(0, Iec104Codec.QOI_STATION));
            long t = connection.exchange(time, request, confirm, 3 * MS + random.nextLong(5 * MS), 0, 0, false, random,
                    null, null);
            Iec104Codec.Asdu points = new Iec104Codec.Asdu(Iec104Codec.M_SP_NA_1, Iec104Codec.COT_INTERROGATED,
                    COMMON_ADDRESS);
            for (int i = 0; i < 4; i++) {
                points.octet(FIRST_POINT + i, i == 0 ? 1 : 0);
            }
            t += 2 * MS;
            connection.send(t, false, channel.fromStation(points), null);
            Iec104Codec.Asdu values = new Iec104Codec.Asdu(Iec104Codec.M_ME_NC_1, Iec104Codec.COT_INTERROGATED,
                    COMMON_ADDRESS);
            for (int i = 0; i < measurands.length; i++) {
                values.shortFloat(FIRST_MEASURAND + i, measurands[i].value(t, random) / 10f, 0);
            }
            t += 2 * MS;
            connection.send(t, false, channel.fromStation(values), null);
            t += 2 * MS;
            connection.send(t, false, channel.fromStation(new Iec104Codec.Asdu(Iec104Codec.C_IC_NA_1,
                    Iec104Codec.COT_ACTIVATION_TERM, COMMON_ADDRESS).octet(0, Iec104Codec.QOI_STATION)), null);
            t += 10 * MS + random.nextLong(20 * MS);
            connection.send(t, true, Iec104Codec.sFrame(channel.stationSend), null);
            return t;
        }
    }

    /**
     * hmi-4 reading plc-4's input assembly (Get_Attribute_Single of class 4, instance 100,
     * attribute 3) every cycle, in a session registered on a fresh connection.
     */
    private static final class EnipPoller extends Actor {
        private final TcpConnection connection;
        private final long period;
        private final SplittableRandom random;
        private long session;
        private long context;

        EnipPoller(TcpConnection connection, long session, long period, SplittableRandom random) {
            this.connection = connection;
            this.session = session;
            this.period = period;
            this.random = random;
        }

        @Override
        void step(long now) {
            long t = Math.max(now, connection.busyUntil);
            if (!connection.open) {
                t = connection.open(t, null) + MS;
                session = 1 + random.nextInt(0x7FFF_FFFF);
                t = connection.exchange(t, EnipCodec.registerSession(0, context), EnipCodec.registerSession(session,
                        context), 2 * MS, 200 * MS, Long.MAX_VALUE, false, random, null, null) + 5 * MS;
                context++;
            }
            byte[] data = new byte[8];
            long phase = (now / period) & 0xFFFF;
            EnipCodec.put16(data, 0, (int) phase);
            EnipCodec.put16(data, 2, 700 + random.nextInt(20));
            data[4] = 1;
            byte[] request = EnipCodec.sendRRData(session, context, EnipCodec.request(EnipCodec.GET_ATTRIBUTE_SINGLE,
                    EnipCodec.ASSEMBLY_CLASS, 100, 3, new byte[0]));
            byte[] response = EnipCodec.sendRRData(session, context, EnipCodec.reply(EnipCodec.GET_ATTRIBUTE_SINGLE,
                    data));
            context++;
            long serverDelay = 2 * MS + random.nextLong(6 * MS);
            connection.exchange(t, request, response, serverDelay, 200 * MS, now + period, false, random, null, null);
            long jitter = (long) (random.nextGaussian() * period * 0.01);
            nextTime = Math.max(connection.busyUntil + MS, now + period + jitter);
        }
    }
}
