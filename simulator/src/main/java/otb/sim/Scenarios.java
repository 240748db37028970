package otb.sim;

import java.util.SplittableRandom;

/**
 * The injected scenarios, one class per protocol family. Each scenario creates its label,
 * registers the actors that produce its traffic (or changes the behaviour of a normal actor for a
 * while), and widens the label's time range to the period in which its effect is visible.
 */
final class Scenarios {
    private static final long SECOND = ScenarioFamily.SECOND;

    private final Plant plant;
    private final ModbusScenarios modbus;
    private final S7Scenarios s7;
    private final Dnp3Scenarios dnp3;
    private final MoreProtocolScenarios more;

    Scenarios(Plant plant, Simulation simulation) {
        this.plant = plant;
        this.modbus = new ModbusScenarios(plant, simulation);
        this.s7 = new S7Scenarios(plant, simulation);
        this.dnp3 = new Dnp3Scenarios(plant, simulation);
        this.more = new MoreProtocolScenarios(plant, simulation);
    }

    /** Registers scenario {@code kind} starting at {@code start}. */
    void inject(ScenarioKind kind, long start, SplittableRandom random) {
        switch (kind) {
            case NEW_DEVICE -> modbus.newDevice(start, random);
            case NEW_CONVERSATION -> modbus.readSession(kind, plant.hmi1b, plant.plc1b, plant.plc1bDevice,
                    ModbusCodec.READ_HOLDING_REGISTERS, 0, 20, 10, 2 * SECOND, start, random,
                    "read-only HMI hmi-1b starts polling plc-1b, which it never talked to");
            case CROSS_CELL_CONVERSATION -> modbus.readSession(kind, plant.hmi1, plant.meter2, plant.meterDevice,
                    ModbusCodec.READ_HOLDING_REGISTERS, 3000, 12, 8, 3 * SECOND, start, random,
                    "line 1 HMI hmi-1 polls the line 2 energy meter (cross-cell, VLAN 20)");
            case NEW_FUNCTION_CODE -> modbus.onLink(kind, plant.hmi1ToPlc1a, start, random,
                    "hmi-1 sends Read Device Identification (FC 43 / MEI 14) to plc-1a, a function it never used",
                    transaction -> ModbusCodec.readDeviceIdentification(transaction, 1));
            case NEW_WRITER -> modbus.onLink(kind, plant.hmi1bToPlc1a, start, random,
                    "read-only HMI hmi-1b writes the setpoint register 100 of plc-1a (FC 6, value in range)",
                    transaction -> ModbusCodec.writeSingleRegister(transaction, 1, Plant.SETPOINT_REGISTER,
                            plant.hmi1Operator.setpoint()));
            case SETPOINT_OUT_OF_RANGE -> modbus.setpointOutOfRange(start, random);
            case PLC_STOP -> s7.engineering(kind, start, random);
            case PROGRAM_DOWNLOAD -> s7.engineering(kind, start, random);
            case CPU_START -> s7.engineering(kind, start, random);
            case DNP3_COLD_RESTART -> dnp3.command(kind, plant.scadaToRtu3a, start, random);
            case DNP3_DISABLE_UNSOLICITED -> dnp3.command(kind, plant.scadaToRtu3b, start, random);
            case REPLAYED_COMMAND -> modbus.replayedCommand(start, random);
            case REPLAYED_VALUES -> modbus.replayedValues(start);
            case FROZEN_VALUE -> s7.frozenValue(start);
            case POLLING_DRIFT -> modbus.pollingDrift(start);
            case SILENT_CHANNEL -> dnp3.silentChannel(start);
            case REQUEST_FLOOD -> modbus.requestFlood(start, random);
            case SCAN -> modbus.scan(start, random);
            case SEQUENCE_REPLAY -> dnp3.sequenceReplay(start, random);
            case SEQUENCE_INJECTION -> modbus.sequenceInjection(start, random);
            case IEC104_SETPOINT -> more.iec104Setpoint(start, random);
            case CIP_STOP -> more.cipStop(start, random);
        }
    }
}
