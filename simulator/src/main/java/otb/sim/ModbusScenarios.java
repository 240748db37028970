package otb.sim;

import java.util.SplittableRandom;

/** The Modbus/TCP scenarios: new devices, conversations and functions, writes, replays, floods and scans. */
final class ModbusScenarios extends ScenarioFamily {
    /** Link-layer address of the new device: a Raspberry Pi (OUI B8:27:EB). */
    private static final long INTRUDER_MAC = 0xB8_27_EB_5A_01_99L;

    ModbusScenarios(Plant plant, Simulation simulation) {
        super(plant, simulation);
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

    void newDevice(long start, SplittableRandom random) {
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
    void readSession(ScenarioKind kind, Host client, Host server, ModbusDevice device, int function,
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
    void onLink(ScenarioKind kind, ModbusLink link, long start, SplittableRandom random, String text,
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

    void setpointOutOfRange(long start, SplittableRandom random) {
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

    void replayedCommand(long start, SplittableRandom random) {
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
    void replayedValues(long start) {
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

    void pollingDrift(long start) {
        long end = start + 300 * SECOND;
        Label label = label(ScenarioKind.POLLING_DRIFT, plant.hmi1, plant.plc1b, Plant.MODBUS_PORT, "modbus",
                "hmi-1's 1 s FC 3 polling cycle of plc-1b unit 1 stretches to 1.6 s for 5 minutes");
        plant.hmi1Plc1bPoller.timing().stretch(1.6, start, end, label);
        label.cover(start);
        label.cover(end);
    }

    void requestFlood(long start, SplittableRandom random) {
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
     * A man in the middle of hmi-1's live connection to plc-1a injects setpoint writes (values in
     * the learned range) between hmi-1's own requests, numbering them with a transaction counter of
     * its own: two senders interleave on one counter.
     */
    void sequenceInjection(long start, SplittableRandom random) {
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
    void scan(long start, SplittableRandom random) {
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
}
