package otb.cli.report;

import otb.baseline.alert.Severity;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;
import otb.dissect.Protocols;

/** Colours of the report: per protocol (from its descriptor), per severity, and the mark of changing operations. */
final class Palette {
    /** Non-industrial IP traffic. */
    static final String OTHER_TRAFFIC = "#94a3b8";
    /** Remote-access services (SSH, RDP, VNC, ...) inside a cell. */
    static final String REMOTE_ACCESS = "#b45309";
    /** Edges and cells where writes, control or program changes happen. */
    static final String CHANGE = "#dc2626";

    private Palette() {
    }

    /** The protocol's colour from its descriptor; other traffic's for a name no dissector gives. */
    static String protocol(String wireName) {
        return Protocols.named(wireName).map(Protocol::colour).orElse(OTHER_TRAFFIC);
    }

    static String protocolLabel(String wireName) {
        return Protocols.named(wireName).map(Protocol::label).orElse(wireName);
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
