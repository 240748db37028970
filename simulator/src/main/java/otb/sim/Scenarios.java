package otb.sim;

import java.util.SplittableRandom;

/**
 * The injected scenarios. Each creates its label, registers the actors that produce its
 * traffic (or changes the behaviour of a normal actor for a while), and widens the label's time
 * range to the period in which its effect is visible. In labels, source is always the client
 * (initiator) and destination the server.
 */
final class Scenarios {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    /** Link-layer address of the new device: a Raspberry Pi (OUI B8:27:EB). */
    private static final long INTRUDER_MAC = 0xB8_27_EB_5A_01_99L;

    private final Plant plant;
    private final Simulation simulation;

    Scenarios(Plant plant, Simulation simulation) {
        this.plant = plant;
        this.simulation = simulation;
    }

    /** A scenario acting in numbered steps: {@link #act} returns the next step's time. */
    private abstract static class Script extends Actor {
        private int index;

        abstract long act(int step, long now);

        @Override
        final void step(long now) {
            nextTime = act(index++, now);
        }
    }

    /** Registers scenario {@code kind} starting at {@code start}. */
    void inject(ScenarioKind kind, long start, SplittableRandom random) {
        switch (kind) {
            case NEW_DEVICE -> newDevice(start, random);
            case NEW_CONVERSATION -> readSession(kind, plant.hmi1b, plant.plc1b, plant.plc1bDevice,
                    ModbusCodec.READ_HOLDING_REGISTERS, 0, 20, 10, 2 * SECOND, start, random,
                    "read-only HMI hmi-1b starts polling plc-1b, which it never talked to");
            case CROSS_CELL_CONVERSATION -> readSession(kind, plant.hmi1, plant.meter2, plant.meterDevice,
                    ModbusCodec.READ_HOLDING_REGISTERS, 3000, 12, 8, 3 * SECOND, start, random,
                    "line 1 HMI hmi-1 polls the line 2 energy meter (cross-cell, VLAN 20)");
            case NEW_FUNCTION_CODE -> onLink(kind, plant.hmi1ToPlc1a, start, random,
                    "hmi-1 sends Read Device Identification (FC 43 / MEI 14) to plc-1a, a function it never used",
                    transaction -> ModbusCodec.readDeviceIdentification(transaction, 1));
            case NEW_WRITER -> onLink(kind, plant.hmi1bToPlc1a, start, random,
                    "read-only HMI hmi-1b writes the setpoint register 100 of plc-1a (FC 6, value in range)",
                    transaction -> ModbusCodec.writeSingleRegister(transaction, 1, Plant.SETPOINT_REGISTER,
                            plant.hmi1Operator.setpoint()));
            case SETPOINT_OUT_OF_RANGE -> setpointOutOfRange(start, random);
            case PLC_STOP -> s7Engineering(kind, start, random);
            case PROGRAM_DOWNLOAD -> s7Engineering(kind, start, random);
            case CPU_START -> s7Engineering(kind, start, random);
            case DNP3_COLD_RESTART -> dnp3Command(kind, plant.scadaToRtu3a, start, random);
            case DNP3_DISABLE_UNSOLICITED -> dnp3Command(kind, plant.scadaToRtu3b, start, random);
            case REPLAYED_COMMAND -> replayedCommand(start, random);
            case REPLAYED_VALUES -> replayedValues(start);
            case FROZEN_VALUE -> frozenValue(start);
            case POLLING_DRIFT -> pollingDrift(start);
            case SILENT_CHANNEL -> silentChannel(start);
            case REQUEST_FLOOD -> requestFlood(start, random);
            case SCAN -> scan(start, random);
            case SEQUENCE_REPLAY -> sequenceReplay(start, random);
            case SEQUENCE_INJECTION -> sequenceInjection(start, random);
            case IEC104_SETPOINT -> iec104Setpoint(start, random);
            case CIP_STOP -> cipStop(start, random);
        }
    }

    private Label label(ScenarioKind kind, Host source, Host destination, int port, String protocol, String text) {
        return simulation.newLabel(kind, source, destination, port, protocol, text);
    }

