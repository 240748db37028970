package otb.sim;

import java.util.Locale;

/**
 * The attack and fault scenarios the simulator can inject, each with its stable kind name (as
 * written in labels and accepted by {@code --scenario}), the alert kind a detector is expected
 * to raise, and its default start as a fraction of the capture's duration. {@code all} injects
 * the demo's scenarios; those added after the demo was fixed (the sequence attacks) are injected
 * only when named, so the demo captures stay what they are.
 */
public enum ScenarioKind {
    NEW_DEVICE("NEW_ASSET", 0.05),
    NEW_CONVERSATION("NEW_CONVERSATION", 0.10),
    CROSS_CELL_CONVERSATION("CROSS_CELL_CONVERSATION", 0.15),
    NEW_FUNCTION_CODE("NEW_FUNCTION_CODE", 0.20),
    NEW_WRITER("NEW_WRITER", 0.25),
    SETPOINT_OUT_OF_RANGE("WRITE_OUTSIDE_LEARNED_RANGE", 0.30),
    PLC_STOP("PROGRAM_OR_STOP", 0.35),
    PROGRAM_DOWNLOAD("PROGRAM_OR_STOP", 0.38),
    CPU_START("PROGRAM_OR_STOP", 0.41),
    DNP3_COLD_RESTART("PROGRAM_OR_STOP", 0.45),
    DNP3_DISABLE_UNSOLICITED("NEW_FUNCTION_CODE", 0.50),
    REPLAYED_COMMAND("REPLAYED_COMMAND", 0.55),
    REPLAYED_VALUES("REPLAYED_VALUES", 0.58),
    FROZEN_VALUE("FROZEN_VALUE", 0.62),
    POLLING_DRIFT("CYCLE_DEVIATION", 0.66),
    SILENT_CHANNEL("CHANNEL_SILENT", 0.70),
    REQUEST_FLOOD("FLOOD", 0.82),
    SCAN("SCAN", 0.88),
    /** A man in the middle replays recorded DNP3 requests, sequence numbers and all, into the live connection. */
    SEQUENCE_REPLAY("SEQUENCE_ANOMALY", 0.74, false),
    /** A man in the middle injects Modbus writes with its own transaction ids between a live HMI's requests. */
    SEQUENCE_INJECTION("SEQUENCE_ANOMALY", 0.77, false),
    /** The IEC 104 SCADA, which only sends single commands, sends rtu-5 a set-point command (C_SE_NC_1); adds the substation. */
    IEC104_SETPOINT("NEW_FUNCTION_CODE", 0.60, false),
    /** The engineering workstation sends the EtherNet/IP line's controller a CIP Stop; adds the line. */
    CIP_STOP("PROGRAM_OR_STOP", 0.64, false);

    private final String expectedAlert;
    private final double defaultStart;
    private final boolean inAll;

    ScenarioKind(String expectedAlert, double defaultStart) {
        this(expectedAlert, defaultStart, true);
    }

    ScenarioKind(String expectedAlert, double defaultStart, boolean inAll) {
        this.expectedAlert = expectedAlert;
        this.defaultStart = defaultStart;
        this.inAll = inAll;
    }

    /** True when the scenario needs the opt-in IEC 104 substation and EtherNet/IP line. */
    public boolean needsMoreProtocols() {
        return this == IEC104_SETPOINT || this == CIP_STOP;
    }

    /** True when {@code --scenario all} injects it (the demo's scenarios); the others only when named. */
    public boolean inAll() {
        return inAll;
    }

    /** The stable name: lower case with underscores ("plc_stop"). */
    public String kindName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The issue-7 alert kind a detector should raise for this scenario. */
    public String expectedAlert() {
        return expectedAlert;
    }

    /** Default start offset as a fraction of the capture duration, 0..1. */
    public double defaultStart() {
        return defaultStart;
    }

    /** The kind with this stable name, or null. */
    public static ScenarioKind byName(String name) {
        for (ScenarioKind kind : values()) {
            if (kind.kindName().equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
