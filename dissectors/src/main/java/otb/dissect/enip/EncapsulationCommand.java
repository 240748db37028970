package otb.dissect.enip;

import otb.dissect.OperationClass;

/**
 * Encapsulation commands (Vol 2 table 2-3.2). Only these are valid on the wire: a header with
 * another code is not EtherNet/IP, or a stream out of step.
 */
enum EncapsulationCommand {
    NOP(0x0000, "nop", OperationClass.LINK),
    LIST_SERVICES(0x0004, "list_services", OperationClass.DIAGNOSTIC),
    LIST_IDENTITY(0x0063, "list_identity", OperationClass.DIAGNOSTIC),
    LIST_INTERFACES(0x0064, "list_interfaces", OperationClass.DIAGNOSTIC),
    REGISTER_SESSION(0x0065, "register_session", OperationClass.MANAGEMENT),
    UNREGISTER_SESSION(0x0066, "unregister_session", OperationClass.MANAGEMENT),
    SEND_RR_DATA(0x006F, "send_rr_data", OperationClass.OTHER),
    SEND_UNIT_DATA(0x0070, "send_unit_data", OperationClass.OTHER),
    INDICATE_STATUS(0x0072, "indicate_status", OperationClass.DIAGNOSTIC),
    CANCEL(0x0073, "cancel", OperationClass.MANAGEMENT);

    final int code;
    final String wireName;
    final OperationClass operation;

    EncapsulationCommand(int code, String wireName, OperationClass operation) {
        this.code = code;
        this.wireName = wireName;
        this.operation = operation;
    }

    /** The command of that code, or null. */
    static EncapsulationCommand of(int code) {
        for (EncapsulationCommand command : values()) {
            if (command.code == code) {
                return command;
            }
        }
        return null;
    }

    /** True for the commands whose data is a common packet format carrying CIP. */
    boolean carriesCip() {
        return this == SEND_RR_DATA || this == SEND_UNIT_DATA;
    }

    /** Vol 2 table 2-3.3: encapsulation status codes, snake_case; null for success. */
    static String statusName(long status) {
        return switch ((int) status) {
            case 0x0000 -> null;
            case 0x0001 -> "invalid_or_unsupported_command";
            case 0x0002 -> "insufficient_memory";
            case 0x0003 -> "incorrect_data";
            case 0x0064 -> "invalid_session_handle";
            case 0x0065 -> "invalid_length";
            case 0x0069 -> "unsupported_protocol_revision";
            default -> "status_0x" + Long.toHexString(status);
        };
    }
}