    /** One Modbus request and its response on a fresh or an existing connection; returns the response time. */
    private static long modbus(TcpConnection connection, ModbusDevice device, byte[] request, long time, Label label,
            SplittableRandom random) {
        long serverDelay = 2 * MS + random.nextLong(8 * MS);
        long at = Math.max(time, connection.busyUntil) + serverDelay;
        byte[] response = device.respond(request, at, random);
        return connection.exchange(time, request, response, serverDelay, 150 * MS, Long.MAX_VALUE, false, random,
                label, label);
    }

    private void newDevice(long start, SplittableRandom random) {
        Host intruder = new Host("new-device", "unknown device (laptop or Raspberry Pi)", Host.parse("10.10.1.99"),
                INTRUDER_MAC, plant.line1, 64);
        Host target = plant.plc1a;
        Label label = label(ScenarioKind.NEW_DEVICE, intruder, target, Plant.MODBUS_PORT, "modbus",
                "an unknown device 10.10.1.99 announces itself by ARP and reads holding registers of plc-1a");
        TcpConnection connection = Plant.connection(simulation, random, intruder, target, Plant.MODBUS_PORT, 4096);
        int[] transaction = {random.nextInt(100)};
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                switch (step) {
                    case 0:
                        simulation.emit(now, FrameFactory.arp(intruder, intruder.address(), null), label);
                        return now + SECOND;
                    case 1:
                        simulation.emit(now, FrameFactory.arp(intruder, target.address(), null), label);
                        simulation.emit(now + 900_000L, FrameFactory.arp(target, 0, intruder), label);
                        return now + 5 * MS;
                    case 2:
                        return connection.open(now, label) + MS;
                    default:
                        if (step < 3 + 10) {
                            byte[] request = ModbusCodec.readRequest(transaction[0]++, 1,
                                    ModbusCodec.READ_HOLDING_REGISTERS, Plant.SETPOINT_REGISTER, 12);
                            return modbus(connection, plant.plc1aDevice, request, now, label, random) + 3 * SECOND;
                        }
                        connection.close(now, true, label);
                        return RETIRED;
                }
            }
        }, start);
    }

    /** A client opening a new connection and polling a few times, then closing it. */
    private void readSession(ScenarioKind kind, Host client, Host server, ModbusDevice device, int function,
            int address, int quantity, int reads, long period, long start, SplittableRandom random, String text) {
        Label label = label(kind, client, server, Plant.MODBUS_PORT, "modbus", text);
        TcpConnection connection = Plant.connection(simulation, random, client, server, Plant.MODBUS_PORT, 4096);
        int[] transaction = {1};
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                if (step == 0) {
                    return connection.open(now, label) + MS;
                }
                if (step <= reads) {
                    byte[] request = ModbusCodec.readRequest(transaction[0]++, 1, function, address, quantity);
                    return modbus(connection, device, request, now, label, random) + period;
                }
                connection.close(now, true, label);
                return RETIRED;
            }
        }, start);
    }

    /** One request built by {@code request} (given the next transaction id) on an existing link. */
    private void onLink(ScenarioKind kind, ModbusLink link, long start, SplittableRandom random, String text,
            java.util.function.IntFunction<byte[]> request) {
        TcpConnection connection = link.connection;
        Label label = label(kind, connection.client, connection.server, Plant.MODBUS_PORT, "modbus", text);
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                modbus(connection, link.device, request.apply(link.nextTransaction()), now, label, random);
                return RETIRED;
            }
        }, start);
    }

    private void setpointOutOfRange(long start, SplittableRandom random) {
        ModbusLink link = plant.hmi1ToPlc1a;
        int value = 1450;
        Label label = label(ScenarioKind.SETPOINT_OUT_OF_RANGE, plant.hmi1, plant.plc1a, Plant.MODBUS_PORT, "modbus",
                "hmi-1 writes " + value + " to setpoint register 100 of plc-1a (learned range "
                        + Plant.SETPOINT_MINIMUM + ".." + Plant.SETPOINT_MAXIMUM
                        + "); the operator restores it 45 s later (restore not labelled)");
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                if (step == 0) {
                    modbus(link.connection, link.device, ModbusCodec.writeSingleRegister(link.nextTransaction(), 1,
                            Plant.SETPOINT_REGISTER, value), now, label, random);
                    return now + 45 * SECOND;
                }
                long restored = modbus(link.connection, link.device, ModbusCodec.writeSingleRegister(
                        link.nextTransaction(), 1, Plant.SETPOINT_REGISTER, plant.hmi1Operator.setpoint()), now, null,
                        random);
                label.cover(restored);
                return RETIRED;
            }
        }, start);
    }

    /** The engineering workstation connecting to plc-2a for a stop, a download or a start. */
    private void s7Engineering(ScenarioKind kind, long start, SplittableRandom random) {
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

    /** A DNP3 command on the master's own connection: cold restart or disable unsolicited. */
    private void dnp3Command(ScenarioKind kind, Dnp3Channel channel, long start, SplittableRandom random) {
        boolean restart = kind == ScenarioKind.DNP3_COLD_RESTART;
        Host outstation = channel.outstation.host;
        Label label = label(kind, channel.connection.client, outstation, Plant.DNP3_PORT, "dnp3", restart
                ? "SCADA master connection sends COLD_RESTART (FC 13) to " + outstation.name()
                : "SCADA master connection sends DISABLE_UNSOLICITED (FC 21) for classes 1-3 to " + outstation.name());
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                Dnp3Codec.Fragment request = new Dnp3Codec.Fragment();
                Dnp3Codec.Fragment response = new Dnp3Codec.Fragment();
                int sequence = channel.nextApplicationSequence();
                if (restart) {
                    request.request(sequence, Dnp3Codec.COLD_RESTART);
                    // time delay fine (g52v2), milliseconds until the outstation is back (4.4.6)
                    response.response(sequence, false, 0).count8(52, 2, 1).put16(8000);
                } else {
                    request.request(sequence, Dnp3Codec.DISABLE_UNSOLICITED)
                            .allObjects(60, 2).allObjects(60, 3).allObjects(60, 4);
                    response.response(sequence, false, 0);
                }
                channel.connection.exchange(now, channel.fromMaster(request), channel.fromOutstation(response),
                        20 * MS + random.nextLong(30 * MS), 200 * MS, Long.MAX_VALUE, false, random, label, label);
                return RETIRED;
            }
        }, start);
    }

    private void replayedCommand(long start, SplittableRandom random) {
        Label label = label(ScenarioKind.REPLAYED_COMMAND, plant.hmi1, plant.plc1a, Plant.MODBUS_PORT, "modbus",
                "the last setpoint write of hmi-1 (FC 6, same bytes) replayed on a new connection from hmi-1's "
                        + "address");
        TcpConnection connection = Plant.connection(simulation, random, plant.hmi1, plant.plc1a, Plant.MODBUS_PORT,
                4096);
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                switch (step) {
                    case 0:
                        return connection.open(now, label) + 2 * MS;
                    case 1: {
                        byte[] recorded = plant.hmi1Operator.lastWrite;
                        byte[] request = recorded != null ? recorded.clone()
                                : ModbusCodec.writeSingleRegister(0x0101, 1, Plant.SETPOINT_REGISTER,
                                        plant.hmi1Operator.setpoint());
                        return modbus(connection, plant.plc1aDevice, request, now, label, random) + 300 * MS;
                    }
                    default:
                        connection.close(now, true, label);
                        return RETIRED;
                }
            }
        }, start);
    }

    /** Values hmi-1 reads from plc-1a input registers: a recorded minute looped for three minutes. */
    private void replayedValues(long start) {
        long replay = 180 * SECOND;
        ModbusLink link = plant.hmi1ToPlc1a;
        Label label = label(ScenarioKind.REPLAYED_VALUES, plant.hmi1, plant.plc1a, Plant.MODBUS_PORT, "modbus",
                "responses to hmi-1's FC 4 reads of plc-1a input registers 0-9 replay the minute before the attack "
                        + "in a loop, while hmi-1b still reads the real, moving values");
        int capacity = 64;
        int[][] recorded = new int[capacity][];
        int[] counts = new int[2]; // [0] recorded, [1] replayed
        long end = start + replay;
        link.tap = new ModbusLink.Tap() {
            @Override
            public int[] replace(int function, int address, int[] real, long time) {
                if (function != ModbusCodec.READ_INPUT_REGISTERS || address != 0 || time >= end) {
                    return null;
                }
                if (time < start) {
                    if (counts[0] < capacity) {
                        recorded[counts[0]++] = real.clone();
                    } else {
                        System.arraycopy(recorded, 1, recorded, 0, capacity - 1);
                        recorded[capacity - 1] = real.clone();
                    }
                    return null;
                }
                if (counts[0] == 0) {
                    return null;
                }
                label.cover(time);
                return recorded[counts[1]++ % counts[0]];
            }

            @Override
            public Label label() {
                return label;
            }
        };
        label.cover(start);
        label.cover(end);
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                link.tap = null; // the man in the middle leaves
                return RETIRED;
            }
        }, end);
    }

    private void frozenValue(long start) {
        long end = start + 300 * SECOND;
        Label label = label(ScenarioKind.FROZEN_VALUE, plant.hmi2, plant.plc2b, Plant.S7_PORT, "s7comm",
                "DB1.DBW4 of plc-2b (an analog value) stops changing for 5 minutes in the read var responses");
        plant.plc2bPlc.freeze(0, 2, start, end, label);
        label.cover(start);
        label.cover(end);
    }

    private void pollingDrift(long start) {
        long end = start + 300 * SECOND;
        Label label = label(ScenarioKind.POLLING_DRIFT, plant.hmi1, plant.plc1b, Plant.MODBUS_PORT, "modbus",
                "hmi-1's 1 s FC 3 polling cycle of plc-1b unit 1 stretches to 1.6 s for 5 minutes");
        plant.hmi1Plc1bPoller.timing().stretch(1.6, start, end, label);
        label.cover(start);
        label.cover(end);
    }

    private void silentChannel(long start) {
        long end = start + 240 * SECOND;
        Label label = label(ScenarioKind.SILENT_CHANNEL, plant.scada3, plant.rtu3b, Plant.DNP3_PORT, "dnp3",
                "the SCADA master stops polling rtu-3b for 4 minutes (no frames on the channel), then resumes");
        plant.rtu3bMaster.timing().silence(start, end);
        label.cover(start);
        label.cover(end);
    }

    private void requestFlood(long start, SplittableRandom random) {
        long end = start + 20 * SECOND;
        Label label = label(ScenarioKind.REQUEST_FLOOD, plant.hmi2, plant.meter2, Plant.MODBUS_PORT, "modbus",
                "a new connection from hmi-2 floods the energy meter with FC 3 reads, about 100 per second for 20 s");
        TcpConnection connection = Plant.connection(simulation, random, plant.hmi2, plant.meter2, Plant.MODBUS_PORT,
                2048);
        int[] transaction = {1};
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                if (step == 0) {
                    return connection.open(now, label) + MS;
                }
                if (now < end) {
                    byte[] request = ModbusCodec.readRequest(transaction[0]++, 1, ModbusCodec.READ_HOLDING_REGISTERS,
                            3000, 12);
                    long serverDelay = 2 * MS + random.nextLong(3 * MS);
                    long next = now + 9 * MS + random.nextLong(3 * MS);
                    byte[] response = plant.meterDevice.respond(request, now + serverDelay, random);
                    long responseTime = connection.exchange(now, request, response, serverDelay, 150 * MS, next, false,
                            random, label, label);
                    return Math.max(next, responseTime + 200_000L);
                }
                connection.close(now, true, label);
                return RETIRED;
            }
        }, start);
    }

    /**
     * A man in the middle of the SCADA master's live connection to rtu-3a replays the master's
     * last recorded requests (confirms left out) byte for byte: the same addresses and ports,
     * application and transport sequence numbers already used. The outstation answers each.
     */
    private void sequenceReplay(long start, SplittableRandom random) {
        Dnp3Channel channel = plant.scadaToRtu3a;
        Host outstation = channel.outstation.host;
        Label label = label(ScenarioKind.SEQUENCE_REPLAY, channel.connection.client, outstation, Plant.DNP3_PORT,
                "dnp3", "a man in the middle replays the SCADA master's last recorded requests to " + outstation.name()
                        + " on the live connection, application and transport sequence numbers as recorded");
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                java.util.List<byte[]> requests = channel.recordedRequests();
                if (step >= Math.min(3, requests.size())) {
                    return RETIRED;
                }
                byte[] replayed = requests.get(requests.size() - Math.min(3, requests.size()) + step);
                // the outstation answers the request it believes: a null response with its sequence
                Dnp3Codec.Fragment response = new Dnp3Codec.Fragment().response(replayed[11] & 0x0F, false, 0);
                long answered = channel.connection.exchange(now, replayed, channel.fromOutstation(response),
                        20 * MS + random.nextLong(30 * MS), 200 * MS, Long.MAX_VALUE, false, random, label, label);
                return answered + 150 * MS + random.nextLong(300 * MS);
            }
        }, start);
    }

    /**
     * A man in the middle of hmi-1's live connection to plc-1a injects setpoint writes (values in
     * the learned range) between hmi-1's own requests, numbering them with a transaction counter of
     * its own: two senders interleave on one counter.
     */
    private void sequenceInjection(long start, SplittableRandom random) {
        ModbusLink link = plant.hmi1ToPlc1a;
        Label label = label(ScenarioKind.SEQUENCE_INJECTION, plant.hmi1, plant.plc1a, Plant.MODBUS_PORT, "modbus",
                "a man in the middle injects 4 setpoint writes (FC 6, values in range) into hmi-1's live connection "
                        + "to plc-1a, every 3 s between hmi-1's polls, with transaction ids of its own");
        int[] transaction = {0x4000 + random.nextInt(0x3000)};
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                if (step >= 4) {
                    return RETIRED;
                }
                byte[] request = ModbusCodec.writeSingleRegister(transaction[0]++, 1, Plant.SETPOINT_REGISTER,
                        plant.hmi1Operator.setpoint());
                modbus(link.connection, link.device, request, now, label, random);
                return now + 3 * SECOND + random.nextLong(500 * MS);
            }
        }, start);
    }

    /** A unit-id sweep then a function-code sweep against plc-1b, from the engineering workstation. */
    private void scan(long start, SplittableRandom random) {
        Label label = label(ScenarioKind.SCAN, plant.ews, plant.plc1b, Plant.MODBUS_PORT, "modbus",
                "the engineering workstation sweeps Modbus unit ids 1-32 then function codes on plc-1b");
        TcpConnection connection = Plant.connection(simulation, random, plant.ews, plant.plc1b, Plant.MODBUS_PORT,
                4096);
        int[] functions = {1, 2, 3, 4, 7, 8, 11, 12, 17, 20, 24, 43};
        int units = 32;
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                if (step == 0) {
                    return connection.open(now, label) + MS;
                }
                int probe = step - 1;
                byte[] request;
                if (probe < units) {
                    request = ModbusCodec.readRequest(probe + 1, probe + 1, ModbusCodec.READ_HOLDING_REGISTERS, 0, 1);
                } else if (probe < units + functions.length) {
                    request = scanRequest(probe + 1, functions[probe - units]);
                } else {
                    connection.close(now, true, label);
                    return RETIRED;
                }
                return modbus(connection, plant.plc1bDevice, request, now, label, random) + 40 * MS
                        + random.nextLong(80 * MS);
            }
        }, start);
    }

    /** A minimal well-formed request for each function code a scanner tries (Modbus 6.x). */
    private static byte[] scanRequest(int transaction, int function) {
        return switch (function) {
            case 1, 2, 3, 4 -> ModbusCodec.readRequest(transaction, 1, function, 0, 1);
            case 8 -> raw(transaction, function, 0, 0, 0x12, 0x34); // diagnostics: return query data
            case 20 -> raw(transaction, function, 7, 6, 0, 1, 0, 0, 0, 1); // read file record: one sub-request
            case 24 -> raw(transaction, function, 0x04, 0x00); // read FIFO queue at 0x0400
            case 43 -> ModbusCodec.readDeviceIdentification(transaction, 1);
            default -> raw(transaction, function); // 7, 11, 12, 17: no request data
        };
    }

    private static byte[] raw(int transaction, int function, int... data) {
        byte[] adu = new byte[8 + data.length];
        Wire.put16(adu, 0, transaction);
        Wire.put16(adu, 4, 2 + data.length);
        adu[6] = 1;
        adu[7] = (byte) function;
        for (int i = 0; i < data.length; i++) {
            adu[8 + i] = (byte) data[i];
        }
        return adu;
    }

    /** The SCADA's connection to rtu-5 carries a set-point command (C_SE_NC_1, select-free execute), confirmed. */
    private void iec104Setpoint(long start, SplittableRandom random) {
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
    private void cipStop(long start, SplittableRandom random) {
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
