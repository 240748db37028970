package otb.sim;

import java.util.SplittableRandom;

/** The scenarios of the optional protocols ({@link MoreProtocols}): IEC 60870-5-104 and EtherNet/IP. */
final class MoreProtocolScenarios extends ScenarioFamily {
    MoreProtocolScenarios(Plant plant, Simulation simulation) {
        super(plant, simulation);
    }

    /** The SCADA's connection to rtu-5 carries a set-point command (C_SE_NC_1, select-free execute), confirmed. */
    void iec104Setpoint(long start, SplittableRandom random) {
        MoreProtocols.Iec104Channel channel = plant.more.iec104;
        float value = 118.5f;
        Label label = label(ScenarioKind.IEC104_SETPOINT, plant.more.scada5, plant.more.rtu5, Iec104Codec.PORT,
                "iec104", "scada-5 sends rtu-5 a short-float set-point command (C_SE_NC_1, type 50) of " + value
                        + " to IOA " + MoreProtocols.SETPOINT_IOA + "; it only ever sent single commands (C_SC_NA_1); "
                        + "rtu-5 confirms");
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                TcpConnection connection = channel.connection;
                byte[] command = channel.fromMaster(new Iec104Codec.Asdu(Iec104Codec.C_SE_NC_1,
                        Iec104Codec.COT_ACTIVATION, MoreProtocols.COMMON_ADDRESS)
                        .shortFloat(MoreProtocols.SETPOINT_IOA, value, 0));
                byte[] confirm = channel.fromStation(new Iec104Codec.Asdu(Iec104Codec.C_SE_NC_1,
                        Iec104Codec.COT_ACTIVATION_CON, MoreProtocols.COMMON_ADDRESS)
                        .shortFloat(MoreProtocols.SETPOINT_IOA, value, 0));
                long t = connection.exchange(now, command, confirm, 5 * MS + random.nextLong(10 * MS), 0, 0, false,
                        random, label, label);
                connection.send(t + 10 * MS, true, Iec104Codec.sFrame(channel.stationSend), label);
                connection.busyUntil = Math.max(connection.busyUntil, t + 10 * MS);
                return RETIRED;
            }
        }, start);
    }

    /** The engineering workstation registers a session with plc-4 and sends CIP Stop to its controller object. */
    void cipStop(long start, SplittableRandom random) {
        Host plc = plant.more.plc4;
        Label label = label(ScenarioKind.CIP_STOP, plant.ews, plc, EnipCodec.PORT, "enip",
                "engineering workstation registers an EtherNet/IP session with plc-4 and sends CIP Stop (service "
                        + "0x07) to the Logix controller object (class 0x8E, instance 1)");
        TcpConnection connection = Plant.connection(simulation, random, plant.ews, plc, EnipCodec.PORT, 8192);
        long session = 1 + random.nextInt(0x7FFF_FFFF);
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                switch (step) {
                    case 0:
                        return connection.open(now, label) + 2 * MS;
                    case 1:
                        return connection.exchange(now, EnipCodec.registerSession(0, 1),
                                EnipCodec.registerSession(session, 1), 2 * MS, 0, 0, false, random, label, label)
                                + 20 * MS;
                    case 2:
                        return connection.exchange(now, EnipCodec.sendRRData(session, 2, EnipCodec.request(
                                EnipCodec.STOP, EnipCodec.CONTROLLER_CLASS, 1, -1, new byte[0])),
                                EnipCodec.sendRRData(session, 2, EnipCodec.reply(EnipCodec.STOP, new byte[0])),
                                5 * MS + random.nextLong(20 * MS), 0, 0, false, random, label, label) + 300 * MS;
                    case 3:
                        connection.send(now, true, EnipCodec.unregisterSession(session, 3), label);
                        return now + 2 * MS;
                    default:
                        connection.close(now, true, label);
                        return RETIRED;
                }
            }
        }, start);
    }
}
