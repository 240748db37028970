package otb.cli.report;

import java.util.List;
import otb.baseline.Severity;
import otb.dissect.OperationClass;

/** Colours of the report: one per protocol, per severity, and the mark of changing operations. */
final class Palette {
    /** Non-industrial IP traffic. */
    static final String OTHER_TRAFFIC = "#94a3b8";
    /** Remote-access services (SSH, RDP, VNC, ...) inside a cell. */
    static final String REMOTE_ACCESS = "#b45309";
    /** Edges and cells where writes, control or program changes happen. */
    static final String CHANGE = "#dc2626";

    /** Protocols in legend order, with their colours. */
    static final List<String[]> PROTOCOLS = List.of(
            new String[] {"modbus", "#2563eb", "Modbus/TCP"},
            new String[] {"dnp3", "#059669", "DNP3"},
            new String[] {"s7comm", "#d97706", "S7comm"},
            new String[] {"s7comm-plus", "#7c3aed", "S7comm-plus"});

    private Palette() {
    }

    static String protocol(String wireName) {
        for (String[] protocol : PROTOCOLS) {
            if (protocol[0].equals(wireName)) {
                return protocol[1];
            }
        }
        return OTHER_TRAFFIC;
    }

    static String protocolLabel(String wireName) {
        for (String[] protocol : PROTOCOLS) {
            if (protocol[0].equals(wireName)) {
                return protocol[2];
            }
        }
        return wireName;
    }

    static String severity(Severity severity) {
        return switch (severity) {
            case INFO -> "#64748b";
            case LOW -> "#0ea5e9";
            case MEDIUM -> "#f59e0b";
            case HIGH -> "#ea580c";
            case CRITICAL -> "#b91c1c";
        };
    }

    /** True for operations that change the process or the device: writes, control, program. */
    static boolean isChange(OperationClass operation) {
        return operation == OperationClass.WRITE || operation == OperationClass.CONTROL
                || operation == OperationClass.PROGRAM;
    }
}
