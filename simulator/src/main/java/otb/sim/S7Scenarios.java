package otb.sim;

import java.util.SplittableRandom;

/** The S7comm scenarios: engineering actions on plc-2a and a frozen value of plc-2b. */
final class S7Scenarios extends ScenarioFamily {
    S7Scenarios(Plant plant, Simulation simulation) {
        super(plant, simulation);
    }

    /** The engineering workstation connecting to plc-2a for a stop, a download or a start. */
    void engineering(ScenarioKind kind, long start, SplittableRandom random) {
        String text = switch (kind) {
            case PLC_STOP -> "engineering workstation stops the CPU of plc-2a (S7 function 0x29, P_PROGRAM)";
            case PROGRAM_DOWNLOAD -> "engineering workstation downloads DB1 to plc-2a (request download 0x1A, "
                    + "download block 0x1B from the PLC, download ended 0x1C, PI service _INSE)";
            default -> "engineering workstation warm-starts the CPU of plc-2a (PI service 0x28, P_PROGRAM)";
        };
        Label label = label(kind, plant.ews, plant.plc2a, Plant.S7_PORT, "s7comm", text);
        TcpConnection connection = Plant.connection(simulation, random, plant.ews, plant.plc2a, Plant.S7_PORT, 8192);
        S7Channel channel = new S7Channel(connection, plant.plc2aPlc, random);
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                long delay = 5 * MS + random.nextLong(20 * MS);
                switch (step) {
                    case 0:
                        return channel.establish(now, delay, random, label) + 200 * MS + random.nextLong(800 * MS);
                    case 1: {
                        long t = now;
                        if (kind == ScenarioKind.PLC_STOP) {
                            int reference = channel.nextClientReference();
                            t = connection.exchange(t, S7Codec.plcStop(reference),
                                    S7Codec.functionAck(reference, S7Codec.FUNCTION_PLC_STOP), delay, 0, 0, false,
                                    random, label, label);
                        } else if (kind == ScenarioKind.CPU_START) {
                            int reference = channel.nextClientReference();
                            t = connection.exchange(t, S7Codec.piService(reference, new byte[0], "P_PROGRAM"),
                                    S7Codec.functionAck(reference, S7Codec.FUNCTION_PI_SERVICE), delay, 0, 0, false,
                                    random, label, label);
                        } else {
                            t = download(channel, t, delay, random, label);
                        }
                        return t + 500 * MS + random.nextLong(1500 * MS);
                    }
                    default:
                        connection.close(now, true, label);
                        return RETIRED;
                }
            }
        }, start);
    }

    /** Block download of DB1 in two parts; the PLC drives the transfer with its own jobs. */
    private static long download(S7Channel channel, long time, long delay, SplittableRandom random, Label label) {
        TcpConnection connection = channel.connection;
        byte[] block = new byte[300];
        random.nextBytes(block);
        block[0] = 0x70;
        block[1] = 0x70; // block header magic "pp"
        int reference = channel.nextClientReference();
        long t = connection.exchange(time, S7Codec.requestDownload(reference, 'A', 1, block.length + 36, block.length),
                S7Codec.functionAck(reference, S7Codec.FUNCTION_REQUEST_DOWNLOAD), delay, 0, 0, false, random, label,
                label);
        for (int part = 0; part < 2; part++) {
            t += delay;
            int plcReference = channel.nextPlcReference();
            connection.send(t, false, S7Codec.blockJob(S7Codec.FUNCTION_DOWNLOAD_BLOCK, plcReference, 'A', 1), label);
            t += 2 * MS + random.nextLong(5 * MS);
            byte[] half = java.util.Arrays.copyOfRange(block, part * 150, part * 150 + 150);
            connection.send(t, true, S7Codec.downloadBlockAck(plcReference, half, part == 0), label);
        }
        t += delay;
        int endedReference = channel.nextPlcReference();
        connection.send(t, false, S7Codec.blockJob(S7Codec.FUNCTION_DOWNLOAD_ENDED, endedReference, 'A', 1), label);
        t += 2 * MS + random.nextLong(5 * MS);
        connection.send(t, true, S7Codec.functionAck(endedReference, S7Codec.FUNCTION_DOWNLOAD_ENDED), label);
        t += 20 * MS + random.nextLong(50 * MS);
        int insert = channel.nextClientReference();
        return connection.exchange(t, S7Codec.piService(insert, S7Codec.insertBlockArgument('A', 1), "_INSE"),
                S7Codec.functionAck(insert, S7Codec.FUNCTION_PI_SERVICE), delay, 0, 0, false, random, label, label);
    }

    void frozenValue(long start) {
        long end = start + 300 * SECOND;
        Label label = label(ScenarioKind.FROZEN_VALUE, plant.hmi2, plant.plc2b, Plant.S7_PORT, "s7comm",
                "DB1.DBW4 of plc-2b (an analog value) stops changing for 5 minutes in the read var responses");
        plant.plc2bPlc.freeze(0, 2, start, end, label);
        label.cover(start);
        label.cover(end);
    }
}
